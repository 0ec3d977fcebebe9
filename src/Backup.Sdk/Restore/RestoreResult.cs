namespace Backup.Sdk.Restore;

/// <summary>An entry that a restore refused or failed to restore, or whose verification failed.</summary>
/// <param name="Path">The entry's absolute path inside the snapshot (bytes that are not valid UTF-8 shown as <c>\xNN</c>).</param>
/// <param name="Reason">Why.</param>
public sealed record RestoreIssue(string Path, string Reason);

/// <summary>The outcome of a restore.</summary>
public sealed record RestoreResult
{
    /// <summary>Regular files written (hard links not counted).</summary>
    public long FilesRestored { get; init; }

    /// <summary>Regular files found already restored correctly by a resumed restore (<see cref="RestoreOptions.Resume"/>) and kept.</summary>
    public long FilesAlreadyRestored { get; init; }

    /// <summary>The bytes of those files.</summary>
    public long BytesAlreadyRestored { get; init; }

    /// <summary>Directories created or reused.</summary>
    public long DirectoriesRestored { get; init; }

    /// <summary>Symbolic links created.</summary>
    public long SymlinksRestored { get; init; }

    /// <summary>Hard links created to files restored earlier in the same run.</summary>
    public long HardLinksRestored { get; init; }

    /// <summary>Named pipes and device nodes created.</summary>
    public long SpecialFilesRestored { get; init; }

    /// <summary>Bytes of file content restored (ranges of zeros left as holes count too).</summary>
    public long BytesWritten { get; init; }

    /// <summary>Every entry refused (unsafe name, cycle, outside the target…) or that failed, with the reason.</summary>
    public IReadOnlyList<RestoreIssue> Skipped { get; init; } = [];

    /// <summary>The verification, or <see langword="null"/> when <see cref="RestoreOptions.Verify"/> was off.</summary>
    public RestoreVerification? Verified { get; init; }

    /// <summary>How long the restore (and the verification) took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How long planning and writing took, without the verification: the measured recovery time.</summary>
    public TimeSpan RestoreDuration { get; init; }
}

/// <summary>What re-reading the restored entries found.</summary>
public sealed record RestoreVerification
{
    /// <summary>Entries compared with the snapshot.</summary>
    public long EntriesChecked { get; init; }

    /// <summary>Files whose content was compared, byte for byte, with their blobs.</summary>
    public long FilesChecked { get; init; }

    /// <summary>Bytes of content compared.</summary>
    public long BytesChecked { get; init; }

    /// <summary>Every difference found (content, size, type, mode, owner, mtime, link target).</summary>
    public IReadOnlyList<RestoreIssue> Mismatches { get; init; } = [];

    /// <summary>Whether nothing differed.</summary>
    public bool Succeeded => Mismatches.Count == 0;
}

/// <summary>Progress of a restore, reported through <see cref="IProgress{T}"/> as files complete.</summary>
/// <param name="FilesDone">Files written so far.</param>
/// <param name="TotalFiles">Files to write.</param>
/// <param name="BytesDone">Bytes of content written so far.</param>
/// <param name="TotalBytes">Bytes of content to write.</param>
/// <param name="CurrentPath">The path inside the snapshot of the file just finished.</param>
public sealed record RestoreProgress(long FilesDone, long TotalFiles, long BytesDone, long TotalBytes, string CurrentPath);
