namespace Backup.Sdk.Volumes;

/// <summary>A snapshot of a volume.</summary>
/// <param name="Name">Its name, unique in the volume.</param>
/// <param name="Sequence">Its position: later snapshots have larger numbers (never reused).</param>
/// <param name="Created">When it was taken.</param>
/// <param name="BlocksHeld">Blocks stored for this snapshot alone: preserved originals (copy-on-write) or blocks the live volume no longer shares (redirect-on-write).</param>
public sealed record VolumeSnapshotInfo(string Name, long Sequence, DateTimeOffset Created, long BlocksHeld);
