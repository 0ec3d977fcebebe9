namespace Backup.Sdk.Cryptography;

/// <summary>The AES-256-GCM sizes the format uses.</summary>
internal static class AeadSizes
{
    /// <summary>Nonce size in bytes.</summary>
    public const int Nonce = 12;

    /// <summary>Tag size in bytes.</summary>
    public const int Tag = 16;
}
