using System.CommandLine;

namespace Backup.Cli;

/// <summary>What the command tree is built over: the global options and the environment of this run.</summary>
internal sealed class CliHost
{
    public CliHost(CliEnvironment environment)
    {
        Environment = environment;
    }

    public GlobalOptions Options { get; } = new();

    public CliEnvironment Environment { get; }

    /// <summary>Resolves the global options of a parsed command line.</summary>
    public CliContext CreateContext(ParseResult parseResult) => CliContext.Create(parseResult, Options, Environment);
}
