using System.Collections.Concurrent;
using System.IO.Abstractions;
using System.Security.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Storage.Caching;

/// <summary>
/// A storage decorator that keeps a local copy of a repository's index and snapshot files (and, through the repository,
/// its tree blobs), so that opening, listing and backing up against a remote repository does not download all metadata
/// each time. The rules (docs/format.md, "Local cache"):
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Only immutable, content-addressed objects are cached: <c>index/&lt;id&gt;</c> and <c>snapshots/&lt;id&gt;</c>, whose
/// name is the SHA-256 of their bytes. Every read from the cache is hashed and compared with the name; a mismatch (a
/// flipped or truncated file) deletes the entry and the object is read from the repository.</item>
/// <item>The cache never decides what exists: a cached object is served only after this instance saw it in a complete
/// listing of its folder (or wrote it); otherwise it is read from the repository. A completed listing evicts the
/// entries of its folder that the repository no longer has; a delete through this decorator evicts at once.</item>
/// <item>Writes are atomic (a temporary file renamed over the name), so processes may share one cache directory.</item>
/// <item>Everything else (config, keys, locks, packs) passes straight through.</item>
/// </list>
/// <para>One directory per repository: <see cref="Repository.BackupRepository"/> puts it under
/// <c>&lt;RepositoryOptions.CacheDirectory&gt;/&lt;repository id&gt;</c>.</para>
/// </remarks>
public sealed partial class CachingStorageBackend : IStorageBackend, IStorageBackendDecorator
{
    private static readonly string[] CachedFolders = ["index", "snapshots"];

    private readonly IStorageBackend _inner;
    private readonly CacheDirectory _cache;
    private readonly ConcurrentDictionary<string, byte> _listed = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The repository's storage.</param>
    /// <param name="fileSystem">The file system the cache lives on.</param>
    /// <param name="directory">This repository's own cache directory (created when first written).</param>
    public CachingStorageBackend(IStorageBackend inner, IFileSystem fileSystem, string directory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _inner = inner;
        _cache = new CacheDirectory(fileSystem, fileSystem.Path.GetFullPath(directory));
    }

    /// <inheritdoc/>
    public string Location => _inner.Location;

    /// <summary>The repository's storage behind the cache.</summary>
    public IStorageBackend Inner => _inner;

    /// <summary>The cache directory of this repository.</summary>
    public string Directory => _cache.Root;

    /// <summary>How many reads were served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many cacheable reads went to the repository (not cached yet, not listed yet, or a bad cache entry).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// The conventional root of all repositories' caches: <c>$XDG_CACHE_HOME/backup-sdk</c>, else <c>$HOME/.cache/backup-sdk</c>;
    /// <see langword="null"/> when neither variable is set (no cache rather than a guessed place).
    /// </summary>
    /// <param name="variables">The environment variables.</param>
    public static string? GetDefaultRoot(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.TryGetValue("XDG_CACHE_HOME", out var xdg) && !string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "backup-sdk");
        }

        return variables.TryGetValue("HOME", out var home) && !string.IsNullOrEmpty(home)
            ? Path.Combine(home, ".cache", "backup-sdk")
            : null;
    }

    /// <inheritdoc/>
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        if (IsCacheable(name, out _) && MatchesName(name, content.Span))
        {
            // Written by us, so known to exist: the next run need not download what this one uploaded.
            _listed.TryAdd(name, 0);
            await _cache.TryWriteAsync(name, content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A cached kind of object is read into memory (to be kept in the cache too); any other passes on as a stream.</remarks>
    public async Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        if (IsCacheable(name, out _))
        {
            var buffer = await StorageStreams.ReadRemainingAsync(content, cancellationToken).ConfigureAwait(false);
            await PutAsync(name, buffer, mode, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!IsCacheable(name, out _))
        {
            return await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        }

        if (_listed.ContainsKey(name) && await _cache.TryReadAsync(name, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            if (MatchesName(name, cached))
            {
                Interlocked.Increment(ref _hits);
                return cached;
            }

            _cache.TryDelete(name);
        }

        Interlocked.Increment(ref _misses);
        var stored = await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        // A damaged object in the repository is handed on (its reader reports it) but never cached.
        if (MatchesName(name, stored))
        {
            await _cache.TryWriteAsync(name, stored, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <inheritdoc/>
    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(name, offset, destination, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = FolderListedBy(prefix);
        var seen = folder is null ? null : new HashSet<string>(StringComparer.Ordinal);
        await foreach (var info in _inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            seen?.Add(info.Name);
            yield return info;
        }

        if (folder is not null)
        {
            // Only a listing that completed is the repository's word on what exists.
            Reconcile(folder, seen!);
        }
    }

    /// <inheritdoc/>
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        _inner.StatAsync(name, cancellationToken);

    /// <inheritdoc/>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        if (IsCacheable(name, out _))
        {
            _listed.TryRemove(name, out _);
            _cache.TryDelete(name);
        }
        else if (PackIdOf(name) is { } pack)
        {
            _cache.TryDelete(RecordFolder + "/" + pack);
        }
    }

    private static bool IsCacheable(string name, out string folder)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        folder = slash < 0 ? string.Empty : name[..slash];
        return slash > 0
            && Array.IndexOf(CachedFolders, folder) >= 0
            && ContentId.TryParse(name.AsSpan(slash + 1), out _);
    }

    private static bool MatchesName(string name, ReadOnlySpan<byte> content)
    {
        var id = ContentId.Parse(name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return id.Equals(new ContentId(hash));
    }

    /// <summary>The cached folder a listing of <paramref name="prefix"/> covers completely, if any.</summary>
    private static string? FolderListedBy(string prefix) => prefix switch
    {
        "index/" => "index",
        "snapshots/" => "snapshots",
        "data/" => "data",
        _ => null,
    };

    private void Reconcile(string folder, HashSet<string> listed)
    {
        if (folder == "data")
        {
            var packs = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in listed)
            {
                if (PackIdOf(name) is { } pack)
                {
                    packs.Add(pack);
                }
            }

            _cache.Evict(RecordFolder, packs.Contains);
            return;
        }

        var prefix = folder + "/";
        foreach (var name in _listed.Keys)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && !listed.Contains(name))
            {
                _listed.TryRemove(name, out _);
            }
        }

        foreach (var name in listed)
        {
            _listed.TryAdd(name, 0);
        }

        _cache.Evict(folder, file => listed.Contains(prefix + file));
    }
}
