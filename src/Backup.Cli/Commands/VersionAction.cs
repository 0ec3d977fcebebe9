using System.CommandLine;
using System.CommandLine.Invocation;

namespace Backup.Cli.Commands;

/// <summary>
/// Prints <see cref="CliVersion.Informational"/>. Replaces the built-in action, which reads the entry assembly: that is the
/// test host when the CLI runs in-process.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    private readonly TextWriter _output;

    public VersionAction(TextWriter output)
    {
        _output = output;
    }

    public override int Invoke(ParseResult parseResult)
    {
        _output.WriteLine(CliVersion.Informational);
        return ExitCodes.Success;
    }
}
