using System.Security.Cryptography;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The 64-byte secret from which every key of a repository is derived. It is drawn once, when the repository is created, and
/// stored only wrapped under passwords (<see cref="KeyStore"/>). Dispose it as soon as it is no longer needed: disposal zeroes
/// the bytes.
/// </summary>
public sealed class MasterSecret : IDisposable
{
    /// <summary>The size of the secret in bytes.</summary>
    public const int Size = 64;

    // Pinned so that the garbage collector never leaves a copy behind when it compacts the heap.
    private readonly byte[] _bytes = GC.AllocateArray<byte>(Size, pinned: true);
    private bool _disposed;

    private MasterSecret()
    {
    }

    /// <summary>Draws a new secret from the system's cryptographic random number generator.</summary>
    public static MasterSecret Generate()
    {
        var secret = new MasterSecret();
        RandomNumberGenerator.Fill(secret._bytes);
        return secret;
    }

    /// <summary>Creates a secret from its bytes (an unwrapped key, or a fixed secret in tests).</summary>
    internal static MasterSecret FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A master secret is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        var secret = new MasterSecret();
        bytes.CopyTo(secret._bytes);
        return secret;
    }

    /// <summary>The secret's bytes; valid until <see cref="Dispose"/>.</summary>
    internal ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Zeroes the secret. Using it afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }
}
