using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The 16 random bytes that name a repository. Every sealed file and key file carries it, so that an object copied from another
/// repository is recognised. Written as 32 lowercase hex characters.
/// </summary>
public readonly struct RepositoryId : IEquatable<RepositoryId>, ISpanFormattable
{
    /// <summary>The size of a repository id in bytes.</summary>
    public const int Size = 16;

    // Big-endian words, so that the hex text reads like the bytes.
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Creates an id from its 16 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public RepositoryId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A repository id is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }

    /// <summary>Draws a new id from the system's cryptographic random number generator.</summary>
    public static RepositoryId NewId()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return new RepositoryId(bytes);
    }

    /// <summary>Writes the 16 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination is shorter than a repository id.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 16 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses 32 hex characters.</summary>
    /// <exception cref="FormatException">The text is not 32 hex characters.</exception>
    public static RepositoryId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a repository id (32 hex characters).");
    }

    /// <summary>Tries to parse 32 hex characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RepositoryId id) => TryParse(text.AsSpan(), out id);

    /// <summary>Tries to parse 32 hex characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RepositoryId id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (!FixedHex.TryDecode(text, bytes))
        {
            id = default;
            return false;
        }

        id = new RepositoryId(bytes);
        return true;
    }

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
    public bool Equals(RepositoryId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RepositoryId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Equality.</summary>
    public static bool operator ==(RepositoryId left, RepositoryId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RepositoryId left, RepositoryId right) => !left.Equals(right);
}
