using System.Runtime.Versioning;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.ChangeDetection;

/// <summary>
/// Reads every file that has a file node in the parent and compares its XXH3-128 (<see cref="TreeNode.Checksum"/>) with the
/// parent's: the content decides, whatever the metadata says, so a change that keeps size and mtime is caught. Slower than
/// <see cref="MetadataChangeDetector"/>: every file is read once to hash it, and a changed file a second time to store it.
/// </summary>
/// <remarks>
/// A file without a parent node, a parent node without a checksum (written before checksums were stored) or of another
/// size is read without hashing first. The bytes this detector reads are not counted in the backup's <c>BytesRead</c>,
/// which counts what was read to be stored.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class ChecksumChangeDetector : IChangeDetector
{
    /// <summary>A shared instance (the detector is stateless).</summary>
    public static ChecksumChangeDetector Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="FileSystemEntryException">The file cannot be opened (the engine then reads it, and reports it if that fails too).</exception>
    public async ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var previous = context.Previous;
        if (previous is not { Type: NodeType.File, Checksum: { } stored }
            || previous.Size != context.Current.Size
            || (previous.Content is null && previous.Size != 0))
        {
            return FileChangeDecision.Read;
        }

        using var file = context.OpenFile();
        var current = await ContentChecksum.ComputeAsync(file, cancellationToken).ConfigureAwait(false);
        return string.Equals(current, stored, StringComparison.OrdinalIgnoreCase) ? FileChangeDecision.Reuse : FileChangeDecision.Read;
    }
}
