using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Copies;

/// <summary>
/// The default <see cref="ISnapshotCopier"/> (docs/guides/copy-and-3-2-1.md). Holds a shared lock on both repositories;
/// for each snapshot it stores the blobs first, flushes packs and index, and writes the snapshot last (with an
/// <c>original</c> record naming the source snapshot and repository), so a cancelled or failed copy leaves the destination
/// consistent: at worst unreferenced packs that prune removes.
/// </summary>
public sealed class SnapshotCopier : ISnapshotCopier
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">Source and destination are the same repository.</exception>
    /// <exception cref="ObjectNotFoundException">A requested snapshot does not exist in the source.</exception>
    /// <exception cref="RepositoryLockedException">A prune holds one of the repositories.</exception>
    /// <exception cref="RepositoryLockLostException">A lock could not be kept; the snapshot in progress was not written.</exception>
    public async Task<SnapshotCopyResult> CopyAsync(BackupRepository source, BackupRepository destination, IReadOnlyList<ContentId>? snapshots = null, IProgress<SnapshotCopyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (string.Equals(source.Config.RepositoryId, destination.Config.RepositoryId, StringComparison.Ordinal))
        {
            throw new ArgumentException("Source and destination are the same repository.", nameof(destination));
        }

        // Shared locks keep a prune in either repository from deleting what is being read or referred to.
        var sourceLock = await source.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
        await using (sourceLock.ConfigureAwait(false))
        {
            var destinationLock = await destination.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
            await using (destinationLock.ConfigureAwait(false))
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, sourceLock.LostToken, destinationLock.LostToken);
                try
                {
                    await source.Blobs.RefreshIndexAsync(linked.Token).ConfigureAwait(false);
                    await destination.Blobs.RefreshIndexAsync(linked.Token).ConfigureAwait(false);
                    return await CopyLockedAsync(source, destination, snapshots, progress, destinationLock, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (sourceLock.IsLost || destinationLock.IsLost))
                {
                    throw sourceLock.IsLost ? sourceLock.CreateLostException() : destinationLock.CreateLostException();
                }
            }
        }
    }

    /// <summary>The origin a copy of <paramref name="snapshot"/> records: its own <c>original</c> if it is a copy itself.</summary>
    public static SnapshotOrigin OriginOf(Snapshot snapshot, string repositoryId)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Original ?? new SnapshotOrigin { Snapshot = snapshot.Id, Repository = repositoryId };
    }

    private static async Task<SnapshotCopyResult> CopyLockedAsync(BackupRepository source, BackupRepository destination, IReadOnlyList<ContentId>? wanted, IProgress<SnapshotCopyProgress>? progress, RepositoryLock destinationLock, CancellationToken cancellationToken)
    {
        var sourceId = source.Config.RepositoryId;
        var all = await source.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var selected = Select(all, wanted);
        var existing = await destination.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var copies = new CopyRegistry(destination.Config.RepositoryId, existing);

        var toCopy = new List<Snapshot>();
        var skipped = new List<CopiedSnapshot>();
        foreach (var snapshot in selected)
        {
            if (copies.Find(OriginOf(snapshot, sourceId)) is { } copy)
            {
                skipped.Add(new CopiedSnapshot(snapshot.Id, copy.Id));
            }
            else
            {
                toCopy.Add(snapshot);
            }
        }

        var sourceByOrigin = new Dictionary<(ContentId, string), Snapshot>();
        foreach (var snapshot in all)
        {
            var origin = OriginOf(snapshot, sourceId);
            sourceByOrigin.TryAdd((origin.Snapshot, origin.Repository), snapshot);
        }

        var copier = new TreeCopier(source, destination);
        var copied = new List<CopiedSnapshot>();
        void Report() => progress?.Report(copier.Counters(copied.Count, toCopy.Count));
        foreach (var snapshot in toCopy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hint = FindHint(snapshot, copies, sourceByOrigin);
            var tree = await copier.CopyTreeAsync(snapshot.Tree, hint, progress is null ? null : Report, cancellationToken).ConfigureAwait(false);

            // Nothing may refer to a blob before it is durable: packs and index first, the snapshot last.
            await destinationLock.EnsureHeldAsync(cancellationToken).ConfigureAwait(false);
            await destination.Blobs.FlushAsync(cancellationToken).ConfigureAwait(false);
            var parent = snapshot.Parent is { } p && all.FirstOrDefault(s => s.Id == p) is { } parentSnapshot ? copies.Find(OriginOf(parentSnapshot, sourceId))?.Id : null;
            var copy = Rewrite(snapshot, tree, parent, OriginOf(snapshot, sourceId));
            await destination.Snapshots.SaveAsync(copy, cancellationToken).ConfigureAwait(false);
            copies.Add(copy);
            copied.Add(new CopiedSnapshot(snapshot.Id, copy.Id));
            Report();
        }

        return new SnapshotCopyResult { Copied = copied, Skipped = skipped, Counters = copier.Counters(copied.Count, toCopy.Count) };
    }

    private static List<Snapshot> Select(IReadOnlyList<Snapshot> all, IReadOnlyList<ContentId>? wanted)
    {
        if (wanted is null)
        {
            return [.. all];
        }

        var set = new HashSet<ContentId>(wanted);
        var selected = all.Where(s => set.Contains(s.Id)).ToList();
        if (selected.Count != set.Count)
        {
            var missing = set.First(id => !selected.Exists(s => s.Id == id));
            throw new ObjectNotFoundException($"snapshots/{missing}");
        }

        return selected;
    }

    /// <summary>
    /// The destination's copy of an earlier snapshot of the same group (its parent if copied, else the newest copied one
    /// before it), paired with that snapshot's source tree, so that unchanged directories are not read again.
    /// </summary>
    private static CopyHint? FindHint(Snapshot snapshot, CopyRegistry copies, Dictionary<(ContentId, string), Snapshot> sourceByOrigin)
    {
        Snapshot? best = null;
        Snapshot? bestCopy = null;
        foreach (var copy in copies.All)
        {
            if (copy.Original is not { } origin || !sourceByOrigin.TryGetValue((origin.Snapshot, origin.Repository), out var before) || before.Id == snapshot.Id)
            {
                continue;
            }

            var isParent = snapshot.Parent == before.Id;
            var sameGroup = string.Equals(before.Hostname, snapshot.Hostname, StringComparison.Ordinal) && before.Paths.SequenceEqual(snapshot.Paths, StringComparer.Ordinal);
            if (isParent)
            {
                return new CopyHint(before.Tree, copy.Tree);
            }

            if (sameGroup && before.Time <= snapshot.Time && (best is null || before.Time > best.Time))
            {
                (best, bestCopy) = (before, copy);
            }
        }

        return best is not null && bestCopy is not null ? new CopyHint(best.Tree, bestCopy.Tree) : null;
    }

    private static Snapshot Rewrite(Snapshot snapshot, ContentId tree, ContentId? parent, SnapshotOrigin origin) => new()
    {
        Version = snapshot.Version,
        Time = snapshot.Time,
        Hostname = snapshot.Hostname,
        Username = snapshot.Username,
        Paths = snapshot.Paths,
        Tags = snapshot.Tags,
        Level = snapshot.Level,
        Parent = parent,
        Tree = tree,
        Excludes = snapshot.Excludes,
        Program = snapshot.Program,
        Volume = snapshot.Volume,
        Original = origin,
        Summary = snapshot.Summary,
    };
}
