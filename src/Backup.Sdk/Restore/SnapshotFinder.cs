using System.Runtime.CompilerServices;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Restore;

/// <summary>One entry of a snapshot whose path matched a <see cref="SnapshotFinder"/> pattern.</summary>
/// <param name="SnapshotId">The snapshot holding it.</param>
/// <param name="SnapshotTime">When that snapshot was taken.</param>
/// <param name="Path">The entry's absolute path inside the snapshot (bytes that are not valid UTF-8 as <c>\xNN</c>).</param>
/// <param name="Type">The entry's type.</param>
/// <param name="Size">Its logical size (files; 0 otherwise).</param>
/// <param name="ModificationTime">Its modification time.</param>
public sealed record SnapshotMatch(ContentId SnapshotId, DateTimeOffset SnapshotTime, string Path, NodeType Type, long Size, DateTimeOffset ModificationTime);

/// <summary>
/// Finds which snapshots hold a path matching a glob pattern (docs/guides/filters.md): a pattern without <c>/</c> matches
/// an entry's name at any depth (<c>*.pdf</c>), one with <c>/</c> the whole absolute path (<c>/data/**/report.*</c>).
/// Trees shared by several snapshots are read and matched once.
/// </summary>
public sealed class SnapshotFinder
{
    private const int MaxDepth = 1024;
    private readonly BackupRepository _repository;

    /// <summary>Creates a finder over an opened repository (its index loaded).</summary>
    /// <param name="repository">The repository.</param>
    public SnapshotFinder(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Yields every entry of <paramref name="snapshots"/> whose path matches <paramref name="pattern"/>, snapshot by snapshot, in tree order.</summary>
    /// <param name="snapshots">The snapshots to search.</param>
    /// <param name="pattern">The glob pattern.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The matches.</returns>
    /// <exception cref="ArgumentException">The pattern is invalid.</exception>
    public IAsyncEnumerable<SnapshotMatch> FindAsync(IEnumerable<Snapshot> snapshots, string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var glob = GlobPattern.Parse(pattern);
        return FindCoreAsync(snapshots, glob, cancellationToken);
    }

    private async IAsyncEnumerable<SnapshotMatch> FindCoreAsync(IEnumerable<Snapshot> snapshots, GlobPattern glob, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Per search (the matches depend on the pattern): a tree at the same place in several snapshots is matched once.
        var memo = new Dictionary<(ContentId Tree, string Path), List<(string Path, TreeNode Node)>>();
        foreach (var snapshot in snapshots)
        {
            var matches = await MatchTreeAsync(memo, snapshot.Tree, "/"u8.ToArray(), glob, 0, cancellationToken).ConfigureAwait(false);
            foreach (var (path, node) in matches)
            {
                yield return new SnapshotMatch(
                    snapshot.Id,
                    snapshot.Time,
                    path,
                    node.Type,
                    node.Type == NodeType.File ? node.Size : 0,
                    DateTimeOffset.UnixEpoch.AddTicks(node.ModificationTimeNs / 100));
            }
        }
    }

    private async Task<List<(string Path, TreeNode Node)>> MatchTreeAsync(Dictionary<(ContentId Tree, string Path), List<(string Path, TreeNode Node)>> memo, ContentId treeId, byte[] directory, GlobPattern glob, int depth, CancellationToken cancellationToken)
    {
        var key = (treeId, Convert.ToBase64String(directory));
        if (memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = new List<(string, TreeNode)>();
        var tree = await _repository.Trees.LoadAsync(treeId, cancellationToken).ConfigureAwait(false);
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = node.RawName;
            if (!UnixPath.IsSingleComponent(name))
            {
                continue; // never a path a restore would produce
            }

            var path = UnixPath.Join(directory, name);
            var isDirectory = node.Type == NodeType.Directory;
            if (glob.IsMatch(path, isDirectory))
            {
                result.Add((UnixPath.ToDisplayString(path), node));
            }

            if (isDirectory && node.Subtree is { } subtree && subtree != treeId && depth < MaxDepth)
            {
                result.AddRange(await MatchTreeAsync(memo, subtree, path, glob, depth + 1, cancellationToken).ConfigureAwait(false));
            }
        }

        memo[key] = result;
        return result;
    }
}
