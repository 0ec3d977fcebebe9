using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Restore;

/// <summary>What a restore does when an entry to restore already exists in the target.</summary>
public enum RestoreOverwrite
{
    /// <summary>
    /// Replace an existing file, symbolic link or special file (it is unlinked, never written through, and the entry is
    /// created anew); reuse an existing directory. As restic does by default. An existing directory where a non-directory
    /// is to be restored is left alone and the entry reported as skipped.
    /// </summary>
    Always = 0,

    /// <summary>Leave every existing entry alone and report it as skipped; existing directories are still entered.</summary>
    Never = 1,
}

/// <summary>Options of a restore (<see cref="SnapshotRestorer"/>).</summary>
public sealed class RestoreOptions
{
    /// <summary>The directory to restore into; created (with its parents) if missing. The snapshot's root <c>/</c> maps to it.</summary>
    public string Target { get; set; } = "";

    /// <summary>
    /// Glob patterns (docs/guides/filters.md) selecting what to restore, matched against absolute paths inside the snapshot
    /// (<c>/data/x/file</c>). None restores everything.
    /// </summary>
    public IList<string> Includes { get; } = [];

    /// <summary>Glob patterns of paths not to restore; excludes win over includes.</summary>
    public IList<string> Excludes { get; } = [];

    /// <summary>
    /// The absolute path inside the snapshot to restore alone (default: <see langword="null"/>, everything). A directory's
    /// contents are restored into <see cref="Target"/> (so <c>/data/x</c> into <c>/r</c> gives <c>/r/file</c>); any other
    /// entry is restored as <see cref="Target"/> itself, under its last name (so a file can be restored to another name and
    /// place). Filters still match the paths inside the snapshot.
    /// </summary>
    public string? SourcePath { get; set; }

    /// <summary>
    /// Continue an interrupted restore: a regular file already in the target whose size and content match the snapshot is
    /// kept (its metadata set again) instead of written; content is checked by cutting the file with the repository's
    /// chunker and comparing every chunk's keyed id with the snapshot's content list, never assumed from size or time.
    /// Every other file is written as usual. Default <see langword="false"/>.
    /// </summary>
    public bool Resume { get; set; }

    /// <summary>Whether to re-read everything restored afterwards and compare it with the snapshot.</summary>
    public bool Verify { get; set; }

    /// <summary>What to do with entries that already exist in the target. Default <see cref="RestoreOverwrite.Always"/>.</summary>
    public RestoreOverwrite Overwrite { get; set; } = RestoreOverwrite.Always;

    /// <summary>How many files are written (and verified) at once. Default: the processor count, at least 2.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// The deepest directory nesting restored below the target (default 1024). Deeper subtrees are skipped and reported:
    /// each level holds one open directory descriptor during the restore.
    /// </summary>
    public int MaxDepth { get; set; } = 1024;

    /// <summary>
    /// The most entries one plan may hold (default 50,000,000). A repository whose trees expand to more (a forged tree that
    /// refers to the same subtree many times over grows exponentially) is refused with <see cref="RestorePlanLimitException"/>.
    /// </summary>
    public long MaxEntries { get; set; } = 50_000_000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The target is empty, a limit is not positive or a pattern is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Target))
        {
            throw new ArgumentException("A restore needs a target directory.", nameof(Target));
        }

        if (Target.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The target path must not contain NUL.", nameof(Target));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        if (!Enum.IsDefined(Overwrite))
        {
            throw new ArgumentOutOfRangeException(nameof(Overwrite), Overwrite, "Unknown overwrite policy.");
        }

        if (SourcePath is not null)
        {
            _ = SnapshotPathLookup.Split(SourcePath);
        }

        if (SampleFraction is <= 0 or > 1 || double.IsNaN(SampleFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleFraction), SampleFraction, "The sample must be more than 0 and at most 1.");
        }

        _ = CreateFilter();
    }

    /// <summary>
    /// The share of regular files restored (a restore drill's sample): each file is in or out by a hash of its path and
    /// <see cref="SampleSeed"/>, so a sample is reproducible. 1 (the default) restores every file.
    /// </summary>
    internal double SampleFraction { get; set; } = 1;

    /// <summary>Varies which files a sample takes.</summary>
    internal int SampleSeed { get; set; }

    /// <summary>The filter that the include and exclude patterns make.</summary>
    /// <exception cref="ArgumentException">A pattern is invalid; the message names it.</exception>
    public RestoreFilter CreateFilter() =>
        Includes.Count == 0 && Excludes.Count == 0
            ? RestoreFilter.All
            : new RestoreFilter(new IncludeFilter(Includes), new PathFilter(Excludes));
}
