using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The password-wrapped copies of a repository's master secret, stored as <c>keys/&lt;id&gt;</c> (docs/format.md, "Key files").
/// Every key wraps the same secret, so any one password opens the repository.
/// </summary>
/// <remarks>
/// Each open or add runs Argon2id with the key's parameters (about half a second with calibrated ones) on the calling thread.
/// Removal checks that another key remains, but two processes removing different keys at the same time could together remove
/// the last two; run key maintenance from one place.
/// </remarks>
public sealed class KeyStore
{
    private readonly IStorageBackend _storage;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the key store of the repository in <paramref name="storage"/>.</summary>
    /// <param name="storage">The repository's storage.</param>
    /// <param name="timeProvider">The clock that stamps new keys; <see cref="TimeProvider.System"/> by default.</param>
    public KeyStore(IStorageBackend storage, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Writes the first key of a new repository: <paramref name="secret"/> wrapped under <paramref name="password"/>.</summary>
    /// <returns>The new key's id.</returns>
    public Task<string> CreateAsync(
        RepositoryId repositoryId,
        MasterSecret secret,
        string password,
        KdfParameters kdf,
        KeyOwner owner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(kdf);
        ArgumentNullException.ThrowIfNull(owner);
        return WriteAsync(KeyFile.Create(repositoryId, secret, password, kdf, owner, _timeProvider.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// Opens the repository's keys with <paramref name="password"/>, trying <paramref name="preferredKeyId"/> first when given,
    /// then every other key.
    /// </summary>
    /// <returns>The master secret, the id of the key that opened and the repository id. The caller disposes it.</returns>
    /// <exception cref="RepositoryNotFoundException">The storage holds no key file.</exception>
    /// <exception cref="WrongPasswordException">No key opens with the password. Damaged key files are passed over like keys of other passwords.</exception>
    /// <exception cref="UnsupportedFormatVersionException">No key opens, and a key file has a version newer than this code reads.</exception>
    public async Task<OpenedKey> OpenAsync(string password, string? preferredKeyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);

        var ids = await ListIdsAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            throw new RepositoryNotFoundException(_storage.Location);
        }

        if (preferredKeyId is not null && ids.Remove(preferredKeyId))
        {
            ids.Insert(0, preferredKeyId);
        }

        UnsupportedFormatVersionException? newer = null;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            KeyFile key;
            try
            {
                key = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (CorruptObjectException)
            {
                // A damaged key cannot open; the others may.
                continue;
            }
            catch (ObjectNotFoundException)
            {
                // Removed since the listing.
                continue;
            }
            catch (UnsupportedFormatVersionException ex)
            {
                newer ??= ex;
                continue;
            }

            if (key.TryOpen(password) is { } secret)
            {
                return new OpenedKey(secret, id, key.Repository);
            }
        }

        throw newer ?? (Exception)new WrongPasswordException();
    }

    /// <summary>Lists the keys of the repository.</summary>
    /// <exception cref="CorruptObjectException">A key file is damaged.</exception>
    /// <exception cref="UnsupportedFormatVersionException">A key file has a version newer than this code reads.</exception>
    public async IAsyncEnumerable<KeyInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var id in await ListIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = await ReadAsync(id, cancellationToken).ConfigureAwait(false);
            yield return new KeyInfo(id, key.Repository, key.Created, key.Hostname, key.Username, key.Kdf);
        }
    }

    /// <summary>Adds a key: the secret of <paramref name="current"/> wrapped under <paramref name="newPassword"/>.</summary>
    /// <returns>The new key's id.</returns>
    public Task<string> AddAsync(
        OpenedKey current,
        string newPassword,
        KdfParameters kdf,
        KeyOwner owner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return CreateAsync(current.RepositoryId, current.Secret, newPassword, kdf, owner, cancellationToken);
    }

    /// <summary>
    /// Removes the key <paramref name="keyIdToRemove"/> (a full id, or a unique prefix of at least 8 hex characters).
    /// </summary>
    /// <param name="keyIdToRemove">The key to remove.</param>
    /// <param name="currentKeyId">The full id of the key in use (<see cref="OpenedKey.KeyId"/>), which may not be removed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The full id of the removed key.</returns>
    /// <exception cref="ObjectNotFoundException">No key has that id.</exception>
    /// <exception cref="ArgumentException">The prefix is shorter than 8 characters or matches several keys.</exception>
    /// <exception cref="InvalidOperationException">The key is the one in use, or the last one (the repository would be unopenable).</exception>
    public async Task<string> RemoveAsync(string keyIdToRemove, string currentKeyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyIdToRemove);
        ArgumentNullException.ThrowIfNull(currentKeyId);

        var ids = await ListIdsAsync(cancellationToken).ConfigureAwait(false);
        var id = Resolve(ids, keyIdToRemove);
        if (string.Equals(id, currentKeyId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Key {id} is the key in use; open the repository with another key to remove it.");
        }

        if (ids.Count <= 1)
        {
            throw new InvalidOperationException($"Key {id} is the last key of the repository; removing it would make the repository unopenable.");
        }

        await _storage.DeleteAsync(KeyFile.NameOf(id), cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>
    /// Changes the password of the key in use: writes a key for <paramref name="newPassword"/>, then removes
    /// <paramref name="current"/>'s key. If the removal fails, both passwords keep working.
    /// </summary>
    /// <returns>The new key's id, which becomes the key in use.</returns>
    public async Task<string> ChangePasswordAsync(
        OpenedKey current,
        string newPassword,
        KdfParameters kdf,
        KeyOwner owner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var newId = await AddAsync(current, newPassword, kdf, owner, cancellationToken).ConfigureAwait(false);
        await RemoveAsync(current.KeyId, newId, cancellationToken).ConfigureAwait(false);
        return newId;
    }

    private async Task<string> WriteAsync(KeyFile key, CancellationToken cancellationToken)
    {
        var bytes = key.Serialize();
        var id = KeyFile.IdOf(bytes);
        await _storage.PutAsync(KeyFile.NameOf(id), bytes, PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private async Task<KeyFile> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var name = KeyFile.NameOf(id);
        var bytes = await _storage.GetAsync(name, cancellationToken).ConfigureAwait(false);
        return KeyFile.Parse(name, bytes);
    }

    private async Task<List<string>> ListIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var info in _storage.ListAsync(KeyFile.Prefix, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(info.Name[KeyFile.Prefix.Length..]);
        }

        // Listings come in no particular order; sort so that tries and listings are repeatable.
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private static string Resolve(List<string> ids, string keyId)
    {
        if (ids.Contains(keyId))
        {
            return keyId;
        }

        if (keyId.Length < 8)
        {
            throw new ArgumentException($"'{keyId}' is neither a key id nor a prefix of at least 8 characters.", nameof(keyId));
        }

        var matches = ids.FindAll(id => id.StartsWith(keyId, StringComparison.OrdinalIgnoreCase));
        return matches.Count switch
        {
            0 => throw new ObjectNotFoundException(KeyFile.NameOf(keyId)),
            1 => matches[0],
            _ => throw new ArgumentException($"'{keyId}' is a prefix of {matches.Count} keys; give more characters.", nameof(keyId)),
        };
    }
}
