using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository;

/// <summary>Writes and reads sealed files named by the SHA-256 of their stored bytes (index and snapshot files).</summary>
internal sealed class SealedFileStore(IStorageBackend storage, RepositoryKeys keys, RepositoryId repositoryId)
{
    public IStorageBackend Storage => storage;

    public static string NameOf(string folder, ContentId id) => $"{folder}/{id}";

    /// <summary>Seals and stores <paramref name="plaintext"/>; returns its id.</summary>
    public async Task<ContentId> SaveAsync(SealedFileType type, string folder, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var stored = SealedFile.Seal(keys, type, repositoryId, plaintext.Span);
        var id = new ContentId(SHA256.HashData(stored));
        var name = NameOf(folder, id);
        try
        {
            await storage.PutAsync(name, stored, PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Named by content: an object already there under this name is this object (a retried write whose first
            // attempt succeeded). A salt is fresh for every seal, so this happens only on such retries.
        }

        return id;
    }

    /// <summary>Reads, checks and opens a sealed file.</summary>
    /// <exception cref="ObjectNotFoundException">The file does not exist.</exception>
    /// <exception cref="CorruptObjectException">The file does not match its name or does not authenticate.</exception>
    public async Task<byte[]> LoadAsync(SealedFileType type, string folder, ContentId id, CancellationToken cancellationToken)
    {
        var name = NameOf(folder, id);
        var stored = await storage.GetAsync(name, cancellationToken).ConfigureAwait(false);

        // Open checks the type, version and repository in the header, the tag, and that the SHA-256 matches the name.
        return SealedFile.Open(keys, type, repositoryId, name, stored);
    }

    /// <summary>Lists the ids of the files in a folder, skipping names that are not ids.</summary>
    public async IAsyncEnumerable<ContentId> ListAsync(string folder, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = folder + "/";
        await foreach (var info in storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (ContentId.TryParse(info.Name.AsSpan(prefix.Length), out var id))
            {
                yield return id;
            }
        }
    }
}
