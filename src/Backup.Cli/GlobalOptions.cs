using System.CommandLine;

namespace Backup.Cli;

/// <summary>
/// The options every verb accepts. They are recursive: <c>backup --repo r snapshots</c> and <c>backup snapshots --repo r</c>
/// mean the same. Verbs read them through <see cref="CliContext"/>, never directly, so that the environment fallbacks apply.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> Repository { get; } = new("--repo", "-r")
    {
        Description = $"Repository location (a directory path). Default: ${EnvironmentVariables.Repository}.",
        HelpName = "location",
        Recursive = true,
    };

    public Option<string?> PasswordFile { get; } = new("--password-file")
    {
        Description = $"Read the password from the first line of this file. Without it: ${EnvironmentVariables.Password}, "
            + $"else the file named by ${EnvironmentVariables.PasswordFile}, else the password is asked on the terminal.",
        HelpName = "file",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the result as one JSON document on stdout; messages and errors go to stderr.",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only errors and the result.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print more detail, including stack traces of unexpected errors.",
        Recursive = true,
    };

    public Option<string?> CacheDirectory { get; } = new("--cache-dir")
    {
        Description = "Keep the local cache of index, snapshot and tree objects under this directory (one subdirectory per "
            + "repository). Default for s3: and azure: repositories: $XDG_CACHE_HOME/backup-sdk, else ~/.cache/backup-sdk; "
            + "local repositories use no cache unless this is given.",
        HelpName = "dir",
        Recursive = true,
    };

    public Option<bool> NoCache { get; } = new("--no-cache")
    {
        Description = "Use no local cache: read every index, snapshot and tree object from the repository.",
        Recursive = true,
    };

    public Option<long?> LimitUpload { get; } = new("--limit-upload")
    {
        Description = "Limit the upload rate to the repository, in KiB/s.",
        HelpName = "KiB/s",
        Recursive = true,
    };

    public Option<long?> LimitDownload { get; } = new("--limit-download")
    {
        Description = "Limit the download rate from the repository, in KiB/s.",
        HelpName = "KiB/s",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Repository, PasswordFile, Json, Quiet, Verbose, CacheDirectory, NoCache, LimitUpload, LimitDownload];
}
