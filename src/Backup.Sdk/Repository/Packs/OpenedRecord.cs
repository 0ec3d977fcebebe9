using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// A blob's record in an array rented from <see cref="LargeBuffers.Pool"/>, authenticated and decrypted in place, its
/// payload not yet decoded: it holds the record's length, not the content's. <see cref="EmitAsync"/> hands the content over
/// in pieces (a compressed payload is decoded through a small window) and checks it against the blob's id. Dispose it
/// exactly once, after the last use.
/// </summary>
internal sealed class OpenedRecord : IDisposable
{
    private readonly ContentIdHasher _hasher;
    private readonly int _payloadLength;
    private byte[]? _array;

    public OpenedRecord(ContentIdHasher hasher, BlobType type, ContentId id, byte[] array, int payloadLength, string objectName)
    {
        _hasher = hasher;
        Type = type;
        Id = id;
        _array = array;
        _payloadLength = payloadLength;
        ObjectName = objectName;
        RawLength = BlobPayload.GetRawLength(array.AsSpan(0, payloadLength), objectName);
    }

    public BlobType Type { get; }

    public ContentId Id { get; }

    public string ObjectName { get; }

    /// <summary>The bytes this record holds in memory (its payload).</summary>
    public int HeldLength => _payloadLength;

    /// <summary>The content's length.</summary>
    public int RawLength { get; }

    /// <summary>
    /// Hands the content to <paramref name="onPiece"/> in order, in one piece (stored content, checked against the id
    /// first) or in pieces of at most <see cref="PayloadPieces.PieceLength"/> (compressed content, checked after the last
    /// piece). A piece is valid only during its call. Returns the content's length.
    /// </summary>
    /// <exception cref="CorruptObjectException">The content does not decode or does not hash to the blob's id.</exception>
    public async ValueTask<long> EmitAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> onPiece, CancellationToken cancellationToken)
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(OpenedRecord));
        if (BlobPayload.IsStored(array))
        {
            var content = array.AsMemory(1, RawLength);
            if (_hasher.Compute(Type, content.Span) != Id)
            {
                throw new CorruptObjectException(ObjectName, $"blob {Id} does not hash to its id");
            }

            await onPiece(content, cancellationToken).ConfigureAwait(false);
            return RawLength;
        }

        using var hash = _hasher.CreateIncremental(Type);
        var total = await PayloadPieces.EmitAsync(array, 0, _payloadLength, hash, onPiece, ObjectName, cancellationToken).ConfigureAwait(false);
        PackReader.CheckIncremental(hash, Id, ObjectName);
        return total;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            LargeBuffers.Pool.Return(array);
        }
    }
}
