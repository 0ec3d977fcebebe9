using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Backups;

/// <summary>One entry of a snapshot read back through the repository API: its node and, for files, its content bytes.</summary>
internal sealed record StoredEntry(TreeNode Node, byte[]? Content);

/// <summary>Rebuilds a snapshot's files in memory (Snapshots.LoadAsync, Trees.LoadAsync, Blobs.ReadAsync), keyed by absolute path.</summary>
[SupportedOSPlatform("linux")]
internal static class SnapshotContents
{
    public static async Task<Dictionary<string, StoredEntry>> ReadAsync(BackupRepository repository, ContentId snapshotId)
    {
        var snapshot = await repository.Snapshots.LoadAsync(snapshotId);
        var entries = new Dictionary<string, StoredEntry>(StringComparer.Ordinal);
        await AddTreeAsync(repository, snapshot.Tree, "", entries);
        return entries;
    }

    public static async Task<Snapshot> LoadAsync(BackupRepository repository, ContentId snapshotId) => await repository.Snapshots.LoadAsync(snapshotId);

    /// <summary>The file's logical bytes: the content, or for a sparse file the data regions placed at their offsets.</summary>
    public static async Task<byte[]> ReadFileAsync(BackupRepository repository, TreeNode node)
    {
        using var stream = new MemoryStream();
        foreach (var id in node.Content ?? [])
        {
            stream.Write(await repository.Blobs.ReadAsync(BlobType.Data, id));
        }

        var stored = stream.ToArray();
        if (node.DataRegions is null)
        {
            return stored;
        }

        var logical = new byte[node.Size];
        var at = 0;
        foreach (var region in node.DataRegions)
        {
            stored.AsSpan(at, (int)region.Length).CopyTo(logical.AsSpan((int)region.Offset));
            at += (int)region.Length;
        }

        Assert.That(at, Is.EqualTo(stored.Length), "the content holds exactly the data regions");
        return logical;
    }

    private static async Task AddTreeAsync(BackupRepository repository, ContentId treeId, string path, Dictionary<string, StoredEntry> entries)
    {
        var tree = await repository.Trees.LoadAsync(treeId);
        byte[]? previousName = null;
        foreach (var node in tree.Nodes)
        {
            var raw = node.RawName;
            if (previousName is not null)
            {
                Assert.That(previousName.AsSpan().SequenceCompareTo(raw), Is.LessThan(0), "nodes are sorted by raw name");
            }

            previousName = raw;
            var childPath = path + "/" + UnixPath.ToDisplayString(raw);
            if (node.Type == NodeType.Directory)
            {
                entries[childPath] = new StoredEntry(node, null);
                await AddTreeAsync(repository, node.Subtree!.Value, childPath, entries);
            }
            else
            {
                entries[childPath] = new StoredEntry(node, node.Type == NodeType.File ? await ReadFileAsync(repository, node) : null);
            }
        }
    }
}
