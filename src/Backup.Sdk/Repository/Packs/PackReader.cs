using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository.Packs;

/// <summary>What a pack's own header says it holds.</summary>
/// <param name="Id">The pack id.</param>
/// <param name="Salt">The pack's key salt.</param>
/// <param name="Length">The pack's size in bytes.</param>
/// <param name="Entries">The blobs, in file order.</param>
internal sealed record PackContents(ContentId Id, byte[] Salt, long Length, IReadOnlyList<PackBlobEntry> Entries);

/// <summary>Reads packs: the header without any index, and single blob records.</summary>
internal static class PackReader
{
    /// <summary>Reads and authenticates a pack's header and the list of blobs it declares.</summary>
    public static async Task<PackContents> ReadHeaderAsync(IStorageBackend storage, RepositoryKeys keys, RepositoryId repositoryId, ContentId packId, CancellationToken cancellationToken)
    {
        var name = PackLayout.NameOf(packId);
        var info = await storage.StatAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new ObjectNotFoundException(name);
        const int minimum = PackLayout.HeaderLength + 4 + PackLayout.TagLength + PackLayout.TrailerLength;
        if (info.Length < minimum)
        {
            throw new CorruptObjectException(name, $"the pack is truncated ({info.Length} bytes)");
        }

        var header = new byte[PackLayout.HeaderLength];
        var trailer = new byte[PackLayout.TrailerLength];
        await storage.ReadAsync(name, 0, header, cancellationToken).ConfigureAwait(false);
        await storage.ReadAsync(name, info.Length - PackLayout.TrailerLength, trailer, cancellationToken).ConfigureAwait(false);
        CheckHeader(name, header, repositoryId);

        var sealedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (sealedLength < 4 + PackLayout.TagLength || sealedLength > info.Length - PackLayout.HeaderLength - PackLayout.TrailerLength)
        {
            throw new CorruptObjectException(name, $"the pack trailer declares an impossible header length {sealedLength}");
        }

        var recordsEnd = info.Length - PackLayout.TrailerLength - sealedLength;
        var sealedHeader = new byte[sealedLength];
        await storage.ReadAsync(name, recordsEnd, sealedHeader, cancellationToken).ConfigureAwait(false);

        var salt = header.AsSpan(PackLayout.SaltOffset, PackLayout.SaltLength).ToArray();
        var plain = new byte[sealedLength - PackLayout.TagLength];
        using (var cipher = new PackCipher(keys, salt))
        {
            try
            {
                cipher.OpenHeader(sealedHeader, header, plain);
            }
            catch (CryptographicException ex)
            {
                throw new CorruptObjectException(name, "the pack header does not authenticate", ex);
            }
        }

        return new PackContents(packId, salt, info.Length, ParseEntries(name, plain, recordsEnd));
    }

    /// <summary>Opens one blob record, decodes it and checks that it hashes to its id.</summary>
    public static byte[] OpenBlob(RepositoryKeys keys, ContentIdHasher hasher, ReadOnlySpan<byte> salt, BlobType type, ContentId id, uint offset, ReadOnlySpan<byte> record, string objectName)
    {
        return Open(keys, hasher, salt, type, id, offset, record, objectName);
    }

    /// <summary>
    /// Opens a blob whose record the caller read into <paramref name="record"/> (rented from <see cref="LargeBuffers.Pool"/>,
    /// <paramref name="length"/> bytes used) and hands over: decrypted in place, and a stored (uncompressed) payload is
    /// returned where it lies, so a blob holds one buffer instead of three. The record array always goes back to the
    /// pool: with the result, or at once when opening fails.
    /// </summary>
    public static RentedBlob OpenOwnedRecord(RepositoryKeys keys, ContentIdHasher hasher, ReadOnlySpan<byte> salt, BlobType type, ContentId id, uint offset, byte[] record, int length, string objectName)
    {
        byte[]? owned = record;
        byte[]? raw = null;
        try
        {
            var plain = DecryptInPlace(keys, salt, type, id, offset, record.AsSpan(0, length), objectName);
            var rawLength = BlobPayload.GetRawLength(plain, objectName);
            RentedBlob result;
            if (BlobPayload.IsStored(plain))
            {
                result = new RentedBlob(record, 1, rawLength);
            }
            else
            {
                raw = LargeBuffers.Pool.Rent(rawLength);
                BlobPayload.DecodeInto(plain, raw.AsSpan(0, rawLength), objectName);
                result = new RentedBlob(raw, 0, rawLength);
            }

            if (hasher.Compute(type, result.Memory.Span) != id)
            {
                throw new CorruptObjectException(objectName, $"blob {id} does not hash to its id");
            }

            if (result.Owns(record))
            {
                owned = null;
            }

            raw = null;
            return result;
        }
        finally
        {
            if (owned is not null)
            {
                LargeBuffers.Pool.Return(owned);
            }

            if (raw is not null)
            {
                LargeBuffers.Pool.Return(raw);
            }
        }
    }

