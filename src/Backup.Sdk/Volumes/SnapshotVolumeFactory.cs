using Backup.Sdk.Volumes.CopyOnWrite;
using Backup.Sdk.Volumes.RedirectOnWrite;

namespace Backup.Sdk.Volumes;

/// <summary>Which snapshot technique a volume uses.</summary>
public enum SnapshotProviderKind
{
    /// <summary><see cref="CopyOnWriteVolume"/>: data in place, originals copied aside on the first write after a snapshot.</summary>
    CopyOnWrite = 0,

    /// <summary><see cref="RedirectOnWriteVolume"/>: data in slots behind a block map, writes after a snapshot go to new slots.</summary>
    RedirectOnWrite = 1,
}

/// <summary>Creates and opens volume directories with snapshots, whichever provider they use.</summary>
public interface ISnapshotVolumeFactory
{
    /// <summary>Creates a volume directory and opens it.</summary>
    /// <param name="path">A directory that does not exist or is empty.</param>
    /// <param name="geometry">The block size and count.</param>
    /// <param name="kind">The snapshot provider.</param>
    /// <returns>The opened volume.</returns>
    ISnapshotProvider Create(string path, VolumeGeometry geometry, SnapshotProviderKind kind);

    /// <summary>Opens a volume directory with the provider recorded in it.</summary>
    /// <param name="path">The volume directory.</param>
    /// <returns>The opened volume.</returns>
    /// <exception cref="VolumeFormatException">The path is not a volume.</exception>
    /// <exception cref="VolumeInUseException">Another open (in this process or another) holds the volume until it is disposed.</exception>
    ISnapshotProvider Open(string path);
}

/// <summary>The default <see cref="ISnapshotVolumeFactory"/>.</summary>
/// <param name="timeProvider">The clock for snapshot times; <see cref="TimeProvider.System"/> by default.</param>
public sealed class SnapshotVolumeFactory(TimeProvider? timeProvider = null) : ISnapshotVolumeFactory
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public ISnapshotProvider Create(string path, VolumeGeometry geometry, SnapshotProviderKind kind) => kind switch
    {
        SnapshotProviderKind.CopyOnWrite => CopyOnWriteVolume.Create(path, geometry, _time),
        SnapshotProviderKind.RedirectOnWrite => RedirectOnWriteVolume.Create(path, geometry, _time),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown snapshot provider."),
    };

    /// <inheritdoc/>
    public ISnapshotProvider Open(string path) => VolumeDirectory.ReadProvider(path) switch
    {
        CopyOnWriteVolume.ProviderName => CopyOnWriteVolume.Open(path, _time),
        RedirectOnWriteVolume.ProviderName => RedirectOnWriteVolume.Open(path, _time),
        var other => throw new VolumeFormatException(path, $"unknown snapshot provider '{other}'"),
    };
}
