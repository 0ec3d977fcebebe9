using System.Runtime.CompilerServices;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>Saves, loads, lists and resolves the snapshots of an opened repository.</summary>
public sealed class SnapshotStore
{
    private const string Folder = "snapshots";

    /// <summary>The word that names the newest snapshot.</summary>
    public const string Latest = "latest";

    /// <summary>The fewest hex characters accepted as an id prefix.</summary>
    public const int MinPrefixLength = 8;

    private readonly SealedFileStore _files;
    private readonly RepositoryOptions _options;

    internal SnapshotStore(SealedFileStore files, RepositoryOptions options)
    {
        _files = files;
        _options = options;
    }

    /// <summary>Stores a snapshot and sets its <see cref="Snapshot.Id"/>. Everything it refers to must be stored first.</summary>
    public async Task<ContentId> SaveAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, RepositoryJsonContext.Default.Snapshot);
        var id = await _files.SaveAsync(SealedFileType.Snapshot, Folder, json, cancellationToken).ConfigureAwait(false);
        snapshot.Id = id;
        return id;
    }

    /// <summary>Loads one snapshot.</summary>
    /// <exception cref="ObjectNotFoundException">No such snapshot.</exception>
    /// <exception cref="CorruptObjectException">The snapshot file is damaged.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The snapshot is of a newer format.</exception>
    public async Task<Snapshot> LoadAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        var name = SealedFileStore.NameOf(Folder, id);
        var plain = await _files.LoadAsync(SealedFileType.Snapshot, Folder, id, cancellationToken).ConfigureAwait(false);
        var snapshot = JsonObjectReader.Read(plain, RepositoryJsonContext.Default.Snapshot, name, "snapshot");

        if (snapshot.Version > 1)
        {
            throw new UnsupportedFormatVersionException(name, snapshot.Version, 1);
        }

        snapshot.Id = id;
        return snapshot;
    }

    /// <summary>Lists the ids of all snapshots, without reading them.</summary>
    public IAsyncEnumerable<ContentId> ListIdsAsync(CancellationToken cancellationToken = default) => _files.ListAsync(Folder, cancellationToken);

    /// <summary>
    /// Loads every snapshot, oldest first. A snapshot removed between the listing and its load (a concurrent forget) is
    /// left out, as if the listing had come a moment later.
    /// </summary>
    public async Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<ContentId>();
        await foreach (var id in ListIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var snapshots = new Snapshot?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentReads, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                snapshots[i] = await LoadAsync(ids[i], ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                // Forgotten since the listing.
            }
        }).ConfigureAwait(false);

        var loaded = snapshots.OfType<Snapshot>().ToArray();
        Array.Sort(loaded, static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Id.CompareTo(b.Id));
        return loaded;
    }

    /// <summary>
    /// Resolves a full id, a unique prefix of at least <see cref="MinPrefixLength"/> hex characters, or <c>latest</c>
    /// (the newest snapshot that <paramref name="filter"/> accepts).
    /// </summary>
    /// <exception cref="ObjectNotFoundException">Nothing matches.</exception>
    /// <exception cref="ArgumentException">The text is not an id, a long enough prefix or <c>latest</c>, or the prefix is ambiguous.</exception>
    public async Task<ContentId> ResolveAsync(string text, Func<Snapshot, bool>? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (string.Equals(text, Latest, StringComparison.OrdinalIgnoreCase))
        {
            var all = await ListAsync(cancellationToken).ConfigureAwait(false);
            var newest = all.LastOrDefault(s => filter?.Invoke(s) ?? true);
            return newest?.Id ?? throw new ObjectNotFoundException("snapshot 'latest' (the repository has no matching snapshot)");
        }

        if (ContentId.TryParse(text, out var full))
        {
            return full;
        }

        if (text.Length < MinPrefixLength || !text.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{text}' is not a snapshot id, a prefix of at least {MinPrefixLength} hex characters, or '{Latest}'.", nameof(text));
        }

        var prefix = text.ToLowerInvariant();
        ContentId? match = null;
        await foreach (var id in ListIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (id.ToString().StartsWith(prefix, StringComparison.Ordinal))
            {
                if (match is not null)
                {
                    throw new ArgumentException($"The prefix '{text}' matches more than one snapshot; give more characters.", nameof(text));
                }

                match = id;
            }
        }

        return match ?? throw new ObjectNotFoundException($"snapshot '{text}'");
    }

    /// <summary>Deletes a snapshot record (its data stays until a prune).</summary>
    public Task DeleteAsync(ContentId id, CancellationToken cancellationToken = default) =>
        _files.Storage.DeleteAsync(SealedFileStore.NameOf(Folder, id), cancellationToken);
}
