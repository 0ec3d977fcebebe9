using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// Seals blobs into one pack in memory (docs/format.md, "Packs"). Not thread-safe: each worker owns its writer.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    private readonly PackCipher _cipher;
    private readonly byte[] _salt;
    private readonly bool _verify;
    private readonly List<PackBlobEntry> _entries = [];
    private byte[] _buffer;
    private int _length;

    /// <param name="keys">The repository keys.</param>
    /// <param name="repositoryId">The repository id written into the pack header.</param>
    /// <param name="initialCapacity">The expected pack size.</param>
    /// <param name="verify">
    /// Whether every sealed blob is opened, decoded and re-hashed before it is accepted: the XXH3-128 of what comes back must
    /// equal the one the caller took of the content when it computed the id.
    /// </param>
    public PackWriter(RepositoryKeys keys, RepositoryId repositoryId, int initialCapacity, bool verify)
    {
        _salt = RandomNumberGenerator.GetBytes(PackLayout.SaltLength);
        _cipher = new PackCipher(keys, _salt);
        _verify = verify;
        _buffer = LargeBuffers.Pool.Rent(Math.Max(initialCapacity, PackLayout.HeaderLength + 4096));
        PackLayout.WriteHeader(_buffer, repositoryId, _salt);
        _length = PackLayout.HeaderLength;
    }

    /// <summary>The bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The blobs written so far.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The size of the finished pack if a blob of <paramref name="payloadLength"/> were added now: records, the sealed
    /// header listing every blob, and the trailer.
    /// </summary>
    public long FinishedLengthWith(int payloadLength) =>
        (long)_length + payloadLength + PackLayout.TagLength
        + 4 + ((long)(_entries.Count + 1) * PackLayout.EntryLength) + PackLayout.TagLength + PackLayout.TrailerLength;

    /// <summary>The check value <see cref="Add"/> verifies against: XXH3-128 of the raw content.</summary>
    public static UInt128 Checksum(ReadOnlySpan<byte> content) => XxHash128.HashToUInt128(content);

    /// <summary>Seals one encoded blob payload at the end of the pack.</summary>
    /// <param name="type">The blob type.</param>
    /// <param name="id">The blob id.</param>
    /// <param name="payload">The encoded payload (<see cref="BlobPayload"/>).</param>
    /// <param name="checksum">The <see cref="Checksum"/> of the raw content, taken when the id was computed.</param>
    public PackBlobEntry Add(BlobType type, ContentId id, ReadOnlySpan<byte> payload, UInt128 checksum)
    {
        EnsureCapacity(payload.Length + PackLayout.TagLength);
        var offset = _length;
        var record = _buffer.AsSpan(offset, payload.Length + PackLayout.TagLength);
        _cipher.SealBlob(type, id, offset, payload, record);
        if (_verify)
        {
            Verify(type, id, offset, record, checksum);
        }

        var entry = new PackBlobEntry(type, id, (uint)offset, (uint)record.Length);
        _entries.Add(entry);
        _length += record.Length;
        return entry;
    }

    /// <summary>Seals the header, writes the trailer and hands over the finished pack.</summary>
    public FinishedPack Finish()
    {
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
            _cipher.SealHeader(plain.AsSpan(0, headerPlainLength), _buffer.AsSpan(0, PackLayout.HeaderLength), _buffer.AsSpan(_length, sealedLength));
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
        _cipher.Dispose();
        if (_buffer.Length > 0)
        {
            LargeBuffers.Pool.Return(_buffer);
            _buffer = [];
        }
    }

    private void Verify(BlobType type, ContentId id, int offset, ReadOnlySpan<byte> record, UInt128 checksum)
    {
        var name = $"pack in progress/{id}";
        var payloadLength = record.Length - PackLayout.TagLength;
        var payload = LargeBuffers.Pool.Rent(payloadLength);
        try
        {
            _cipher.OpenBlob(type, id, offset, record, payload.AsSpan(0, payloadLength));
            var rawLength = BlobPayload.GetRawLength(payload.AsSpan(0, payloadLength), name);
            var raw = LargeBuffers.Pool.Rent(rawLength);
            try
            {
                BlobPayload.DecodeInto(payload.AsSpan(0, payloadLength), raw.AsSpan(0, rawLength), name);
                if (Checksum(raw.AsSpan(0, rawLength)) != checksum)
                {
                    throw new CorruptObjectException(name, "the sealed blob does not decode to its content; it was not stored");
                }
            }
            finally
            {
                LargeBuffers.Pool.Return(raw);
            }
        }
        catch (CryptographicException ex)
        {
            throw new CorruptObjectException(name, "the sealed blob does not authenticate; it was not stored", ex);
        }
        finally
        {
            LargeBuffers.Pool.Return(payload);
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
