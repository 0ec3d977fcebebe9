namespace Backup.Sdk.Cryptography;

/// <summary>The result of opening a repository's keys with a password. Disposing it disposes <see cref="Secret"/>.</summary>
public sealed class OpenedKey : IDisposable
{
    internal OpenedKey(MasterSecret secret, string keyId, RepositoryId repositoryId)
    {
        Secret = secret;
        KeyId = keyId;
        RepositoryId = repositoryId;
    }

    /// <summary>The repository's master secret.</summary>
    public MasterSecret Secret { get; }

    /// <summary>The id of the key file that opened (the key "in use").</summary>
    public string KeyId { get; }

    /// <summary>The repository id, authenticated by the unwrapping.</summary>
    public RepositoryId RepositoryId { get; }

    /// <summary>Zeroes the master secret.</summary>
    public void Dispose() => Secret.Dispose();
}
