using System.Reflection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Volumes.CopyOnWrite;
using Backup.Sdk.Volumes.RedirectOnWrite;

namespace Backup.Sdk.Volumes.Imaging;

/// <summary>
/// Block-level backup: stores a volume snapshot (or any block volume) as an image with one data blob per non-zero block,
/// all-zero blocks as holes, and writes one snapshot recording the geometry. An incremental run lists the blocks changed
/// since the parent image's volume snapshot from the provider's metadata, reads only those and takes every other block's
/// blob from the parent's content list.
/// </summary>
/// <remarks>Call <see cref="BlobStore.LoadIndexAsync"/> once after opening the repository, so that known blocks are deduplicated.</remarks>
public sealed partial class VolumeBackup
{
    private readonly BackupRepository _repository;

    /// <summary>Creates the command for a repository.</summary>
    /// <param name="repository">The opened repository.</param>
    public VolumeBackup(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Backs up snapshot <see cref="VolumeBackupOptions.SnapshotName"/> of <paramref name="volume"/>.</summary>
    /// <param name="volume">The opened volume.</param>
    /// <param name="options">What to back up; <see cref="VolumeBackupOptions.SnapshotName"/> is required.</param>
    /// <param name="cancellationToken">Stops the run; no snapshot is written.</param>
    /// <returns>The snapshot and its counters.</returns>
    /// <exception cref="VolumeSnapshotNotFoundException">The volume has no such snapshot.</exception>
    public async Task<VolumeBackupResult> RunAsync(ISnapshotProvider volume, VolumeBackupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var name = options.SnapshotName ?? throw new ArgumentException("A volume snapshot name is required.", nameof(options));
        var provider = volume switch { CopyOnWriteVolume => CopyOnWriteVolume.ProviderName, RedirectOnWriteVolume => RedirectOnWriteVolume.ProviderName, _ => null };
        await using var source = volume.OpenSnapshot(name);
        var parent = await VolumeParentSelector.SelectAsync(_repository, volume, options, cancellationToken).ConfigureAwait(false);
        return await BackUpAsync(source, options, provider, parent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Backs up a block volume as it reads now, in full (no changed-block tracking without snapshots).</summary>
    /// <param name="source">The volume; it should not change while it is read (back up a snapshot for that).</param>
    /// <param name="options">What to record; the level is always full.</param>
    /// <param name="cancellationToken">Stops the run; no snapshot is written.</param>
    /// <returns>The snapshot and its counters.</returns>
    public Task<VolumeBackupResult> RunAsync(IBlockVolume source, VolumeBackupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var parent = new VolumeParentSelector.Selection(BackupLevel.Full, null, null, null,
            options.Level is null or BackupLevel.Full ? null : "a volume without snapshots has no changed-block tracking");
        return BackUpAsync(source, options, null, parent, cancellationToken);
    }

    private async Task<VolumeBackupResult> BackUpAsync(IBlockVolume source, VolumeBackupOptions options, string? provider, VolumeParentSelector.Selection selection, CancellationToken cancellationToken)
    {
        var time = _repository.TimeProvider;
        var start = time.GetLocalNow();
        var geometry = source.Geometry;
        var blocks = selection.ParentBlocks ?? new ContentId[geometry.BlockCount];
        var counters = new Counters();
        if (selection.ChangedBlocks is { } changed)
        {
            await ReadBlocksAsync(source, blocks, Runs(changed), counters, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ReadBlocksAsync(source, blocks, [(0, geometry.BlockCount)], counters, cancellationToken).ConfigureAwait(false);
        }

        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.VolumePath));
        var (content, regions) = ImageBlockMap.ToContent(blocks, geometry.BlockSize);
        var node = new TreeNode
        {
            Name = Path.GetFileName(path),
            Type = NodeType.File,
            Mode = 0x8000 | 0x180, // a regular file, rw-------: an image may hold anything
            ModificationTimeNs = (start.ToUnixTimeMilliseconds() * 1_000_000),
            Size = geometry.Size,
            Content = content,
            DataRegions = regions,
        };
        var tree = await _repository.Trees.SaveAsync(new Tree { Nodes = [node] }, cancellationToken).ConfigureAwait(false);
        counters.Add(tree);
        await _repository.Blobs.FlushAsync(cancellationToken).ConfigureAwait(false);

        var isIncremental = selection.Parent is not null;
        var summary = new SnapshotSummary
        {
            BackupStart = start,
            BackupEnd = time.GetLocalNow(),
            FilesNew = isIncremental ? 0 : 1,
            FilesChanged = isIncremental && counters.BlocksRead > 0 ? 1 : 0,
            FilesUnmodified = isIncremental && counters.BlocksRead == 0 ? 1 : 0,
            DataAdded = counters.DataAdded,
            BlobsAdded = counters.BlobsAdded,
            TotalFilesProcessed = 1,
            TotalBytesProcessed = geometry.Size,
            BytesRead = counters.BlocksRead * geometry.BlockSize,
        };
        var snapshot = new Snapshot
        {
            Time = options.Time ?? start,
            Hostname = options.Hostname ?? Environment.MachineName,
            Username = Environment.UserName,
            Paths = [path],
            Tags = [.. options.Tags],
            Level = selection.Level,
            Parent = selection.Parent?.Id,
            Tree = tree.Id,
            Program = "Backup.Sdk " + (typeof(VolumeBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0"),
            Volume = new VolumeImageInfo { BlockSize = geometry.BlockSize, BlockCount = geometry.BlockCount, Snapshot = options.SnapshotName, Provider = provider },
            Summary = summary,
        };
        await _repository.Snapshots.SaveAsync(snapshot, cancellationToken).ConfigureAwait(false);
        long zero = 0;
        foreach (var id in blocks)
        {
            zero += id.IsEmpty ? 1 : 0;
        }

        return new VolumeBackupResult
        {
            Snapshot = snapshot,
            Summary = summary,
            RequestedLevel = options.Level,
            LevelFallbackReason = selection.FallbackReason,
            BlocksRead = counters.BlocksRead,
            BlocksFromParent = geometry.BlockCount - counters.BlocksRead,
            ZeroBlocks = zero,
        };
    }

    /// <summary>Consecutive changed blocks as (first, count) runs.</summary>
    private static List<(long First, long Count)> Runs(IReadOnlyList<long> changed)
    {
        var runs = new List<(long, long)>();
        for (var i = 0; i < changed.Count;)
        {
            var first = changed[i];
            var count = 1L;
            while (i + count < changed.Count && changed[(int)(i + count)] == first + count)
            {
                count++;
            }

            runs.Add((first, count));
            i += (int)count;
        }

        return runs;
    }

    private sealed class Counters
    {
        private long _blocksRead;
        private long _dataAdded;
        private long _blobsAdded;

        public long BlocksRead => Interlocked.Read(ref _blocksRead);

        public long DataAdded => Interlocked.Read(ref _dataAdded);

        public long BlobsAdded => Interlocked.Read(ref _blobsAdded);

        public void AddRead(long blocks) => Interlocked.Add(ref _blocksRead, blocks);

        public void Add(BlobSaveResult saved)
        {
            if (saved.Added)
            {
                Interlocked.Add(ref _dataAdded, saved.StoredLength);
                Interlocked.Increment(ref _blobsAdded);
            }
        }
    }
}
