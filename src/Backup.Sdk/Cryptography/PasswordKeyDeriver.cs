using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Derives the key-encryption key of a key file: <c>KEK = Argon2id(password as UTF-8, salt, memoryKiB, iterations, parallelism)</c>,
/// 32 bytes, computed by libsodium through NSec.
/// </summary>
internal static class PasswordKeyDeriver
{
    /// <summary>The salt size libsodium requires, in bytes.</summary>
    public const int SaltSize = 16;

    /// <summary>The size of the derived key, in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Derives the key for <paramref name="password"/> into <paramref name="key"/> (32 bytes).</summary>
    public static void DeriveKey(string password, ReadOnlySpan<byte> salt, KdfParameters parameters, Span<byte> key)
    {
        ArgumentNullException.ThrowIfNull(password);
        var length = Encoding.UTF8.GetMaxByteCount(password.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var written = 0;
        try
        {
            written = Encoding.UTF8.GetBytes(password, buffer);
            DeriveKey(buffer.AsSpan(0, written), salt, parameters, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, written));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Derives the key for the UTF-8 bytes of a password into <paramref name="key"/> (32 bytes).</summary>
    public static void DeriveKey(ReadOnlySpan<byte> passwordUtf8, ReadOnlySpan<byte> salt, KdfParameters parameters, Span<byte> key)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"An Argon2id salt is {SaltSize} bytes, not {salt.Length}.", nameof(salt));
        }

        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The derived key is {KeySize} bytes.", nameof(key));
        }

        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = parameters.Parallelism,
            MemorySize = parameters.MemoryKiB,
            NumberOfPasses = parameters.Iterations,
        });
        algorithm.DeriveBytes(passwordUtf8, salt, key);
    }
}
