using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Repository;

/// <summary>
/// A 32-byte identifier: the keyed hash of a blob's content, or the SHA-256 of a stored file (pack, index, snapshot, key).
/// Written as 64 lowercase hex characters.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ContentId : IEquatable<ContentId>, IComparable<ContentId>, ISpanFormattable
{
    /// <summary>The size of an id in bytes.</summary>
    public const int Size = 32;

    // Stored as four big-endian words so that ordering by the words equals ordering by the bytes.
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    /// <summary>Creates an id from its 32 bytes.</summary>
    public ContentId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A content id is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The id whose bytes are all zero; never the id of real content.</summary>
    public static ContentId Empty => default;

    /// <summary>Whether this is <see cref="Empty"/>.</summary>
    public bool IsEmpty => (_a | _b | _c | _d) == 0;

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination is shorter than a content id.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 32 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses 64 hex characters.</summary>
    /// <exception cref="FormatException">The text is not 64 hex characters.</exception>
    public static ContentId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a content id (64 hex characters).");
    }

    /// <summary>Tries to parse 64 hex characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ContentId id) => TryParse(text.AsSpan(), out id);

    /// <summary>Tries to parse 64 hex characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentId id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!FixedHex.TryDecode(text, bytes))
        {
            id = default;
            return false;
        }

        id = new ContentId(bytes);
        return true;
    }

    /// <summary>The first bytes as hex, for short display (restic-style 8 characters by default).</summary>
    public string ToShortString(int hexChars = 8) => ToString()[..Math.Clamp(hexChars, 1, Size * 2)];

    /// <summary>The first byte, used to spread objects over folders and index shards.</summary>
    public byte FirstByte => (byte)(_a >> 56);

    /// <inheritdoc />
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.TryToHexStringLower(bytes, destination, out charsWritten);
    }

    /// <inheritdoc />
    public bool Equals(ContentId other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContentId other && Equals(other);

    /// <inheritdoc />
    // The id is a uniformly distributed hash already.
    public override int GetHashCode() => (int)(_a ^ (_a >> 32));

    /// <inheritdoc />
    public int CompareTo(ContentId other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(ContentId left, ContentId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ContentId left, ContentId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(ContentId left, ContentId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(ContentId left, ContentId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(ContentId left, ContentId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(ContentId left, ContentId right) => left.CompareTo(right) >= 0;
}
