using System.Security.Cryptography;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The keys derived from a <see cref="MasterSecret"/> (docs/format.md, "Keys"): each is
/// <c>HKDF-SHA256(ikm = M, salt = empty, info = label)</c>, 32 bytes. Disposal zeroes them.
/// </summary>
internal sealed class RepositoryKeys : IDisposable
{
    /// <summary>The size of each derived key in bytes.</summary>
    public const int KeySize = 32;

    private readonly byte[] _encryption = GC.AllocateArray<byte>(KeySize, pinned: true);
    private readonly byte[] _dataId = GC.AllocateArray<byte>(KeySize, pinned: true);
    private readonly byte[] _treeId = GC.AllocateArray<byte>(KeySize, pinned: true);
    private readonly byte[] _chunker = GC.AllocateArray<byte>(KeySize, pinned: true);
    private bool _disposed;

    /// <summary>Derives the keys of the repository whose master secret is <paramref name="secret"/>.</summary>
    public RepositoryKeys(MasterSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var master = secret.Bytes;
        Derive(master, "backup-sdk/v1/encryption"u8, _encryption);
        Derive(master, "backup-sdk/v1/data-id"u8, _dataId);
        Derive(master, "backup-sdk/v1/tree-id"u8, _treeId);
        Derive(master, "backup-sdk/v1/chunker"u8, _chunker);
    }

    /// <summary><c>K_enc</c>: the root of every object key (<see cref="ObjectKey"/>).</summary>
    public ReadOnlySpan<byte> EncryptionKey => Get(_encryption);

    /// <summary><c>K_data</c>: keys the ids of data blobs.</summary>
    public ReadOnlySpan<byte> DataIdKey => Get(_dataId);

    /// <summary><c>K_tree</c>: keys the ids of tree blobs.</summary>
    public ReadOnlySpan<byte> TreeIdKey => Get(_treeId);

    /// <summary><c>K_chunk</c>: the input from which the content-defined chunker derives its gear table.</summary>
    public ReadOnlySpan<byte> ChunkerKey => Get(_chunker);

    /// <summary>Zeroes the keys. Using them afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_encryption);
        CryptographicOperations.ZeroMemory(_dataId);
        CryptographicOperations.ZeroMemory(_treeId);
        CryptographicOperations.ZeroMemory(_chunker);
        _disposed = true;
    }

    private ReadOnlySpan<byte> Get(byte[] key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return key;
    }

    private static void Derive(ReadOnlySpan<byte> master, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, output, salt: ReadOnlySpan<byte>.Empty, info);
}
