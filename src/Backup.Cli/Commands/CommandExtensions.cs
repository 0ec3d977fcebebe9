using System.CommandLine;

namespace Backup.Cli.Commands;

/// <summary>How a verb binds its handler: it receives the resolved <see cref="CliContext"/>, returns an exit code and throws on failure.</summary>
internal static class CommandExtensions
{
    public static void SetCliAction(this Command command, CliHost host, Func<CliContext, ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(host);
        command.SetAction((parseResult, cancellationToken) => action(host.CreateContext(parseResult), parseResult, cancellationToken));
    }
}
