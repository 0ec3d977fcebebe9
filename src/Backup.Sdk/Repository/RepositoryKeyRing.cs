using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Repository;

/// <summary>The password keys of an opened repository: list, add, remove, change.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The opened key belongs to the BackupRepository, which disposes it.")]
public sealed class RepositoryKeyRing
{
    private readonly KeyStore _keyStore;
    private OpenedKey _current;

    internal RepositoryKeyRing(KeyStore keyStore, OpenedKey current)
    {
        _keyStore = keyStore;
        _current = current;
    }

    /// <summary>The key that opened the repository (the new one after <see cref="ChangePasswordAsync"/>).</summary>
    public string CurrentKeyId => _current.KeyId;

    /// <summary>Lists every key.</summary>
    /// <exception cref="CorruptObjectException">A key file is damaged.</exception>
    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<KeyInfo>();
        await foreach (var key in _keyStore.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        keys.Sort(static (a, b) => a.Created.CompareTo(b.Created));
        return keys;
    }

    /// <summary>Adds a key that opens the repository with another password; returns its id.</summary>
    /// <param name="newPassword">The new password.</param>
    /// <param name="kdf">Password hashing parameters; <see langword="null"/> calibrates them to about half a second.</param>
    /// <param name="owner">Host and user recorded in the key; defaults to this machine and user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<string> AddAsync(string newPassword, KdfParameters? kdf = null, KeyOwner? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        return _keyStore.AddAsync(_current, newPassword, kdf ?? KdfParameters.Calibrate(), owner ?? KeyOwner.Current, cancellationToken);
    }

    /// <summary>Removes a key by id or unique prefix; returns the full id.</summary>
    /// <exception cref="InvalidOperationException">The key is the one in use, or the last one.</exception>
    /// <exception cref="ObjectNotFoundException">No such key.</exception>
    public Task<string> RemoveAsync(string keyId, CancellationToken cancellationToken = default) =>
        _keyStore.RemoveAsync(keyId, _current.KeyId, cancellationToken);

    /// <summary>Replaces the current key's password: adds a key, then removes the current one. Returns the new key's id.</summary>
    public async Task<string> ChangePasswordAsync(string newPassword, KdfParameters? kdf = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var newId = await _keyStore.ChangePasswordAsync(_current, newPassword, kdf ?? KdfParameters.Calibrate(), KeyOwner.Current, cancellationToken).ConfigureAwait(false);
        _current = new OpenedKey(_current.Secret, newId, _current.RepositoryId);
        return newId;
    }
}
