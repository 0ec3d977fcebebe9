using System.Security.Cryptography;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Wraps the master secret under a key-encryption key (docs/format.md, "Key files"):
/// <c>nonce (12) ‖ AES-256-GCM(KEK, nonce, M, aad = "backup-sdk/v1/key" ‖ repository id) ‖ tag (16)</c>, 92 bytes, with a random
/// nonce (each KEK is used once, its Argon2id salt being fresh).
/// </summary>
internal static class KeyWrap
{
    /// <summary>The size of a wrapped secret.</summary>
    public const int WrappedSize = AeadSizes.Nonce + MasterSecret.Size + AeadSizes.Tag;

    private static ReadOnlySpan<byte> Label => "backup-sdk/v1/key"u8;

    /// <summary>Wraps <paramref name="secret"/> for the repository <paramref name="repositoryId"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> kek, RepositoryId repositoryId, MasterSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var wrapped = new byte[WrappedSize];
        var nonce = wrapped.AsSpan(0, AeadSizes.Nonce);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> aad = stackalloc byte[Label.Length + RepositoryId.Size];
        WriteAad(repositoryId, aad);
        using var aes = new AesGcm(kek, AeadSizes.Tag);
        aes.Encrypt(nonce, secret.Bytes, wrapped.AsSpan(AeadSizes.Nonce, MasterSecret.Size), wrapped.AsSpan(AeadSizes.Nonce + MasterSecret.Size), aad);
        return wrapped;
    }

    /// <summary>
    /// Unwraps a secret, or returns <see langword="null"/> when the tag does not match: another password, another repository id,
    /// or altered bytes; the three are indistinguishable by design.
    /// </summary>
    public static MasterSecret? TryUnwrap(ReadOnlySpan<byte> kek, RepositoryId repositoryId, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length != WrappedSize)
        {
            return null;
        }

        Span<byte> aad = stackalloc byte[Label.Length + RepositoryId.Size];
        WriteAad(repositoryId, aad);
        Span<byte> plaintext = stackalloc byte[MasterSecret.Size];
        try
        {
            using var aes = new AesGcm(kek, AeadSizes.Tag);
            aes.Decrypt(wrapped[..AeadSizes.Nonce], wrapped.Slice(AeadSizes.Nonce, MasterSecret.Size), wrapped[^AeadSizes.Tag..], plaintext, aad);
            return MasterSecret.FromBytes(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static void WriteAad(RepositoryId repositoryId, Span<byte> aad)
    {
        Label.CopyTo(aad);
        repositoryId.WriteTo(aad[Label.Length..]);
    }
}
