namespace Backup.Cli;

/// <summary>The environment variables the CLI reads. Documented in <c>backup --help</c>; keep the names stable.</summary>
internal static class EnvironmentVariables
{
    /// <summary>The repository location, used when <c>--repo</c> is not given.</summary>
    public const string Repository = "BACKUP_REPOSITORY";

    /// <summary>The repository password itself; wins over any password file.</summary>
    public const string Password = "BACKUP_PASSWORD";

    /// <summary>A file whose first line is the password, used when <c>--password-file</c> is not given.</summary>
    public const string PasswordFile = "BACKUP_PASSWORD_FILE";

    /// <summary>
    /// For tests and benchmarks only: <c>&lt;memoryKiB&gt;:&lt;iterations&gt;</c>, the Argon2id cost of keys made by <c>init</c>,
    /// <c>key add</c> and <c>key passwd</c> instead of the calibrated one (about half a second). Cheap values make weak keys.
    /// </summary>
    public const string KdfParameters = "BACKUP_KDF_PARAMS";

    /// <summary>
    /// Lock timings in seconds, <c>&lt;refresh&gt;:&lt;abortAfter&gt;:&lt;stale&gt;[:&lt;wait&gt;]</c> (default <c>60:120:300:0</c>): how
    /// often a lock is refreshed, after how long without a refresh its holder gives up, after how long unchanged an observer
    /// takes it as stale, and how long an acquirer waits for a live conflicting lock. Short values are for tests.
    /// </summary>
    public const string LockTimings = "BACKUP_LOCK_TIMINGS";

    /// <summary>How many uploads and how many downloads run at once against the repository storage (default 8 and 16).</summary>
    public const string StorageConnections = "BACKUP_STORAGE_CONNECTIONS";

    /// <summary>When set (to anything), the tool keeps no multi-core JIT profile (see <see cref="StartupProfile"/>).</summary>
    public const string NoStartupProfile = "BACKUP_NO_STARTUP_PROFILE";
}
