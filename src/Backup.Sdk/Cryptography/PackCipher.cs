using System.Buffers.Binary;
using System.Security.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Seals and opens the blob records and the header of one pack (docs/format.md, "Packs") under the pack's key
/// <c>K_obj(S)</c>. A blob record at pack offset <c>o</c> uses the nonce <c>u64(o) ‖ 0x00000000</c> and the aad
/// <c>type ‖ blob id</c>; the header uses the nonce <c>0xFF × 12</c>, which no offset nonce can equal.
/// </summary>
/// <remarks>
/// Not thread-safe (it owns one <see cref="AesGcm"/>): use one instance per pack being written, and one per reader when blobs of
/// a pack are opened in parallel. Creating one costs an HKDF and an AES key schedule. The methods allocate nothing.
/// </remarks>
internal sealed class PackCipher : IDisposable
{
    private const int AadSize = 1 + ContentId.Size;

    private readonly AesGcm _aes;

    /// <summary>Creates the cipher of the pack whose salt is <paramref name="salt"/> (32 bytes).</summary>
    public PackCipher(RepositoryKeys keys, ReadOnlySpan<byte> salt)
        : this(RequireKeys(keys).EncryptionKey, salt)
    {
    }

    /// <summary>Creates the cipher from <c>K_enc</c> and the pack's salt (32 bytes each).</summary>
    public PackCipher(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt)
    {
        _aes = ObjectKey.CreateCipher(encryptionKey, salt);
    }

    /// <summary>How many bytes a blob record adds to its payload: the GCM tag.</summary>
    public static int RecordOverhead => AeadSizes.Tag;

    /// <summary>
    /// Encrypts <paramref name="payload"/> as the record of blob <paramref name="id"/> at pack offset <paramref name="offset"/>,
    /// writing ciphertext then tag into <paramref name="destination"/>.
    /// </summary>
    /// <returns>The record length: <c>payload.Length + </c><see cref="RecordOverhead"/>.</returns>
    public int SealBlob(BlobType type, ContentId id, long offset, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var length = payload.Length + AeadSizes.Tag;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the record needs {length}.", nameof(destination));
        }

        Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
        Span<byte> aad = stackalloc byte[AadSize];
        WriteBlobNonce(offset, nonce);
        WriteBlobAad(type, id, aad);
        _aes.Encrypt(nonce, payload, destination[..payload.Length], destination.Slice(payload.Length, AeadSizes.Tag), aad);
        return length;
    }

    /// <summary>
    /// Decrypts and authenticates the record of blob <paramref name="id"/> read at pack offset <paramref name="offset"/>, writing
    /// the payload (<c>record.Length - </c><see cref="RecordOverhead"/> bytes) into <paramref name="payloadDestination"/>.
    /// </summary>
    /// <exception cref="AuthenticationTagMismatchException">The record, type, id or offset do not match what was sealed.</exception>
    /// <exception cref="CryptographicException">The record is shorter than a tag.</exception>
    public void OpenBlob(BlobType type, ContentId id, long offset, ReadOnlySpan<byte> record, Span<byte> payloadDestination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var payloadLength = PayloadLength(record.Length, payloadDestination.Length, nameof(payloadDestination));
        Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
        Span<byte> aad = stackalloc byte[AadSize];
        WriteBlobNonce(offset, nonce);
        WriteBlobAad(type, id, aad);
        _aes.Decrypt(nonce, record[..payloadLength], record[payloadLength..], payloadDestination[..payloadLength], aad);
    }

    /// <summary>
    /// Encrypts the pack header <paramref name="plaintext"/> with the nonce <c>0xFF × 12</c> and the aad
    /// <paramref name="associatedData"/> (the first 60 bytes of the pack), writing ciphertext then tag into
    /// <paramref name="destination"/>.
    /// </summary>
    /// <returns>The sealed length: <c>plaintext.Length + </c><see cref="RecordOverhead"/>.</returns>
    public int SealHeader(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        var length = plaintext.Length + AeadSizes.Tag;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the header needs {length}.", nameof(destination));
        }

        Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
        nonce.Fill(0xFF);
        _aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, AeadSizes.Tag), associatedData);
        return length;
    }

    /// <summary>Decrypts and authenticates a header sealed by <see cref="SealHeader"/> into <paramref name="plaintextDestination"/>.</summary>
    /// <exception cref="AuthenticationTagMismatchException">The header or <paramref name="associatedData"/> were altered.</exception>
    /// <exception cref="CryptographicException">The sealed header is shorter than a tag.</exception>
    public void OpenHeader(ReadOnlySpan<byte> sealedHeader, ReadOnlySpan<byte> associatedData, Span<byte> plaintextDestination)
    {
        var plaintextLength = PayloadLength(sealedHeader.Length, plaintextDestination.Length, nameof(plaintextDestination));
        Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
        nonce.Fill(0xFF);
        _aes.Decrypt(nonce, sealedHeader[..plaintextLength], sealedHeader[plaintextLength..], plaintextDestination[..plaintextLength], associatedData);
    }

    /// <summary>Releases the AES key schedule.</summary>
    public void Dispose() => _aes.Dispose();

    private static int PayloadLength(int sealedLength, int destinationLength, string destinationName)
    {
        var payloadLength = sealedLength - AeadSizes.Tag;
        if (payloadLength < 0)
        {
            // A truncated record is damaged data, not a caller mistake: report it as the decryption failure it is.
            throw new CryptographicException($"A sealed record of {sealedLength} bytes is shorter than its {AeadSizes.Tag}-byte tag.");
        }

        if (destinationLength < payloadLength)
        {
            throw new ArgumentException($"The destination holds {destinationLength} bytes; the plaintext is {payloadLength}.", destinationName);
        }

        return payloadLength;
    }

    private static void WriteBlobNonce(long offset, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, (ulong)offset);
        nonce[8..].Clear();
    }

    private static void WriteBlobAad(BlobType type, ContentId id, Span<byte> aad)
    {
        aad[0] = (byte)type;
        id.WriteTo(aad[1..]);
    }

    private static RepositoryKeys RequireKeys(RepositoryKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys;
    }
}
