using System.Buffers.Binary;
using System.Globalization;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Validation;

/// <summary>
/// Which packs a data check reads: a random share (<c>10%</c>), or a deterministic slice <c>n/m</c> of the packs by id, so
/// that the runs <c>1/m</c> … <c>m/m</c> read every pack exactly once between them (a full read spread over m days).
/// </summary>
public sealed class DataSubset
{
    private DataSubset(double fraction, int slice, int sliceCount)
    {
        Fraction = fraction;
        Slice = slice;
        SliceCount = sliceCount;
    }

    /// <summary>The share of packs read at random (0 &lt; share ≤ 1), or 0 for a slice.</summary>
    public double Fraction { get; }

    /// <summary>The slice read, 1 to <see cref="SliceCount"/>, or 0 for a random share.</summary>
    public int Slice { get; }

    /// <summary>The number of slices, or 0 for a random share.</summary>
    public int SliceCount { get; }

    /// <summary>A random share of the packs: the count rounded up, at least one when there are any.</summary>
    /// <param name="fraction">More than 0, at most 1.</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The share is out of range.</exception>
    public static DataSubset Random(double fraction)
    {
        if (double.IsNaN(fraction) || fraction <= 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The share must be more than 0 and at most 1.");
        }

        return new DataSubset(fraction, 0, 0);
    }

    /// <summary>Slice <paramref name="slice"/> of <paramref name="sliceCount"/>: the packs whose id, read as a number, leaves remainder <c>slice - 1</c> modulo <paramref name="sliceCount"/>.</summary>
    /// <param name="slice">1 to <paramref name="sliceCount"/>.</param>
    /// <param name="sliceCount">At least 1.</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public static DataSubset SliceOf(int slice, int sliceCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sliceCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slice, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slice, sliceCount);
        return new DataSubset(0, slice, sliceCount);
    }

    /// <summary>Parses <c>10%</c> or <c>2.5%</c> (a random share) or <c>n/m</c> (a slice).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentException">The text is neither form, or out of range.</exception>
    public static DataSubset Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        try
        {
            if (trimmed.EndsWith('%'))
            {
                return Random(double.Parse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture) / 100);
            }

            var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                return SliceOf(int.Parse(trimmed[..slash], CultureInfo.InvariantCulture), int.Parse(trimmed[(slash + 1)..], CultureInfo.InvariantCulture));
            }
        }
        catch (FormatException)
        {
            // Reported below.
        }
        catch (OverflowException)
        {
            // Reported below.
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException($"'{text}' is out of range: {ex.Message}", nameof(text), ex);
        }

        throw new ArgumentException($"'{text}' is not a subset: give a percentage such as 10% or a slice n/m such as 2/7.", nameof(text));
    }

    /// <summary>Picks the packs of this subset from <paramref name="packs"/>.</summary>
    /// <param name="packs">Every pack that could be read.</param>
    /// <param name="random">The source of randomness for a random share; <see cref="System.Random.Shared"/> when null.</param>
    /// <returns>The packs to read.</returns>
    public IReadOnlyList<ContentId> Select(IReadOnlyCollection<ContentId> packs, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(packs);
        if (SliceCount > 0)
        {
            var slice = new List<ContentId>();
            Span<byte> bytes = stackalloc byte[ContentId.Size];
            foreach (var pack in packs)
            {
                pack.WriteTo(bytes);
                if (BinaryPrimitives.ReadUInt64BigEndian(bytes) % (ulong)SliceCount == (ulong)(Slice - 1))
                {
                    slice.Add(pack);
                }
            }

            return slice;
        }

        var all = packs.ToArray();
        Array.Sort(all); // the same repository and seed pick the same packs
        (random ?? System.Random.Shared).Shuffle(all);
        var count = (int)Math.Min(all.Length, Math.Ceiling(all.Length * Fraction));
        return all[..count];
    }

    /// <inheritdoc />
    public override string ToString() =>
        SliceCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Slice}/{SliceCount}") : string.Create(CultureInfo.InvariantCulture, $"{Fraction * 100:0.###}%");
}
