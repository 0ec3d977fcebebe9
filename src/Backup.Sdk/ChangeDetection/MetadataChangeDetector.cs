using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.ChangeDetection;

/// <summary>
/// The default detector: a file is read when it has no file node in the parent, or when its size, modification time,
/// status change time or inode differ from that node (restic's rule). It never reads the file.
/// </summary>
/// <remarks>
/// The change time (ctime) catches what an mtime reset hides (<c>touch -d</c> after a write): it cannot be set by a user.
/// A parent node without a content list (other than an empty file) is read again, so that a damaged parent never spreads.
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MetadataChangeDetector : IChangeDetector
{
    /// <summary>A shared instance (the detector is stateless).</summary>
    public static MetadataChangeDetector Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(IsUnchanged(context) ? FileChangeDecision.Reuse : FileChangeDecision.Read);
    }

    private static bool IsUnchanged(FileChangeContext context)
    {
        var previous = context.Previous;
        var current = context.Current;
        return previous is { Type: NodeType.File }
            && previous.Size == current.Size
            && previous.ModificationTimeNs == current.ModificationTimeNs
            && previous.ChangeTimeNs == current.ChangeTimeNs
            && previous.Inode == current.Inode
            && (previous.Content is not null || previous.Size == 0);
    }
}
