using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Backup.Sdk.Compression;
using ZstdSharp;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// Decodes a compressed blob payload a piece at a time (<see cref="PieceLength"/> bytes) instead of into a buffer of the
/// blob's length: what check hashes and restore writes passes through one small window. Every piece is appended to the
/// blob's id hash; the caller compares the id after the last piece. A frame that is malformed, truncated, followed by other
/// bytes or of another length than the payload declares is <see cref="CorruptObjectException"/>.
/// </summary>
internal static class PayloadPieces
{
    /// <summary>The window a compressed payload is decoded through.</summary>
    public const int PieceLength = 256 * 1024;

    /// <summary>Decoders kept for reuse (each holds zstd's window for the frames it decodes, a few MiB at most).</summary>
    private const int KeptDecompressors = 4;

    private static readonly ConcurrentBag<Decompressor> Decompressors = [];

    /// <summary>Decodes a compressed payload and appends the content to <paramref name="hash"/>; returns the content length.</summary>
    /// <exception cref="CorruptObjectException">The payload does not decode to the length it declares.</exception>
    public static long Hash(ReadOnlySpan<byte> payload, IncrementalHash hash, string objectName)
    {
        using var decoder = new PieceDecoder(payload, objectName);
        bool done;
        do
        {
            done = decoder.Next(payload, out var written);
            hash.AppendData(decoder.Window, 0, written);
        }
        while (!done);

        return decoder.Total;
    }

    /// <summary>
    /// Decodes the compressed payload at <paramref name="payloadOffset"/> in <paramref name="buffer"/> and hands each piece to
    /// <paramref name="onPiece"/> (valid only during the call) after appending it to <paramref name="hash"/>.
    /// </summary>
    /// <exception cref="CorruptObjectException">The payload does not decode to the length it declares.</exception>
    public static async ValueTask<long> EmitAsync(
        byte[] buffer, int payloadOffset, int payloadLength, IncrementalHash hash, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> onPiece, string objectName, CancellationToken cancellationToken)
    {
        var payload = buffer.AsMemory(payloadOffset, payloadLength);
        using var decoder = new PieceDecoder(payload.Span, objectName);
        while (true)
        {
            var done = decoder.Next(payload.Span, out var written);
            if (written > 0)
            {
                hash.AppendData(decoder.Window, 0, written);
                await onPiece(decoder.Window.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
            }

            if (done)
            {
                return decoder.Total;
            }
        }
    }

    private static void CheckAlgorithm(ReadOnlySpan<byte> payload, string objectName)
    {
        if ((CompressionAlgorithm)payload[0] != CompressionAlgorithm.Zstd)
        {
            throw new CorruptObjectException(objectName, $"compression {payload[0]} cannot be decoded piecewise");
        }
    }

    private static OperationStatus Step(Decompressor decompressor, ReadOnlySpan<byte> input, byte[] window, out int consumed, out int written, string objectName)
    {
        try
        {
            return decompressor.UnwrapStream(input, window.AsSpan(0, PieceLength), out consumed, out written);
        }
        catch (ZstdException ex)
        {
            throw new CorruptObjectException(objectName, "the blob does not decompress: the zstd frame is malformed", ex);
        }
    }

    /// <summary>Whether the frame is complete (and then exactly the declared length, with nothing after it).</summary>
    private static bool Finished(OperationStatus status, bool progressed, long total, int rawLength, int consumed, int frameLength, string objectName)
    {
        if (!progressed && status != OperationStatus.Done)
        {
            throw new CorruptObjectException(objectName, "the blob's zstd frame is truncated or malformed");
        }

        if (total > rawLength)
        {
            throw new CorruptObjectException(objectName, $"the blob decompresses to more than the {rawLength} bytes it declares");
        }

        switch (status)
        {
            case OperationStatus.Done:
                if (total != rawLength || consumed != frameLength)
                {
                    throw new CorruptObjectException(objectName, $"the blob decompresses to {total} bytes of the {rawLength} it declares, or has bytes after its frame");
                }

                return true;
            case OperationStatus.DestinationTooSmall:
                return false;
            case OperationStatus.NeedMoreData when consumed < frameLength:
                return false;
            case OperationStatus.NeedMoreData:
                throw new CorruptObjectException(objectName, "the blob's zstd frame is truncated");
            default:
                throw new CorruptObjectException(objectName, "the blob does not decompress: the zstd frame is malformed");
        }
    }

    /// <summary>
    /// One payload's decoding: a zstd context and a window from the pools, and how far it has got. <see cref="Next"/> decodes
    /// the next piece into <see cref="Window"/>; the payload is passed again on each call (a span cannot be kept across the
    /// awaits of <see cref="EmitAsync"/>).
    /// </summary>
    private sealed class PieceDecoder : IDisposable
    {
        private readonly Decompressor _decompressor;
        private readonly int _rawLength;
        private readonly string _objectName;
        private int _consumed;

        public PieceDecoder(ReadOnlySpan<byte> payload, string objectName)
        {
            _rawLength = BlobPayload.GetRawLength(payload, objectName);
            CheckAlgorithm(payload, objectName);
            _objectName = objectName;
            Window = ArrayPool<byte>.Shared.Rent(PieceLength);
            _decompressor = Take();
        }

        /// <summary>Where <see cref="Next"/> puts the piece it decodes.</summary>
        public byte[] Window { get; }

        /// <summary>The content bytes decoded so far.</summary>
        public long Total { get; private set; }

        /// <summary>Decodes the next piece (<paramref name="written"/> bytes of <see cref="Window"/>); true after the last one.</summary>
        /// <exception cref="CorruptObjectException">The frame is malformed, truncated, too long or followed by other bytes.</exception>
        public bool Next(ReadOnlySpan<byte> payload, out int written)
        {
            var frame = payload[BlobPayload.CompressedHeaderLength..];
            var status = Step(_decompressor, frame[_consumed..], Window, out var consumed, out written, _objectName);
            _consumed += consumed;
            Total += written;
            return Finished(status, consumed + written > 0, Total, _rawLength, _consumed, frame.Length, _objectName);
        }

        public void Dispose()
        {
            Give(_decompressor);
            ArrayPool<byte>.Shared.Return(Window);
        }
    }

    private static Decompressor Take()
    {
        if (Decompressors.TryTake(out var decompressor))
        {
            return decompressor;
        }

        return new Decompressor();
    }

    private static void Give(Decompressor decompressor)
    {
        decompressor.ResetStream();
        if (Decompressors.Count < KeptDecompressors)
        {
            Decompressors.Add(decompressor);
        }
        else
        {
            decompressor.Dispose();
        }
    }
}
