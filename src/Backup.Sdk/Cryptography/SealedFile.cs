using System.Security.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Seals and opens config, index and snapshot files (docs/format.md, "Sealed files"):
/// <c>"BSDK" ‖ type ‖ version ‖ 0x0000 ‖ repository id (16) ‖ salt (32) ‖ ciphertext ‖ tag (16)</c>, encrypted under
/// <c>K_obj(salt)</c> with an all-zero nonce and the 56 header bytes as aad.
/// </summary>
internal static class SealedFile
{
    /// <summary>The format version this code writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The size of the cleartext header (the aad).</summary>
    public const int HeaderSize = 56;

    /// <summary>The shortest possible sealed file: a header, an empty ciphertext and a tag.</summary>
    public const int MinimumSize = HeaderSize + AeadSizes.Tag;

    private const int TypeOffset = 4;
    private const int VersionOffset = 5;
    private const int RepositoryIdOffset = 8;
    private const int SaltOffset = 24;

    private static ReadOnlySpan<byte> Magic => "BSDK"u8;

    /// <summary>Seals <paramref name="plaintext"/> as a file of <paramref name="type"/> in the repository <paramref name="repositoryId"/>.</summary>
    /// <returns>The bytes to store.</returns>
    public static byte[] Seal(RepositoryKeys keys, SealedFileType type, RepositoryId repositoryId, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown sealed file type.");
        }

        var stored = new byte[HeaderSize + plaintext.Length + AeadSizes.Tag];
        var header = stored.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        header[TypeOffset] = (byte)type;
        header[VersionOffset] = CurrentVersion;
        repositoryId.WriteTo(header[RepositoryIdOffset..]);
        var salt = header.Slice(SaltOffset, ObjectKey.SaltSize);
        RandomNumberGenerator.Fill(salt);

        using var aes = ObjectKey.CreateCipher(keys.EncryptionKey, salt);
        Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
        nonce.Clear();
        aes.Encrypt(nonce, plaintext, stored.AsSpan(HeaderSize, plaintext.Length), stored.AsSpan(HeaderSize + plaintext.Length), header);
        return stored;
    }

    /// <summary>
    /// Reads the cleartext header, checking in order the length, the magic and the version; the type and repository id are
    /// returned unchecked and unauthenticated.
    /// </summary>
    /// <exception cref="CorruptObjectException">The file is shorter than <see cref="MinimumSize"/> or does not start with the magic.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The version is not one this code reads.</exception>
    public static SealedFileHeader ReadHeader(string objectName, ReadOnlySpan<byte> stored)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        if (stored.Length < MinimumSize)
        {
            throw new CorruptObjectException(objectName, $"it is {stored.Length} bytes long, shorter than the {MinimumSize} bytes of an empty sealed file.");
        }

        if (!stored.StartsWith(Magic))
        {
            throw new CorruptObjectException(objectName, "it does not start with the magic \"BSDK\" of a sealed file.");
        }

        int version = stored[VersionOffset];
        if (version != CurrentVersion)
        {
            throw new UnsupportedFormatVersionException(objectName, version, CurrentVersion);
        }

        return new SealedFileHeader((SealedFileType)stored[TypeOffset], version, new RepositoryId(stored.Slice(RepositoryIdOffset, RepositoryId.Size)));
    }

    /// <summary>
    /// Opens a sealed file, checking in the order docs/format.md gives: length, magic, version, type, repository id, tag and,
    /// for files named by their hash (index, snapshot), that the last segment of <paramref name="objectName"/> is the SHA-256 of
    /// <paramref name="stored"/>.
    /// </summary>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CorruptObjectException">Truncated, bad magic, another type, a failed tag or a hash that does not match the name.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The version is not one this code reads.</exception>
    /// <exception cref="RepositoryMismatchException">The file belongs to another repository.</exception>
    /// <exception cref="ArgumentException">An index or snapshot name does not end in a 64-hex-character id.</exception>
    public static byte[] Open(RepositoryKeys keys, SealedFileType expectedType, RepositoryId repositoryId, string objectName, ReadOnlySpan<byte> stored)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var header = ReadHeader(objectName, stored);
        if (header.Type != expectedType)
        {
            throw new CorruptObjectException(objectName, $"it is a sealed file of type {(byte)header.Type}, not of type {(byte)expectedType} ({expectedType}).");
        }

        if (header.RepositoryId != repositoryId)
        {
            throw new RepositoryMismatchException(objectName, repositoryId.ToString(), header.RepositoryId.ToString());
        }

        var headerBytes = stored[..HeaderSize];
        var ciphertextLength = stored.Length - MinimumSize;
        var plaintext = new byte[ciphertextLength];
        try
        {
            using var aes = ObjectKey.CreateCipher(keys.EncryptionKey, headerBytes.Slice(SaltOffset, ObjectKey.SaltSize));
            Span<byte> nonce = stackalloc byte[AeadSizes.Nonce];
            nonce.Clear();
            aes.Decrypt(nonce, stored.Slice(HeaderSize, ciphertextLength), stored[^AeadSizes.Tag..], plaintext, headerBytes);
        }
        catch (CryptographicException ex)
        {
            throw new CorruptObjectException(objectName, "its authentication tag does not match (altered, truncated or sealed with other keys).", ex);
        }

        if (expectedType != SealedFileType.Config)
        {
            VerifyName(objectName, stored);
        }

        return plaintext;
    }

    /// <summary>The storage name of a sealed file: <c>config</c>, or <c>index/&lt;sha256&gt;</c> and <c>snapshots/&lt;sha256&gt;</c>.</summary>
    public static string NameFor(SealedFileType type, ReadOnlySpan<byte> stored) => type switch
    {
        SealedFileType.Config => "config",
        SealedFileType.Index => "index/" + HashName(stored),
        SealedFileType.Snapshot => "snapshots/" + HashName(stored),
        SealedFileType.DrillRecord => "drills/" + HashName(stored),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown sealed file type."),
    };

    private static string HashName(ReadOnlySpan<byte> stored)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(stored, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void VerifyName(string objectName, ReadOnlySpan<byte> stored)
    {
        var slash = objectName.LastIndexOf('/');
        if (!ContentId.TryParse(objectName.AsSpan(slash + 1), out var named))
        {
            throw new ArgumentException($"'{objectName}' does not end in the id of its content.", nameof(objectName));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(stored, hash);
        if (new ContentId(hash) != named)
        {
            throw new CorruptObjectException(objectName, "the SHA-256 of its content does not match its name.");
        }
    }
}
