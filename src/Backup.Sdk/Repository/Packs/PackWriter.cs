using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// Seals blobs into one pack (docs/format.md, "Packs"), written into a temporary file (<see cref="PackSpool"/>) rather than
/// memory: a pack being filled or uploaded costs page cache, not the process's memory. Several workers may fill one writer:
/// each reserves its record's place (<see cref="Reserve"/>, serialized by the caller), then seals into it
/// (<see cref="Seal"/>) concurrently with the others, each with a cipher of its own; <see cref="Close"/> and
/// <see cref="Drained"/> let the worker that retires the pack wait for the seals still running before <see cref="Finish"/>.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    /// <summary>The largest pack a writer builds: record offsets are 32-bit in the format, and kept below 2 GiB here.</summary>
    private const int MaxPackLength = int.MaxValue;

    private const int HashPieceLength = 1024 * 1024;

    private readonly RepositoryKeys _keys;
    private readonly bool _verify;
    private readonly byte[] _salt;
    private readonly byte[] _header = new byte[PackLayout.HeaderLength];
    private readonly List<PackBlobEntry> _entries = [];
    private readonly ConcurrentBag<PackCipher> _ciphers = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PackSpool? _spool;
    private int _length;
    private int _sealing;
    private bool _closed;
    private bool _damaged;

    /// <param name="keys">The repository keys.</param>
    /// <param name="repositoryId">The repository id written into the pack header.</param>
    /// <param name="spoolDirectory">Where the pack's temporary file is created.</param>
    /// <param name="verify">
    /// Whether every sealed blob is read back from the file, opened, decoded and re-hashed before it is accepted: the
    /// XXH3-128 of what comes back must equal the one the caller took of the content when it computed the id.
    /// </param>
    /// <exception cref="TemporaryStorageException">The temporary file cannot be created or written.</exception>
    public PackWriter(RepositoryKeys keys, RepositoryId repositoryId, string spoolDirectory, bool verify)
    {
        _keys = keys;
        _salt = RandomNumberGenerator.GetBytes(PackLayout.SaltLength);
        _ciphers.Add(new PackCipher(keys, _salt));
        _verify = verify;
        PackLayout.WriteHeader(_header, repositoryId, _salt);
        _spool = PackSpool.Create(spoolDirectory);
        try
        {
            _spool.Write(_header, 0);
        }
        catch
        {
            Dispose();
            throw;
        }

        _length = PackLayout.HeaderLength;
    }

    /// <summary>The bytes written or reserved so far.</summary>
    public int Length => _length;

    /// <summary>The blobs written or reserved so far.</summary>
    public int Count => _entries.Count;

    /// <summary>The entries reserved so far (stable once the writer is closed and drained).</summary>
    public IReadOnlyList<PackBlobEntry> Entries => _entries;

    /// <summary>Completes when the writer is closed and no seal is running any more.</summary>
    public Task Drained => _drained.Task;

    /// <summary>
    /// The size of the finished pack if a blob of <paramref name="payloadLength"/> were added now: records, the sealed
    /// header listing every blob, and the trailer.
    /// </summary>
    public long FinishedLengthWith(int payloadLength) =>
        (long)_length + payloadLength + PackLayout.TagLength
        + 4 + ((long)(_entries.Count + 1) * PackLayout.EntryLength) + PackLayout.TagLength + PackLayout.TrailerLength;

    /// <summary>The check value <see cref="Add"/> verifies against: XXH3-128 of the raw content.</summary>
    public static UInt128 Checksum(ReadOnlySpan<byte> content) => XxHash128.HashToUInt128(content);

    /// <summary>The buffer length <see cref="Seal"/> needs for a payload of this length: the payload and the tag.</summary>
    public static int SealBufferLength(int payloadLength) => payloadLength + PackLayout.TagLength;

    /// <summary>Seals one encoded blob payload at the end of the pack (reserve and seal in one, for a single filler).</summary>
    /// <param name="type">The blob type.</param>
    /// <param name="id">The blob id.</param>
    /// <param name="payload">The encoded payload (<see cref="BlobPayload"/>); left unchanged.</param>
    /// <param name="checksum">The <see cref="Checksum"/> of the raw content, taken when the id was computed.</param>
    public PackBlobEntry Add(BlobType type, ContentId id, ReadOnlySpan<byte> payload, UInt128 checksum)
    {
        var buffer = LargeBuffers.Scratch.Rent(SealBufferLength(payload.Length));
        try
        {
            payload.CopyTo(buffer);
            var entry = Reserve(type, id, payload.Length);
            Seal(entry, buffer, checksum);
            return entry;
        }
        finally
        {
            LargeBuffers.Scratch.Return(buffer);
        }
    }

    /// <summary>
    /// Reserves the place of a record of <paramref name="payloadLength"/> bytes of payload at the end of the pack and lists
    /// its entry. Calls must be serialized by the caller (they fix the records' order); each must be followed by one
    /// <see cref="Seal"/> of that entry.
    /// </summary>
    public PackBlobEntry Reserve(BlobType type, ContentId id, int payloadLength)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("The pack writer is closed.");
            }

            var recordLength = payloadLength + PackLayout.TagLength;
            if ((long)_length + recordLength > MaxPackLength)
            {
                throw new InvalidOperationException("A pack cannot grow past 2 GiB.");
            }

            var entry = new PackBlobEntry(type, id, (uint)_length, (uint)recordLength);
            _entries.Add(entry);
            _length += recordLength;
            _sealing++;
            return entry;
        }
    }

    /// <summary>
    /// Seals a reserved record; may run concurrently with the seals of other entries. <paramref name="buffer"/> holds the
    /// payload at its start and has room for the tag after it (<see cref="SealBufferLength"/>): the record is sealed there in
    /// place, written to the pack's file, and, with verification on, read back into it, opened in place and re-hashed, so
    /// the buffer's bytes are overwritten. A compressed payload is decompressed into <paramref name="rawScratch"/> when it is
    /// at least the content's length (a caller whose content buffer is its own passes that: after a successful verification
    /// it holds the same bytes again), else into a pooled buffer. A record that fails is taken back when it is the last one,
    /// else the whole pack is marked damaged and <see cref="Finish"/> refuses it.
    /// </summary>
    /// <exception cref="CorruptObjectException">Verification failed: the blob was not stored.</exception>
    /// <exception cref="TemporaryStorageException">The pack's file cannot be written or read.</exception>
    public void Seal(in PackBlobEntry entry, Span<byte> buffer, UInt128 checksum, Span<byte> rawScratch = default)
    {
        var sealedOk = false;
        var cipher = _ciphers.TryTake(out var idle) ? idle : new PackCipher(_keys, _salt);
        try
        {
            var spool = _spool ?? throw new ObjectDisposedException(nameof(PackWriter));
            var recordLength = (int)entry.Length;
            var record = buffer[..recordLength];
            cipher.SealBlob(entry.Type, entry.Id, entry.Offset, record[..^PackLayout.TagLength], record);
            spool.Write(record, entry.Offset);
            if (_verify)
            {
                // What is checked is what the file holds: the bytes the upload will read.
                spool.Read(record, entry.Offset);
                Verify(cipher, entry.Type, entry.Id, (int)entry.Offset, record, rawScratch, checksum);
            }

            sealedOk = true;
        }
        finally
        {
            _ciphers.Add(cipher);
            Release(entry, sealedOk);
        }
    }

    /// <summary>No more reservations: <see cref="Drained"/> completes once the seals under way are done.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            if (_sealing == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Seals the header, writes the trailer, names the pack by its SHA-256 and hands it over.</summary>
    /// <exception cref="CorruptObjectException">A blob of the pack failed verification after another was reserved behind it.</exception>
    /// <exception cref="TemporaryStorageException">The pack's file cannot be written or read.</exception>
    public FinishedPack Finish()
    {
        lock (_gate)
        {
            if (_sealing != 0)
            {
                throw new InvalidOperationException("A seal is still running.");
            }

            if (_damaged)
            {
                throw new CorruptObjectException("pack in progress", "a blob of this pack failed verification; the pack was not stored");
            }

            _closed = true;
            _drained.TrySetResult();
        }

        var spool = _spool ?? throw new ObjectDisposedException(nameof(PackWriter));
        var headerPlainLength = 4 + (_entries.Count * PackLayout.EntryLength);
        var sealedLength = headerPlainLength + PackLayout.TagLength;
        if ((long)_length + sealedLength + PackLayout.TrailerLength > MaxPackLength)
        {
            throw new InvalidOperationException("A pack cannot grow past 2 GiB.");
        }

        var plain = LargeBuffers.Pool.Rent(headerPlainLength);
        var tail = LargeBuffers.Pool.Rent(sealedLength + PackLayout.TrailerLength);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(plain, (uint)_entries.Count);
            for (var i = 0; i < _entries.Count; i++)
            {
                PackLayout.WriteEntry(plain.AsSpan(4 + (i * PackLayout.EntryLength)), _entries[i]);
            }

            var cipher = _ciphers.TryTake(out var idle) ? idle : new PackCipher(_keys, _salt);
            try
            {
                cipher.SealHeader(plain.AsSpan(0, headerPlainLength), _header, tail.AsSpan(0, sealedLength));
            }
            finally
            {
                _ciphers.Add(cipher);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(tail.AsSpan(sealedLength), (uint)sealedLength);
            spool.Write(tail.AsSpan(0, sealedLength + PackLayout.TrailerLength), _length);
            _length += sealedLength + PackLayout.TrailerLength;
        }
        finally
        {
            LargeBuffers.Pool.Return(plain);
            LargeBuffers.Pool.Return(tail);
        }

        var pack = new FinishedPack(HashOf(spool, _length), _salt, spool, _length, [.. _entries]);
        _spool = null;
        return pack;
    }

    public void Dispose()
    {
        while (_ciphers.TryTake(out var cipher))
        {
            cipher.Dispose();
        }

        _spool?.Dispose();
        _spool = null;
    }

    /// <summary>The pack id: SHA-256 of the file's first <paramref name="length"/> bytes, read back a piece at a time.</summary>
    private static ContentId HashOf(PackSpool spool, int length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var piece = ArrayPool<byte>.Shared.Rent(HashPieceLength);
        try
        {
            for (var offset = 0; offset < length; offset += HashPieceLength)
            {
                var take = Math.Min(HashPieceLength, length - offset);
                spool.Read(piece.AsSpan(0, take), offset);
                sha.AppendData(piece, 0, take);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
        }

        Span<byte> hash = stackalloc byte[ContentId.Size];
        sha.GetHashAndReset(hash);
        return new ContentId(hash);
    }

    private void Release(in PackBlobEntry entry, bool sealedOk)
    {
        lock (_gate)
        {
            if (!sealedOk)
            {
                if (entry.Offset + entry.Length == _length && _entries.Count > 0 && _entries[^1] == entry)
                {
                    // The last record: take it back, as if it had never been reserved (its bytes in the file are
                    // overwritten by the next record or lie past the finished pack's end).
                    _entries.RemoveAt(_entries.Count - 1);
                    _length = (int)entry.Offset;
                }
                else
                {
                    _damaged = true;
                }
            }

            _sealing--;
            if (_sealing == 0 && _closed)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Opens the record in place (it becomes the payload) and checks what it decodes to.</summary>
    private static void Verify(PackCipher cipher, BlobType type, ContentId id, int offset, Span<byte> record, Span<byte> rawScratch, UInt128 checksum)
    {
        var name = $"pack in progress/{id}";
        var payloadLength = record.Length - PackLayout.TagLength;
        var payload = record[..payloadLength];
        try
        {
            cipher.OpenBlob(type, id, offset, record, payload);
        }
        catch (CryptographicException ex)
        {
            throw new CorruptObjectException(name, "the sealed blob does not authenticate; it was not stored", ex);
        }

        var rawLength = BlobPayload.GetRawLength(payload, name);
        if (BlobPayload.IsStored(payload))
        {
            // Stored as is: its content is the payload after the header byte, hashed where it lies.
            Matches(payload[1..], checksum, name);
            return;
        }

        if (rawScratch.Length >= rawLength)
        {
            BlobPayload.DecodeInto(payload, rawScratch[..rawLength], name);
            Matches(rawScratch[..rawLength], checksum, name);
            return;
        }

        var raw = LargeBuffers.Scratch.Rent(rawLength);
        try
        {
            BlobPayload.DecodeInto(payload, raw.AsSpan(0, rawLength), name);
            Matches(raw.AsSpan(0, rawLength), checksum, name);
        }
        finally
        {
            LargeBuffers.Scratch.Return(raw);
        }
    }

    private static void Matches(ReadOnlySpan<byte> raw, UInt128 checksum, string name)
    {
        if (Checksum(raw) != checksum)
        {
            throw new CorruptObjectException(name, "the sealed blob does not decode to its content; it was not stored");
        }
    }
}

/// <summary>
/// A sealed pack ready to upload, in its temporary file: <see cref="OpenRead"/> gives the stream to upload. Disposing it
/// closes (and so removes) the file.
/// </summary>
internal sealed class FinishedPack : IDisposable
{
    private PackSpool? _spool;

    public FinishedPack(ContentId id, byte[] salt, PackSpool spool, int length, IReadOnlyList<PackBlobEntry> entries)
    {
        Id = id;
        Salt = salt;
        _spool = spool;
        Length = length;
        Entries = entries;
    }

    public ContentId Id { get; }

    public byte[] Salt { get; }

    public int Length { get; }

    public IReadOnlyList<PackBlobEntry> Entries { get; }

    /// <summary>A read-only, seekable stream of the whole pack, with a position of its own.</summary>
    public Stream OpenRead() => new PackSpoolStream(Spool, Length);

    /// <summary>Reads exactly <c>destination.Length</c> bytes of the pack at <paramref name="offset"/>.</summary>
    /// <exception cref="TemporaryStorageException">The file cannot be read.</exception>
    public void Read(Span<byte> destination, long offset) => Spool.Read(destination, offset);

    public void Dispose() => Interlocked.Exchange(ref _spool, null)?.Dispose();

    private PackSpool Spool => _spool ?? throw new ObjectDisposedException(nameof(FinishedPack));
}
