namespace Backup.Sdk.ChangeDetection;

/// <summary>
/// Treats every file as changed, so that every file is read and chunked again (data already stored is still deduplicated).
/// Unlike a full backup, the snapshot keeps its level and parent; use it to re-read everything while keeping the chain.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AlwaysChangedDetector : IChangeDetector
{
    /// <summary>A shared instance (the detector is stateless).</summary>
    public static AlwaysChangedDetector Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(FileChangeDecision.Read);
    }
}
