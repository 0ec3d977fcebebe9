namespace Backup.Sdk.ChangeDetection;

/// <summary>
/// Decides whether a file must be read, given what the file system reports now and the file's node in the parent snapshot.
/// One job: the backup engine reads the file when told <see cref="FileChangeDecision.Read"/> and otherwise takes the
/// content list from the parent's node. A detector may look at metadata only (<see cref="MetadataChangeDetector"/>) or read
/// the file through <see cref="FileChangeContext.OpenFile"/> (a checksum detector).
/// </summary>
/// <remarks>Implementations must be thread-safe: the engine asks for many files at once.</remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public interface IChangeDetector
{
    /// <summary>Decides whether the file must be read.</summary>
    /// <param name="context">The file: its path, its current info, its node in the parent snapshot (if any), and a way to open it.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>Whether to read the file or reuse the parent's content.</returns>
    ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default);
}

/// <summary>What the backup does with a file.</summary>
public enum FileChangeDecision
{
    /// <summary>The file is (or may be) changed, or new: read it.</summary>
    Read = 0,

    /// <summary>The file is unchanged: take its content from the parent snapshot's node, without reading it.</summary>
    Reuse = 1,
}
