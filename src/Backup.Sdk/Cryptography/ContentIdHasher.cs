using System.Security.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Computes the keyed id of a blob (docs/format.md, "Content ids"): <c>HMAC-SHA256(K_data, plaintext)</c> for data and
/// <c>HMAC-SHA256(K_tree, plaintext)</c> for trees. Without the repository's keys an id reveals nothing about the content, and
/// a data blob and a tree blob never share an id.
/// </summary>
/// <remarks>Thread-safe: <see cref="Compute"/> keeps no state between calls.</remarks>
public sealed class ContentIdHasher : IDisposable
{
    private readonly byte[] _dataKey = GC.AllocateArray<byte>(RepositoryKeys.KeySize, pinned: true);
    private readonly byte[] _treeKey = GC.AllocateArray<byte>(RepositoryKeys.KeySize, pinned: true);
    private bool _disposed;

    /// <summary>Creates the hasher of the repository whose master secret is <paramref name="secret"/>.</summary>
    public ContentIdHasher(MasterSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        using var keys = new RepositoryKeys(secret);
        keys.DataIdKey.CopyTo(_dataKey);
        keys.TreeIdKey.CopyTo(_treeKey);
    }

    /// <summary>Creates the hasher from keys already derived; it keeps its own copy, so <paramref name="keys"/> may be disposed first.</summary>
    internal ContentIdHasher(RepositoryKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        keys.DataIdKey.CopyTo(_dataKey);
        keys.TreeIdKey.CopyTo(_treeKey);
    }

    /// <summary>Computes the id of a blob of type <paramref name="type"/> whose uncompressed content is <paramref name="plaintext"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined blob type.</exception>
    public ContentId Compute(BlobType type, ReadOnlySpan<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = type switch
        {
            BlobType.Data => _dataKey,
            BlobType.Tree => _treeKey,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown blob type."),
        };

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, plaintext, mac);
        return new ContentId(mac);
    }

    /// <summary>
    /// Starts an id computed over content that arrives in pieces: append every piece, then the hash (32 bytes) is the
    /// <see cref="ContentId"/> <see cref="Compute"/> gives for the whole. Dispose it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined blob type.</exception>
    internal IncrementalHash CreateIncremental(BlobType type)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = type switch
        {
            BlobType.Data => _dataKey,
            BlobType.Tree => _treeKey,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown blob type."),
        };
        return IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    }

    /// <summary>Zeroes the keys. Using the hasher afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_dataKey);
        CryptographicOperations.ZeroMemory(_treeKey);
        _disposed = true;
    }
}
