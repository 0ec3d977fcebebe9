using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// Seals blobs into one pack in memory (docs/format.md, "Packs"). Several workers may fill one writer: each reserves its
/// record's place (<see cref="Reserve"/>, serialized by the caller), then seals into it (<see cref="Seal"/>) concurrently
/// with the others, each with a cipher of its own; <see cref="Close"/> and <see cref="Drained"/> let the worker that
/// retires the pack wait for the seals still running before <see cref="Finish"/>.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    private readonly RepositoryKeys _keys;
    private readonly bool _verify;
    private readonly byte[] _salt;
    private readonly List<PackBlobEntry> _entries = [];
    private readonly ConcurrentBag<PackCipher> _ciphers = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer;
    private int _length;
    private int _sealing;
    private bool _closed;
    private bool _damaged;

    /// <param name="keys">The repository keys.</param>
    /// <param name="repositoryId">The repository id written into the pack header.</param>
    /// <param name="initialCapacity">The expected pack size.</param>
    /// <param name="verify">
    /// Whether every sealed blob is opened, decoded and re-hashed before it is accepted: the XXH3-128 of what comes back must
    /// equal the one the caller took of the content when it computed the id.
    /// </param>
    public PackWriter(RepositoryKeys keys, RepositoryId repositoryId, int initialCapacity, bool verify)
    {
        _keys = keys;
        _salt = RandomNumberGenerator.GetBytes(PackLayout.SaltLength);
        _ciphers.Add(new PackCipher(keys, _salt));
        _verify = verify;
        _buffer = LargeBuffers.Pool.Rent(Math.Max(initialCapacity, PackLayout.HeaderLength + 4096));
        PackLayout.WriteHeader(_buffer, repositoryId, _salt);
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

    /// <summary>Seals one encoded blob payload at the end of the pack (reserve and seal in one, for a single filler).</summary>
    /// <param name="type">The blob type.</param>
    /// <param name="id">The blob id.</param>
    /// <param name="payload">The encoded payload (<see cref="BlobPayload"/>).</param>
    /// <param name="checksum">The <see cref="Checksum"/> of the raw content, taken when the id was computed.</param>
    public PackBlobEntry Add(BlobType type, ContentId id, ReadOnlySpan<byte> payload, UInt128 checksum)
    {
        var scratch = _verify ? LargeBuffers.Pool.Rent(Math.Max(payload.Length, 1)) : null;
        try
        {
            var entry = Reserve(type, id, payload.Length);
            Seal(entry, payload, scratch, checksum);
            return entry;
        }
        finally
        {
            if (scratch is not null)
            {
                LargeBuffers.Pool.Return(scratch);
            }
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
            if (_sealing > 0 && (long)_length + recordLength > _buffer.Length)
            {
                // Growing moves the buffer under the seals running in it.
                throw new InvalidOperationException("A pack cannot grow while blobs are being sealed into it.");
            }

            EnsureCapacity(recordLength);
            var entry = new PackBlobEntry(type, id, (uint)_length, (uint)recordLength);
            _entries.Add(entry);
            _length += recordLength;
            _sealing++;
            return entry;
        }
    }

    /// <summary>
    /// Seals a reserved record; may run concurrently with the seals of other entries. With verification on, the record is
    /// opened into <paramref name="scratch"/> (at least the payload's length; the payload's own buffer will do once it is
    /// no longer needed, even the same memory) and re-hashed. A compressed payload is decompressed into
    /// <paramref name="rawScratch"/> when it is at least the content's length (a caller whose content buffer is its own
    /// passes that: after a successful verification it holds the same bytes again), else into a pooled buffer. A record
    /// that fails is taken back when it is the last one, else the whole pack is marked damaged and <see cref="Finish"/>
    /// refuses it.
    /// </summary>
    /// <exception cref="CorruptObjectException">Verification failed: the blob was not stored.</exception>
    public void Seal(in PackBlobEntry entry, ReadOnlySpan<byte> payload, Span<byte> scratch, UInt128 checksum, Span<byte> rawScratch = default)
    {
        var sealedOk = false;
        var cipher = _ciphers.TryTake(out var idle) ? idle : new PackCipher(_keys, _salt);
        try
        {
            var record = _buffer.AsSpan((int)entry.Offset, (int)entry.Length);
            cipher.SealBlob(entry.Type, entry.Id, entry.Offset, payload, record);
            if (_verify)
            {
                Verify(cipher, entry.Type, entry.Id, (int)entry.Offset, record, scratch, rawScratch, checksum);
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

    /// <summary>Seals the header, writes the trailer and hands over the finished pack.</summary>
    /// <exception cref="CorruptObjectException">A blob of the pack failed verification after another was reserved behind it.</exception>
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

        var headerPlainLength = 4 + (_entries.Count * PackLayout.EntryLength);
        var plain = LargeBuffers.Pool.Rent(headerPlainLength);
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(plain, (uint)_entries.Count);
            for (var i = 0; i < _entries.Count; i++)
            {
                PackLayout.WriteEntry(plain.AsSpan(4 + (i * PackLayout.EntryLength)), _entries[i]);
            }

            var sealedLength = headerPlainLength + PackLayout.TagLength;
            EnsureCapacity(sealedLength + PackLayout.TrailerLength);
            var cipher = _ciphers.TryTake(out var idle) ? idle : new PackCipher(_keys, _salt);
            try
            {
                cipher.SealHeader(plain.AsSpan(0, headerPlainLength), _buffer.AsSpan(0, PackLayout.HeaderLength), _buffer.AsSpan(_length, sealedLength));
            }
            finally
            {
                _ciphers.Add(cipher);
            }

            _length += sealedLength;
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)sealedLength);
            _length += PackLayout.TrailerLength;
        }
        finally
        {
            LargeBuffers.Pool.Return(plain);
        }

        var id = new ContentId(SHA256.HashData(_buffer.AsSpan(0, _length)));
        var pack = new FinishedPack(id, _salt, _buffer, _length, [.. _entries]);
        _buffer = [];
        return pack;
    }

    public void Dispose()
    {
        while (_ciphers.TryTake(out var cipher))
        {
            cipher.Dispose();
        }

        if (_buffer.Length > 0)
        {
            LargeBuffers.Pool.Return(_buffer);
            _buffer = [];
        }
    }

    private void Release(in PackBlobEntry entry, bool sealedOk)
    {
        lock (_gate)
        {
            if (!sealedOk)
            {
                if (entry.Offset + entry.Length == _length && _entries.Count > 0 && _entries[^1] == entry)
                {
                    // The last record: take it back, as if it had never been reserved.
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

    private static void Verify(PackCipher cipher, BlobType type, ContentId id, int offset, ReadOnlySpan<byte> record, Span<byte> scratch, Span<byte> rawScratch, UInt128 checksum)
    {
        var name = $"pack in progress/{id}";
        var payloadLength = record.Length - PackLayout.TagLength;
        var payload = scratch[..payloadLength];
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

    private void EnsureCapacity(int additional)
    {
        var needed = (long)_length + additional;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("A pack cannot grow past 2 GiB.");
        }

        var bigger = LargeBuffers.Pool.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        LargeBuffers.Pool.Return(_buffer);
        _buffer = bigger;
    }
}

/// <summary>A sealed pack ready to upload; returns its pooled buffer when disposed.</summary>
internal sealed class FinishedPack : IDisposable
{
    private byte[]? _buffer;

    public FinishedPack(ContentId id, byte[] salt, byte[] buffer, int length, IReadOnlyList<PackBlobEntry> entries)
    {
        Id = id;
        Salt = salt;
        _buffer = buffer;
        Length = length;
        Entries = entries;
    }

    public ContentId Id { get; }

    public byte[] Salt { get; }

    public int Length { get; }

    public IReadOnlyList<PackBlobEntry> Entries { get; }

    public ReadOnlyMemory<byte> Content => _buffer is null ? throw new ObjectDisposedException(nameof(FinishedPack)) : _buffer.AsMemory(0, Length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            LargeBuffers.Pool.Return(buffer);
        }
    }
}
