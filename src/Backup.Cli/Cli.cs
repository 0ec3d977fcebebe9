using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO.Abstractions;
using Backup.Cli.Commands;

namespace Backup.Cli;

/// <summary>The CLI as a function: arguments and an environment in, an exit code out. <see cref="Program"/> is a thin shell around it.</summary>
internal static class Cli
{
    /// <summary>Runs one command line with the real file system and terminal.</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IDictionary<string, string?> environment,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var variables = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
        return RunAsync(args, new CliEnvironment(stdout, stderr, variables, new FileSystem(), new ConsolePasswordPrompt()), cancellationToken);
    }

    /// <summary>Runs one command line in <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = new CliHost(environment);
        var root = BackupRootCommand.Create(host);
        var parseResult = root.Parse(args);

        // No action: no verb was given. A parse error action: an unknown verb or a bad option. (An option with its own action,
        // like --version or --help, runs even when the rest of the line has errors, as the library decides.)
        if (parseResult.Action is null or ParseErrorAction)
        {
            return WriteUsage(root, parseResult, environment.Error);
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // Exceptions go to FailureReporter, which maps them to exit codes and hides stack traces.
            EnableDefaultExceptionHandler = false,
            // Program owns signal handling and passes it in as the token, so that in-process runs install no handlers.
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // This is the top of the program: every failure becomes an exit code and a message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return FailureReporter.Report(ex, environment.Error, parseResult.GetValue(host.Options.Verbose), parseResult.GetValue(host.Options.Json));
        }
    }

    /// <summary>An unknown verb, a bad option or no verb at all: the errors and the usage on stderr, exit code 2.</summary>
    private static int WriteUsage(Command root, ParseResult parseResult, TextWriter stderr)
    {
        var toStderr = new InvocationConfiguration { Output = stderr, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parseResult.Action is ParseErrorAction)
        {
            // The parse error action prints each error, typo suggestions and the help of the command in error.
            parseResult.Invoke(toStderr);
        }
        else
        {
            root.Parse(["--help"]).Invoke(toStderr);
        }

        return ExitCodes.UsageError;
    }
}