    /// <summary>
    /// Authenticates, decompresses and re-hashes a blob whose record lies in a buffer the caller may overwrite (a whole
    /// pack read for check --read-data): decrypted in place, a stored payload hashed where it lies, a compressed one
    /// decoded a piece at a time into the id's hash (<see cref="PayloadPieces"/>), never whole.
    /// </summary>
    /// <exception cref="CorruptObjectException">The record does not authenticate, decode or hash to its id.</exception>
    public static void VerifyInPlace(RepositoryKeys keys, ContentIdHasher hasher, ReadOnlySpan<byte> salt, BlobType type, ContentId id, uint offset, Span<byte> record, string objectName)
    {
        var plain = DecryptInPlace(keys, salt, type, id, offset, record, objectName);
        var rawLength = BlobPayload.GetRawLength(plain, objectName);
        if (BlobPayload.IsStored(plain))
        {
            CheckHash(hasher, type, id, plain.Slice(1, rawLength), objectName);
            return;
        }

        using var hash = hasher.CreateIncremental(type);
        PayloadPieces.Hash(plain, hash, objectName);
        CheckIncremental(hash, id, objectName);
    }

    /// <summary>Compares the id hashed piece by piece with <paramref name="id"/>.</summary>
    /// <exception cref="CorruptObjectException">They differ.</exception>
    internal static void CheckIncremental(IncrementalHash hash, ContentId id, string objectName)
    {
        Span<byte> computed = stackalloc byte[ContentId.Size];
        hash.GetHashAndReset(computed);
        if (new ContentId(computed) != id)
        {
            throw new CorruptObjectException(objectName, $"blob {id} does not hash to its id");
        }
    }

    private static void CheckHash(ContentIdHasher hasher, BlobType type, ContentId id, ReadOnlySpan<byte> content, string objectName)
    {
        if (hasher.Compute(type, content) != id)
        {
            throw new CorruptObjectException(objectName, $"blob {id} does not hash to its id");
        }
    }

    /// <summary>Decrypts a record over itself (AES-GCM allows an exact overlap); returns the payload.</summary>
    internal static Span<byte> DecryptInPlace(RepositoryKeys keys, ReadOnlySpan<byte> salt, BlobType type, ContentId id, uint offset, Span<byte> record, string objectName)
    {
        if (record.Length < PackLayout.TagLength + 1)
        {
            throw new CorruptObjectException(objectName, $"blob {id} is truncated");
        }

        var payload = record[..^PackLayout.TagLength];
        using var cipher = new PackCipher(keys, salt);
        try
        {
            cipher.OpenBlob(type, id, offset, record, payload);
        }
        catch (CryptographicException ex)
        {
            throw new CorruptObjectException(objectName, $"{type.ToString().ToLowerInvariant()} blob {id} does not authenticate", ex);
        }

        return payload;
    }

    private static byte[] Open(
        RepositoryKeys keys, ContentIdHasher hasher, ReadOnlySpan<byte> salt, BlobType type, ContentId id, uint offset, ReadOnlySpan<byte> record, string objectName)
    {
        if (record.Length < PackLayout.TagLength + 1)
        {
            throw new CorruptObjectException(objectName, $"blob {id} is truncated");
        }

        var payloadLength = record.Length - PackLayout.TagLength;
        var payload = LargeBuffers.Pool.Rent(payloadLength);
        try
        {
            using (var cipher = new PackCipher(keys, salt))
            {
                try
                {
                    cipher.OpenBlob(type, id, offset, record, payload.AsSpan(0, payloadLength));
                }
                catch (CryptographicException ex)
                {
                    throw new CorruptObjectException(objectName, $"{type.ToString().ToLowerInvariant()} blob {id} does not authenticate", ex);
                }
            }

            var plain = payload.AsSpan(0, payloadLength);
            var rawLength = BlobPayload.GetRawLength(plain, objectName);
            var raw = new byte[rawLength];
            BlobPayload.DecodeInto(plain, raw, objectName);
            CheckHash(hasher, type, id, raw, objectName);
            return raw;
        }
        finally
        {
            LargeBuffers.Pool.Return(payload);
        }
    }

    private static void CheckHeader(string name, ReadOnlySpan<byte> header, RepositoryId repositoryId)
    {
        if (!header[..PackLayout.MagicLength].SequenceEqual(PackLayout.Magic))
        {
            throw new CorruptObjectException(name, "not a pack (bad magic)");
        }

        if (header[PackLayout.MagicLength] != PackLayout.FormatVersion)
        {
            throw new UnsupportedFormatVersionException(name, header[PackLayout.MagicLength], PackLayout.FormatVersion);
        }

        var actual = new RepositoryId(header.Slice(PackLayout.RepositoryIdOffset, RepositoryId.Size));
        if (actual != repositoryId)
        {
            throw new RepositoryMismatchException(name, repositoryId.ToString(), actual.ToString());
        }
    }

    private static PackBlobEntry[] ParseEntries(string name, ReadOnlySpan<byte> plain, long recordsEnd)
    {
        var count = BinaryPrimitives.ReadUInt32LittleEndian(plain);
        if ((long)count * PackLayout.EntryLength != plain.Length - 4)
        {
            throw new CorruptObjectException(name, "the pack header's blob count does not match its length");
        }

        var entries = new PackBlobEntry[count];
        long expectedOffset = PackLayout.HeaderLength;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = PackLayout.ReadEntry(plain.Slice(4 + (i * PackLayout.EntryLength), PackLayout.EntryLength));
            if (entry.Type is not (BlobType.Data or BlobType.Tree) || entry.Offset != expectedOffset || entry.Length <= PackLayout.TagLength || entry.Offset + (long)entry.Length > recordsEnd)
            {
                throw new CorruptObjectException(name, $"the pack header's entry {i} is inconsistent");
            }

            expectedOffset += entry.Length;
            entries[i] = entry;
        }

        return expectedOffset == recordsEnd ? entries : throw new CorruptObjectException(name, "the pack holds bytes that its header does not list");
    }
}
