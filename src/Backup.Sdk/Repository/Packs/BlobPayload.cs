using System.Buffers.Binary;
using Backup.Sdk.Compression;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// The plaintext of a blob record: a compression byte, then the raw length and compressed bytes, or the raw bytes
/// (docs/format.md, "blob payload").
/// </summary>
internal static class BlobPayload
{
    /// <summary>The largest raw blob accepted when decoding: well above the largest chunk (64 MiB) and any sane tree.</summary>
    public const int MaxRawLength = 1 << 30;

    internal const int CompressedHeaderLength = 5;

    /// <summary>The buffer size that <see cref="Encode"/> needs for <paramref name="rawLength"/> bytes.</summary>
    public static int GetMaxEncodedLength(int rawLength, ICompressor? compressor) =>
        compressor is null || compressor.Algorithm == CompressionAlgorithm.None
            ? 1 + rawLength
            : CompressedHeaderLength + Math.Max(compressor.GetMaxCompressedLength(rawLength), rawLength);

    /// <summary>Encodes <paramref name="raw"/>, compressed when <paramref name="compressor"/> is given and it pays.</summary>
    /// <returns>The payload length written to <paramref name="destination"/>.</returns>
    public static int Encode(ReadOnlySpan<byte> raw, ICompressor? compressor, Span<byte> destination)
    {
        if (compressor is not null && compressor.Algorithm != CompressionAlgorithm.None && raw.Length > 0)
        {
            var written = compressor.Compress(raw, destination[CompressedHeaderLength..]);
            if (written >= 0 && Compressors.ShouldKeepCompressed(raw.Length, written))
            {
                destination[0] = (byte)compressor.Algorithm;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)raw.Length);
                return CompressedHeaderLength + written;
            }
        }

        destination[0] = (byte)CompressionAlgorithm.None;
        raw.CopyTo(destination[1..]);
        return 1 + raw.Length;
    }

    /// <summary>The raw length a payload declares (its length less the header when stored uncompressed).</summary>
    /// <exception cref="CorruptObjectException">The payload is malformed or declares an impossible length.</exception>
    public static int GetRawLength(ReadOnlySpan<byte> payload, string objectName)
    {
        if (payload.IsEmpty)
        {
            throw new CorruptObjectException(objectName, "the blob payload is empty");
        }

        var algorithm = (CompressionAlgorithm)payload[0];
        if (algorithm == CompressionAlgorithm.None)
        {
            return payload.Length - 1;
        }

        if (!Enum.IsDefined(algorithm))
        {
            throw new CorruptObjectException(objectName, $"unknown compression {payload[0]}");
        }

        if (payload.Length < CompressedHeaderLength)
        {
            throw new CorruptObjectException(objectName, "the blob payload is truncated");
        }

        var rawLength = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
        return rawLength <= MaxRawLength
            ? (int)rawLength
            : throw new CorruptObjectException(objectName, $"the blob declares {rawLength} bytes, more than the {MaxRawLength} allowed");
    }

    /// <summary>Whether a (well-formed, non-empty) payload holds its content uncompressed after its one header byte.</summary>
    public static bool IsStored(ReadOnlySpan<byte> payload) => payload[0] == (byte)CompressionAlgorithm.None;

    /// <summary>Decodes a payload into <paramref name="destination"/>, which must be exactly <see cref="GetRawLength"/> long.</summary>
    /// <exception cref="CorruptObjectException">The payload does not decode to exactly that length.</exception>
    public static void DecodeInto(ReadOnlySpan<byte> payload, Span<byte> destination, string objectName)
    {
        var rawLength = GetRawLength(payload, objectName);
        if (destination.Length != rawLength)
        {
            throw new ArgumentException("The destination must be exactly the declared raw length.", nameof(destination));
        }

        var algorithm = (CompressionAlgorithm)payload[0];
        if (algorithm == CompressionAlgorithm.None)
        {
            payload[1..].CopyTo(destination);
            return;
        }

        try
        {
            Compressors.For(algorithm).Decompress(payload[CompressedHeaderLength..], destination);
        }
        catch (InvalidDataException ex)
        {
            throw new CorruptObjectException(objectName, "the blob does not decompress to its declared length", ex);
        }
    }

    /// <summary>Decodes a payload into a new array of the raw length it declares.</summary>
    /// <exception cref="CorruptObjectException">The payload is malformed, declares an impossible length or does not decompress to it.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> payload, string objectName)
    {
        var raw = new byte[GetRawLength(payload, objectName)];
        DecodeInto(payload, raw, objectName);
        return raw;
    }
}
