using Backup.Sdk.Cryptography;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository;

/// <summary>The password keys of an opened repository: list, add, remove, change.</summary>
public sealed class RepositoryKeyRing
{
    private readonly IStorageBackend _storage;
    private readonly MasterSecret _secret;
    private readonly byte[] _repositoryId;
    private readonly KeyStore _keyStore;

    internal RepositoryKeyRing(IStorageBackend storage, MasterSecret secret, byte[] repositoryId, string currentKeyId, TimeProvider timeProvider)
    {
        _storage = storage;
        _secret = secret;
        _repositoryId = repositoryId;
        CurrentKeyId = currentKeyId;
        _keyStore = new KeyStore(timeProvider);
    }

    /// <summary>The key that opened the repository (changes after <see cref="ChangePasswordAsync"/>).</summary>
    public string CurrentKeyId { get; private set; }

    /// <summary>Lists every key.</summary>
    public Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _keyStore.ListAsync(_storage, cancellationToken);

    /// <summary>Adds a key that opens the repository with another password; returns its id.</summary>
    public Task<string> AddAsync(string newPassword, KdfParameters? kdf = null, KeyOwner? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        return _keyStore.CreateAsync(_storage, _repositoryId, _secret, newPassword, kdf ?? KdfParameters.Calibrate(), owner ?? KeyOwner.Current, cancellationToken);
    }

    /// <summary>Removes a key; never the one in use, never the last.</summary>
    public Task RemoveAsync(string keyId, CancellationToken cancellationToken = default) =>
        _keyStore.RemoveAsync(_storage, keyId, CurrentKeyId, cancellationToken);

    /// <summary>Replaces the current key's password: adds a key, then removes the current one. Returns the new key's id.</summary>
    public async Task<string> ChangePasswordAsync(string newPassword, KdfParameters? kdf = null, CancellationToken cancellationToken = default)
    {
        var newId = await AddAsync(newPassword, kdf, null, cancellationToken).ConfigureAwait(false);
        var old = CurrentKeyId;
        CurrentKeyId = newId;
        await _keyStore.RemoveAsync(_storage, old, newId, cancellationToken).ConfigureAwait(false);
        return newId;
    }
}
