using System.IO.Abstractions;
using Backup.Sdk.Repository.Locks;

namespace Backup.Sdk.Repository;

/// <summary>How an opened repository behaves; nothing here changes the stored format.</summary>
public sealed class RepositoryOptions
{
    /// <summary>
    /// Whether every blob is decrypted, decompressed and re-hashed once before its pack is uploaded, so that a fault in a
    /// compression or crypto library (or a buffer changed under the writer) can never store unreadable data. The re-hash is
    /// XXH3-128, compared with the XXH3-128 taken of the content when its id was computed. On by default.
    /// </summary>
    public bool VerifyBeforeUpload { get; set; } = true;

    /// <summary>How many index files or snapshots are read at once when loading. Default 8.</summary>
    public int MaxConcurrentReads { get; set; } = 8;

    /// <summary>
    /// After how many uploaded packs an index file is written even before a flush, so that an interrupted backup leaves
    /// its uploaded data reusable. Default 8 (about 128 MiB at the default pack size): at most that much is uploaded
    /// again after a crash. Prune merges the small index files this leaves.
    /// </summary>
    public int PacksPerIndexFile { get; set; } = 8;

    /// <summary>Timings of the repository locks that operations take (docs/format.md, "Locks").</summary>
    public LockOptions Locks { get; set; } = new();

    /// <summary>
    /// The root of a local cache of index, snapshot and tree objects (docs/format.md, "Local cache"): the repository keeps
    /// its entries in <c>&lt;CacheDirectory&gt;/&lt;repository id&gt;</c>, so that one root serves many repositories. Worth it for
    /// remote repositories; <see langword="null"/> (the default) reads everything from the repository.
    /// <see cref="Storage.Caching.CachingStorageBackend.GetDefaultRoot"/> gives the conventional root.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// Where packs are written while they fill and until they are uploaded (one temporary file per pack, removed when done,
    /// and nameless while in use where the system allows, so a crash leaves none behind): at most two packs' worth of disk
    /// per repository in use. <see langword="null"/> (the default) is the system's temporary directory
    /// (<see cref="Path.GetTempPath"/>, which honours <c>TMPDIR</c>). Always on the real file system.
    /// </summary>
    public string? TemporaryDirectory { get; set; }

    /// <summary>The file system the cache lives on; <see langword="null"/> for the real one.</summary>
    public IFileSystem? CacheFileSystem { get; set; }

    /// <summary>
    /// Whether opening or creating the repository checks that its store refuses conditional writes over existing objects,
    /// when the storage has a probe (<see cref="Storage.IConditionalWriteProbe"/>: S3, Azure Blob). The probe writes and
    /// deletes one object under the backend's <c>.backend/</c> folder. On by default; when off,
    /// <see cref="BackupRepository.ConditionalWrites"/> is <see cref="ConditionalWriteSupport.Unknown"/> for such storage.
    /// </summary>
    public bool DetectConditionalWrites { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Locks);
        Locks.Validate();
        if (CacheDirectory is { Length: 0 })
        {
            throw new ArgumentException($"{nameof(CacheDirectory)} must be null or a directory path, not empty.");
        }

        if (TemporaryDirectory is { Length: 0 })
        {
            throw new ArgumentException($"{nameof(TemporaryDirectory)} must be null or a directory path, not empty.");
        }

        if (MaxConcurrentReads is < 1 or > 256)
        {
            throw new ArgumentException($"{nameof(MaxConcurrentReads)} must be between 1 and 256, not {MaxConcurrentReads}.");
        }

        if (PacksPerIndexFile is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(PacksPerIndexFile)} must be between 1 and 100000, not {PacksPerIndexFile}.");
        }
    }
}
