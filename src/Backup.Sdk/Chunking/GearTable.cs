using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Backup.Sdk.Chunking;

/// <summary>
/// The 256 random words of the gear hash, derived from the repository's chunker key so that chunk boundaries do not
/// fingerprint content: <c>HKDF-Expand(SHA-256, prk = K_chunk, info = "backup-sdk/v1/gear", 2048 bytes)</c> read as
/// little-endian u64 values (docs/format.md, "Chunking").
/// </summary>
internal static class GearTable
{
    /// <summary>The length of the chunker key.</summary>
    public const int KeySize = 32;

    private const int Entries = 256;

    private static readonly byte[] Info = Encoding.ASCII.GetBytes("backup-sdk/v1/gear");

    /// <summary>Derives the table for <paramref name="chunkerKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static ulong[] Derive(ReadOnlySpan<byte> chunkerKey)
    {
        if (chunkerKey.Length != KeySize)
        {
            throw new ArgumentException($"The chunker key is {KeySize} bytes, not {chunkerKey.Length}.", nameof(chunkerKey));
        }

        Span<byte> bytes = stackalloc byte[Entries * sizeof(ulong)];
        HKDF.Expand(HashAlgorithmName.SHA256, chunkerKey, bytes, Info);
        var table = new ulong[Entries];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i * sizeof(ulong)));
        }

        CryptographicOperations.ZeroMemory(bytes);
        return table;
    }
}
