using System.Security.Cryptography;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The per-object key of a pack or sealed file (docs/format.md, "Object keys and nonces"):
/// <c>K_obj = HKDF-SHA256(ikm = K_enc, salt = S, info = "backup-sdk/v1/object")</c>, 32 bytes, with a fresh random 32-byte salt
/// per object so that a key, and so a nonce under it, is never reused.
/// </summary>
internal static class ObjectKey
{
    /// <summary>The size of an object's salt in bytes.</summary>
    public const int SaltSize = 32;

    /// <summary>The size of the derived key in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Draws a fresh salt.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>Derives the key of the object whose salt is <paramref name="salt"/> into <paramref name="objectKey"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt, Span<byte> objectKey)
    {
        if (encryptionKey.Length != RepositoryKeys.KeySize)
        {
            throw new ArgumentException($"K_enc is {RepositoryKeys.KeySize} bytes, not {encryptionKey.Length}.", nameof(encryptionKey));
        }

        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"An object salt is {SaltSize} bytes, not {salt.Length}.", nameof(salt));
        }

        if (objectKey.Length != KeySize)
        {
            throw new ArgumentException($"An object key is {KeySize} bytes.", nameof(objectKey));
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, encryptionKey, objectKey, salt, "backup-sdk/v1/object"u8);
    }

    /// <summary>Creates the AES-256-GCM instance of an object; the derived key does not outlive this call.</summary>
    public static AesGcm CreateCipher(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> salt)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            Derive(encryptionKey, salt, key);
            return new AesGcm(key, AeadSizes.Tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
