using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backup.Sdk.Chunking;

/// <summary>
/// Content-defined chunking: FastCDC with normalized chunking (level 2) over a gear hash keyed by the repository's chunker
/// key. The exact boundary rule is in docs/format.md ("Chunking"); in short, for a chunk starting at offset 0:
/// <list type="bullet">
/// <item>bytes 0 to <c>MinSize - 1</c> are skipped; the hash starts at 0 and takes byte <c>i</c> (from <c>MinSize</c> on) as
/// <c>h = (h &lt;&lt; 1) + gear[data[i]]</c> (mod 2^64);</item>
/// <item>the chunk ends after byte <c>i</c> (length <c>i + 1</c>) at the first <c>i</c> where <c>h &amp; mask == 0</c>, with
/// <c>mask</c> the top <c>b + 2</c> bits of the word while <c>i + 1 &lt;= AverageSize = 2^b</c> and the top <c>b - 2</c>
/// bits after;</item>
/// <item>otherwise it ends at <c>MaxSize</c>, or at the end of the stream.</item>
/// </list>
/// So a chunk is <c>MinSize + 1</c> to <c>MaxSize</c> bytes long, except the last one of a stream. The instance is
/// immutable and thread-safe; a call allocates nothing.
/// </summary>
public sealed class FastCdcChunker : IChunker
{
    private readonly ulong[] _gear;
    private readonly int _minSize;
    private readonly int _averageSize;
    private readonly int _maxSize;
    private readonly ulong _maskSmall;
    private readonly ulong _maskLarge;

    /// <summary>Creates a chunker.</summary>
    /// <param name="parameters">FastCDC parameters; validated here.</param>
    /// <param name="chunkerKey">The repository's 32-byte chunker key (<c>K_chunk</c>), from which the gear table is derived.</param>
    /// <exception cref="ArgumentException">The parameters are invalid or not FastCDC, or the key is not 32 bytes.</exception>
    public FastCdcChunker(ChunkerParameters parameters, ReadOnlySpan<byte> chunkerKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Algorithm != ChunkerAlgorithm.FastCdc)
        {
            throw new ArgumentException($"FastCdcChunker needs FastCdc parameters, not {parameters.Algorithm}.", nameof(parameters));
        }

        parameters.Validate();
        _gear = GearTable.Derive(chunkerKey);
        _minSize = parameters.MinSize;
        _averageSize = parameters.AverageSize;
        _maxSize = parameters.MaxSize;
        var bits = BitOperations.Log2((uint)_averageSize);
        _maskSmall = TopBits(bits + 2);
        _maskLarge = TopBits(bits - 2);
    }

    /// <inheritdoc/>
    public int MaxChunkSize => _maxSize;

    /// <summary>The mask used for chunk lengths up to the average size (the top <c>b + 2</c> bits).</summary>
    internal ulong MaskSmall => _maskSmall;

    /// <summary>The mask used for chunk lengths past the average size (the top <c>b - 2</c> bits).</summary>
    internal ulong MaskLarge => _maskLarge;

    /// <inheritdoc/>
    public int FindChunkEnd(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        if (data.Length <= _minSize)
        {
            return isFinalBlock ? data.Length : 0;
        }

        var limit = Math.Min(data.Length, _maxSize);
        var normal = Math.Min(limit, _averageSize);
        ref var source = ref MemoryMarshal.GetReference(data);
        ref var gear = ref MemoryMarshal.GetArrayDataReference(_gear);

        ulong hash = 0;
        var end = Scan(ref source, ref gear, ref hash, _minSize, normal, _maskSmall);
        if (end < 0)
        {
            end = Scan(ref source, ref gear, ref hash, normal, limit, _maskLarge);
        }

        if (end >= 0)
        {
            return end;
        }

        if (limit == _maxSize)
        {
            return _maxSize;
        }

        return isFinalBlock ? data.Length : 0;
    }

    private static ulong TopBits(int count) => ~0UL << (64 - count);

    /// <summary>
    /// Rolls the hash over bytes <paramref name="start"/> to <paramref name="end"/> - 1 and returns the chunk length at the
    /// first match, or -1 when there is none (the hash then holds its value after the last byte).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Scan(ref byte source, ref ulong gear, ref ulong hash, int start, int end, ulong mask)
    {
        var h = hash;
        nint i = start;
        nint last = end;

        // Four bytes per iteration: the loads of the gear values do not depend on the hash, so they run ahead of the
        // two-instruction dependency chain of the hash itself.
        while (i <= last - 4)
        {
            var g0 = Unsafe.Add(ref gear, Unsafe.Add(ref source, i));
            var g1 = Unsafe.Add(ref gear, Unsafe.Add(ref source, i + 1));
            var g2 = Unsafe.Add(ref gear, Unsafe.Add(ref source, i + 2));
            var g3 = Unsafe.Add(ref gear, Unsafe.Add(ref source, i + 3));
            h = (h << 1) + g0;
            if ((h & mask) == 0)
            {
                return (int)i + 1;
            }

            h = (h << 1) + g1;
            if ((h & mask) == 0)
            {
                return (int)i + 2;
            }

            h = (h << 1) + g2;
            if ((h & mask) == 0)
            {
                return (int)i + 3;
            }

            h = (h << 1) + g3;
            if ((h & mask) == 0)
            {
                return (int)i + 4;
            }

            i += 4;
        }

        for (; i < last; i++)
        {
            h = (h << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref source, i));
            if ((h & mask) == 0)
            {
                return (int)i + 1;
            }
        }

        hash = h;
        return -1;
    }
}
