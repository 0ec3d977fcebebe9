using System.Text.Json;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Repository.Trees;

/// <summary>Saves and loads directory listings as tree blobs.</summary>
public sealed class TreeStore
{
    private readonly BlobStore _blobs;

    internal TreeStore(BlobStore blobs)
    {
        _blobs = blobs;
    }

    /// <summary>Serializes a tree, with its nodes in ordinal order of their raw names.</summary>
    public static byte[] Serialize(Tree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var sorted = new Tree { Nodes = [.. tree.Nodes.OrderBy(n => n.RawName, ByteArrayComparer.Instance)] };
        return JsonSerializer.SerializeToUtf8Bytes(sorted, RepositoryJsonContext.Default.Tree);
    }

    /// <summary>Parses a tree blob.</summary>
    /// <exception cref="CorruptObjectException">The blob is not a valid tree.</exception>
    public static Tree Deserialize(ReadOnlySpan<byte> json, ContentId id) =>
        JsonObjectReader.Read(json, RepositoryJsonContext.Default.Tree, $"tree blob {id}", "tree");

    /// <summary>Stores a tree (deduplicated like any blob).</summary>
    public Task<BlobSaveResult> SaveAsync(Tree tree, CancellationToken cancellationToken = default) =>
        _blobs.SaveAsync(BlobType.Tree, Serialize(tree), cancellationToken);

    /// <summary>Loads a tree.</summary>
    public async Task<Tree> LoadAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        var json = await _blobs.ReadAsync(BlobType.Tree, id, cancellationToken).ConfigureAwait(false);
        return Deserialize(json, id);
    }

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
