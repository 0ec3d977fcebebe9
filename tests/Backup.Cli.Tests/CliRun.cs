using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;

namespace Backup.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(string[] args, IDictionary<string, string?>? variables = null, IFileSystem? fileSystem = null, FakePasswordPrompt? prompt = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(
            stdout,
            stderr,
            new Dictionary<string, string?>(variables ?? new Dictionary<string, string?>()),
            fileSystem ?? new MockFileSystem(),
            prompt ?? new FakePasswordPrompt(isInteractive: false));
        var exitCode = await Cli.RunAsync(args, environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
