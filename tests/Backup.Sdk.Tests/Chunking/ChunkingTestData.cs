using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Backup.Sdk.Chunking;

namespace Backup.Sdk.Tests.Chunking;

/// <summary>Inputs and helpers shared by the chunking tests.</summary>
internal static class ChunkingTestData
{
    private static readonly Lazy<byte[]> LargeRandom = new(() => Random(64 * 1024 * 1024, seed: 1));

    /// <summary>64 MiB of seeded random bytes, made once: do not modify.</summary>
    public static byte[] Large => LargeRandom.Value;

    /// <summary>The key 00 01 02 … 1f.</summary>
    public static byte[] Key { get; } = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    public static byte[] Random(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>SHA-256 of the little-endian u32 counter 0, 1, 2, …, concatenated: easy to regenerate in any language.</summary>
    public static byte[] HashCounter(int size)
    {
        var data = new byte[size + 32];
        Span<byte> counter = stackalloc byte[4];
        for (var j = 0; j * 32 < size; j++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(counter, (uint)j);
            SHA256.HashData(counter, data.AsSpan(j * 32, 32));
        }

        return data.AsSpan(0, size).ToArray();
    }

    /// <summary>The chunk lengths of <paramref name="data"/>, given as one final block.</summary>
    public static List<int> Lengths(IChunker chunker, ReadOnlySpan<byte> data)
    {
        var lengths = new List<int>();
        while (!data.IsEmpty)
        {
            var length = chunker.FindChunkEnd(data, isFinalBlock: true);
            lengths.Add(length);
            data = data[length..];
        }

        return lengths;
    }

    /// <summary>A content hash per chunk.</summary>
    public static List<UInt128> ChunkHashes(IChunker chunker, ReadOnlySpan<byte> data)
    {
        var hashes = new List<UInt128>();
        foreach (var length in Lengths(chunker, data))
        {
            hashes.Add(XxHash128.HashToUInt128(data[..length]));
            data = data[length..];
        }

        return hashes;
    }
}
