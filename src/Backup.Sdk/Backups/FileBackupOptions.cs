using Backup.Sdk.Repository;

namespace Backup.Sdk.Backups;

/// <summary>What a <see cref="FileBackup"/> run backs up and how.</summary>
public sealed class FileBackupOptions
{
    /// <summary>The files and directories to back up. Relative paths are made absolute against the current directory; trailing slashes are dropped.</summary>
    public IList<string> Paths { get; init; } = [];

    /// <summary>Free-form tags stored with the snapshot.</summary>
    public IList<string> Tags { get; init; } = [];

    /// <summary>The host name stored with the snapshot and used to find the parent; <see langword="null"/> means the machine name.</summary>
    public string? Hostname { get; set; }

    /// <summary>The snapshot time; <see langword="null"/> means now, from the repository's <see cref="TimeProvider"/> (local offset).</summary>
    public DateTimeOffset? Time { get; set; }

    /// <summary>Exclude patterns (gitignore-like, see <see cref="Sources.Filtering.PathFilter"/>), matched against absolute paths.</summary>
    public IList<string> Excludes { get; init; } = [];

    /// <summary>Files of exclude patterns, one a line (blank lines and <c>#</c> comments skipped), applied after <see cref="Excludes"/>.</summary>
    public IList<string>? ExcludeFiles { get; init; }

    /// <summary>Whether to stay on the file system of each backed-up path: a directory on another device is stored empty.</summary>
    public bool OneFileSystem { get; set; }

    /// <summary>
    /// The level. <see langword="null"/>: incremental when a parent snapshot is found, else full. <see cref="BackupLevel.Full"/>
    /// reads every file and records no parent (data already stored is still deduplicated). <see cref="BackupLevel.Incremental"/>
    /// compares with the newest snapshot of the same host and path set, <see cref="BackupLevel.Differential"/> with the
    /// newest full one. Without such a snapshot the backup runs full and <see cref="FileBackupResult.LevelFallbackReason"/>
    /// says why.
    /// </summary>
    public BackupLevel? Level { get; set; }

    /// <summary>
    /// The snapshot to compare with, whatever its host, paths or level; <see langword="null"/> picks it by
    /// <see cref="Level"/>. Not allowed with <see cref="BackupLevel.Full"/>.
    /// </summary>
    public ContentId? Parent { get; set; }

    /// <summary>
    /// Files read at once (each by one worker, which chunks, hashes, compresses and seals). Default: the processor count, at
    /// least 2. Up to one less (at least one) subdirectories are also walked at once beside the main walk.
    /// </summary>
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Files waiting for a worker (each holds a file name and its metadata, no content). Default 64.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>How often progress is reported at most. Default 100 ms.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Paths is null || Paths.Count == 0)
        {
            throw new ArgumentException("Give at least one path to back up.", nameof(Paths));
        }

        foreach (var path in Paths)
        {
            if (string.IsNullOrEmpty(path) || path.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("A path is empty or holds a NUL character.", nameof(Paths));
            }
        }

        foreach (var tag in Tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                throw new ArgumentException("A tag is empty.", nameof(Tags));
            }
        }

        if (Hostname is not null && string.IsNullOrWhiteSpace(Hostname))
        {
            throw new ArgumentException("The host name is empty.", nameof(Hostname));
        }

        if (MaxConcurrency < 1 || MaxConcurrency > 256)
        {
            throw new ArgumentException($"MaxConcurrency must be 1 to 256, not {MaxConcurrency}.", nameof(MaxConcurrency));
        }

        if (QueueCapacity < 1 || QueueCapacity > 65536)
        {
            throw new ArgumentException($"QueueCapacity must be 1 to 65536, not {QueueCapacity}.", nameof(QueueCapacity));
        }

        if (ProgressInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("ProgressInterval must not be negative.", nameof(ProgressInterval));
        }

        if (Level is { } level && !Enum.IsDefined(level))
        {
            throw new ArgumentException($"Unknown level {level}.", nameof(Level));
        }

        if (Level == BackupLevel.Full && Parent is not null)
        {
            throw new ArgumentException("A full backup uses no parent; give a parent with an incremental or differential level.", nameof(Parent));
        }
    }
}
