using System.Buffers;
using System.Collections.Concurrent;
using Backup.Sdk.Compression;
using Backup.Sdk.Cryptography;
using Backup.Sdk.IO;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository;

/// <summary>
/// Content-addressed blob storage of an opened repository: deduplicates, compresses, seals and packs new blobs, and reads
/// stored ones back, authenticated. Thread-safe: many workers may save and read at once.
/// </summary>
/// <remarks>
/// Ordering: a pack is uploaded before any index file lists it, and <see cref="FlushAsync"/> writes the index of every
/// pack uploaded so far. Callers flush before they write anything (a snapshot) that refers to the saved blobs.
/// </remarks>
public sealed partial class BlobStore : IAsyncDisposable
{
    private const string IndexFolder = "index";

    private readonly IStorageBackend _storage;
    private readonly RepositoryKeys _keys;
    private readonly RepositoryId _repositoryId;
    private readonly RepositoryConfig _config;
    private readonly RepositoryOptions _options;
    private readonly SealedFileStore _files;
    private readonly ContentIdHasher _hasher;
    private readonly ICompressor _compressor;
    private readonly BlobIndex _index = new();
    private readonly ConcurrentDictionary<ContentId, byte> _inFlight = new();
    private readonly SharedPackWriter _packs;
    private readonly Lock _pendingLock = new();
    private readonly List<IndexedPack> _unindexedPacks = [];
    private readonly SemaphoreSlim _indexWriteGate = new(1, 1);
    private readonly HashSet<ContentId> _loadedIndexFiles = [];

    internal BlobStore(IStorageBackend storage, RepositoryKeys keys, RepositoryId repositoryId, RepositoryConfig config, RepositoryOptions options)
    {
        _storage = storage;
        _keys = keys;
        _repositoryId = repositoryId;
        _config = config;
        _options = options;
        _files = new SealedFileStore(storage, keys, repositoryId);
        _hasher = new ContentIdHasher(keys);
        _compressor = config.Compression == CompressionAlgorithm.Zstd ? new ZstdCompressor(config.CompressionLevel) : NoCompressor.Instance;
        _packs = new SharedPackWriter(NewWriter, config.PackSize, UploadAsync, ForgetInFlight);
    }

    /// <summary>The number of blobs the loaded index knows.</summary>
    public int Count => _index.Count;

    /// <summary>The in-memory index bytes per blob (see docs/format.md).</summary>
    public static int IndexBytesPerBlob => BlobIndex.BytesPerBlob;

    internal BlobIndex Index => _index;

    /// <summary>Computes the keyed id of content without storing it.</summary>
    public ContentId ComputeId(BlobType type, ReadOnlySpan<byte> content) => _hasher.Compute(type, content);

    /// <summary>Whether the repository has the blob, or a save of it is under way.</summary>
    public bool Contains(ContentId id) => _index.Contains(id) || _inFlight.ContainsKey(id);

    /// <summary>Reads every index file into memory. Superseded index files are skipped.</summary>
    public async Task LoadIndexAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<ContentId>();
        await foreach (var id in ListIndexFilesAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var contents = await LoadIndexFilesAsync(ids, cancellationToken).ConfigureAwait(false);
        var superseded = contents.Values.SelectMany(c => c.Supersedes).ToHashSet();
        foreach (var (id, content) in contents)
        {
            if (!superseded.Contains(id))
            {
                _index.Add(content.Packs);
            }
        }

        lock (_pendingLock)
        {
            _loadedIndexFiles.UnionWith(ids);
        }
    }

    /// <summary>
    /// Brings the in-memory index up to date after a lock was taken: index files written since are added, and when a prune
    /// replaced index files since the last load, the whole index is reloaded, so that no blob that prune deleted is taken
    /// as present (a backup that deduplicated against it would refer to a blob that no longer exists).
    /// </summary>
    internal async Task RefreshIndexAsync(CancellationToken cancellationToken)
    {
        var ids = new List<ContentId>();
        await foreach (var id in ListIndexFilesAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        HashSet<ContentId> known;
        lock (_pendingLock)
        {
            known = [.. _loadedIndexFiles];
        }

        var listed = ids.ToHashSet();
        var fresh = ids.Where(id => !known.Contains(id)).ToList();
        var contents = await LoadIndexFilesAsync(fresh, cancellationToken).ConfigureAwait(false);
        var replaced = known.Any(id => !listed.Contains(id)) || contents.Values.Any(c => c.Supersedes.Count > 0);
        if (!replaced)
        {
            foreach (var (_, content) in contents)
            {
                _index.Add(content.Packs);
            }

            lock (_pendingLock)
            {
                _loadedIndexFiles.UnionWith(fresh);
            }

            return;
        }

        var all = await LoadIndexFilesAsync(ids, cancellationToken).ConfigureAwait(false);
        var superseded = all.Values.SelectMany(c => c.Supersedes).ToHashSet();
        var packs = all.Where(pair => !superseded.Contains(pair.Key)).SelectMany(pair => pair.Value.Packs).ToList();
        lock (_pendingLock)
        {
            // Packs this instance uploaded and has not indexed yet stay known.
            packs.AddRange(_unindexedPacks);
            _loadedIndexFiles.Clear();
            _loadedIndexFiles.UnionWith(ids);
        }

        _index.Reset(packs);
    }

    private async Task<ConcurrentDictionary<ContentId, IndexFileContents>> LoadIndexFilesAsync(List<ContentId> ids, CancellationToken cancellationToken)
    {
        var contents = new ConcurrentDictionary<ContentId, IndexFileContents>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentReads, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                contents[id] = await LoadIndexFileAsync(id, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                // Replaced by a prune since the listing. Its id stays among the loaded ones, so that the refresh after
                // taking a lock sees it gone and reloads the whole index.
            }
        }).ConfigureAwait(false);
        return contents;
    }

    /// <summary>Replaces the in-memory index (a prune read or rewrote the stored one; these index files are what it holds).</summary>
    internal void ResetIndex(IEnumerable<IndexedPack> packs, IEnumerable<ContentId> indexFiles)
    {
        lock (_pendingLock)
        {
            _loadedIndexFiles.Clear();
            _loadedIndexFiles.UnionWith(indexFiles);
        }

        _index.Reset(packs);
    }

    /// <summary>A pack writer with the repository's settings (for prune's repacking).</summary>
    internal PackWriter CreatePackWriter() => NewWriter();

    /// <summary>Encodes raw content as a blob payload with the repository's compression; returns the payload length.</summary>
    internal int EncodePayload(ReadOnlySpan<byte> content, byte[] destination) => BlobPayload.Encode(content, _compressor, destination);

    /// <summary>The largest payload <see cref="EncodePayload"/> can produce for content of this length.</summary>
    internal int MaxPayloadLength(int contentLength) => BlobPayload.GetMaxEncodedLength(contentLength, _compressor);

    /// <summary>The repository's target pack size.</summary>
    internal int PackSize => _config.PackSize;

    /// <summary>Saves an index file listing these packs and superseding those index files; returns its id.</summary>
    internal Task<ContentId> SaveIndexFileAsync(IReadOnlyCollection<ContentId> supersedes, IReadOnlyCollection<IndexedPack> packs, CancellationToken cancellationToken) =>
        _files.SaveAsync(SealedFileType.Index, IndexFolder, IndexFileCodec.Encode(supersedes, packs), cancellationToken);

    /// <summary>Whether the in-memory index lists the blob with its type (prune's check that every referenced blob is indexed).</summary>
    internal bool TryGetType(ContentId id, out BlobType type)
    {
        var found = _index.TryGet(id, out var location);
        type = location.Type;
        return found;
    }

    /// <summary>Lists the ids of the stored index files (for the repository check, which loads them one by one).</summary>
    internal IAsyncEnumerable<ContentId> ListIndexFilesAsync(CancellationToken cancellationToken) => _files.ListAsync(IndexFolder, cancellationToken);

    /// <summary>Loads and decodes one index file without adding it to the in-memory index.</summary>
    /// <exception cref="CorruptObjectException">The file is damaged.</exception>
    internal async Task<IndexFileContents> LoadIndexFileAsync(ContentId id, CancellationToken cancellationToken)
    {
        var plain = await _files.LoadAsync(SealedFileType.Index, IndexFolder, id, cancellationToken).ConfigureAwait(false);
        return IndexFileCodec.Decode(plain, SealedFileStore.NameOf(IndexFolder, id));
    }

    /// <summary>Reads and authenticates a pack's own header, without the index.</summary>
    internal Task<PackContents> ReadPackHeaderAsync(ContentId packId, CancellationToken cancellationToken) =>
        PackReader.ReadHeaderAsync(_storage, _keys, _repositoryId, packId, cancellationToken);

    /// <summary>
    /// Opens one blob record copied into a rented array that the result takes over (decrypted in place; a compressed blob
    /// takes a second rented buffer): no large allocation per blob. Dispose the result after the last use of its content.
    /// </summary>
    /// <exception cref="CorruptObjectException">The record is damaged.</exception>
    internal RentedBlob OpenRentedBlobRecord(ReadOnlySpan<byte> packSalt, in PackBlobEntry entry, ReadOnlySpan<byte> record, string packName)
    {
        var owned = LargeBuffers.Pool.Rent(record.Length);
        record.CopyTo(owned);
        return PackReader.OpenOwnedRecord(_keys, _hasher, packSalt, entry.Type, entry.Id, entry.Offset, owned, record.Length, packName);
    }

    /// <summary>Opens one blob record read from a pack: authenticates, decompresses and checks it against its id.</summary>
    /// <exception cref="CorruptObjectException">The record is damaged.</exception>
    internal byte[] OpenBlobRecord(ReadOnlySpan<byte> packSalt, in PackBlobEntry entry, ReadOnlySpan<byte> record, string packName) =>
        PackReader.OpenBlob(_keys, _hasher, packSalt, entry.Type, entry.Id, entry.Offset, record, packName);

    /// <summary>Reads a blob, authenticated and checked against its id.</summary>
    /// <exception cref="ObjectNotFoundException">The index has no such blob, or its pack is missing.</exception>
    /// <exception cref="CorruptObjectException">The stored blob is damaged.</exception>
    public async Task<byte[]> ReadAsync(BlobType type, ContentId id, CancellationToken cancellationToken = default)
    {
        var (location, packName) = Locate(type, id);
        if (type == BlobType.Tree && RecordCache is { } cache)
        {
            return await ReadThroughCacheAsync(cache, id, location, packName, cancellationToken).ConfigureAwait(false);
        }

        var record = new byte[location.Length];
        await _storage.ReadAsync(packName, location.Offset, record, cancellationToken).ConfigureAwait(false);
        Span<byte> salt = stackalloc byte[ContentId.Size];
        location.PackSalt.WriteTo(salt);
        return PackReader.OpenBlob(_keys, _hasher, salt, type, id, location.Offset, record, packName);
    }

    /// <summary>
    /// Reads a blob like <see cref="ReadAsync"/>, but into arrays rented from <see cref="IO.LargeBuffers.Pool"/>: the
    /// record is decrypted in place, and only a compressed blob takes a second buffer. No large allocation per blob.
    /// Dispose the result after the last use of its content.
    /// </summary>
    internal async Task<RentedBlob> ReadRentedAsync(BlobType type, ContentId id, CancellationToken cancellationToken)
    {
        var (location, packName) = Locate(type, id);
        var record = await ReadRecordBytesAsync(location, packName, cancellationToken).ConfigureAwait(false);
        return OpenOwnedRecord(location.PackSalt, type, id, location.Offset, record, (int)location.Length, packName);
    }

    /// <summary>
    /// Reads a blob's record into a rented array and authenticates it (decrypted in place), without decoding it: the
    /// content comes out in pieces through <see cref="OpenedRecord.EmitAsync"/>, which checks it against the id. A compressed
    /// blob never takes a buffer of its content's length (restore). Dispose the result.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">The index has no such blob, or its pack is missing.</exception>
    /// <exception cref="CorruptObjectException">The record is damaged.</exception>
    internal async Task<OpenedRecord> ReadRecordAsync(BlobType type, ContentId id, CancellationToken cancellationToken)
    {
        var (location, packName) = Locate(type, id);
        var record = await ReadRecordBytesAsync(location, packName, cancellationToken).ConfigureAwait(false);
        try
        {
            var payloadLength = Decrypt(location.PackSalt, type, id, location.Offset, record.AsSpan(0, (int)location.Length), packName);
            return new OpenedRecord(_hasher, type, id, record, payloadLength, packName);
        }
        catch
        {
            LargeBuffers.Pool.Return(record);
            throw;
        }
    }

    /// <summary>Reads a blob's record into an array rented from <see cref="LargeBuffers.Pool"/> (returned there on failure).</summary>
    private async Task<byte[]> ReadRecordBytesAsync(BlobLocation location, string packName, CancellationToken cancellationToken)
    {
        var length = (int)location.Length;
        var record = LargeBuffers.Pool.Rent(length);
        try
        {
            await _storage.ReadAsync(packName, location.Offset, record.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch
        {
            LargeBuffers.Pool.Return(record);
            throw;
        }
    }

    private int Decrypt(ContentId packSalt, BlobType type, ContentId id, uint offset, Span<byte> record, string packName)
    {
        Span<byte> salt = stackalloc byte[ContentId.Size];
        packSalt.WriteTo(salt);
        return PackReader.DecryptInPlace(_keys, salt, type, id, offset, record, packName).Length;
    }

    /// <summary>Where the index puts a blob of this type.</summary>
    /// <exception cref="ObjectNotFoundException">The index has no such blob.</exception>
    /// <exception cref="CorruptObjectException">The index lists the id as the other type.</exception>
    private (BlobLocation Location, string PackName) Locate(BlobType type, ContentId id)
    {
        if (!_index.TryGet(id, out var location))
        {
            throw new ObjectNotFoundException($"{type.ToString().ToLowerInvariant()} blob {id}");
        }

        var packName = PackLayout.NameOf(location.PackId);
        return location.Type == type
            ? (location, packName)
            : throw new CorruptObjectException(packName, $"blob {id} is indexed as {location.Type}, not {type}");
    }

    private RentedBlob OpenOwnedRecord(ContentId packSalt, BlobType type, ContentId id, uint offset, byte[] record, int length, string packName)
    {
        Span<byte> salt = stackalloc byte[ContentId.Size];
        packSalt.WriteTo(salt);
        return PackReader.OpenOwnedRecord(_keys, _hasher, salt, type, id, offset, record, length, packName);
    }

    /// <summary>Verifies one blob record of a pack read into a buffer that may be overwritten (check --read-data).</summary>
    internal void VerifyBlobRecordInPlace(ReadOnlySpan<byte> packSalt, in PackBlobEntry entry, Span<byte> record, string packName) =>
        PackReader.VerifyInPlace(_keys, _hasher, packSalt, entry.Type, entry.Id, entry.Offset, record, packName);

    /// <summary>Stores a blob unless the repository already has it.</summary>
    public Task<BlobSaveResult> SaveAsync(BlobType type, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        SaveCoreAsync(type, content, rawScratch: default, cancellationToken);

    /// <summary>
    /// Stores a blob like <see cref="SaveAsync"/>, using <paramref name="content"/> itself as the buffer that verification
    /// decompresses the sealed blob into, so that no second buffer of the content's length is needed. When the call returns
    /// normally, <paramref name="content"/> holds the bytes it held before; after an exception its bytes are undefined. For
    /// callers whose content buffer is their own scratch (the file backup's chunk window).
    /// </summary>
    internal Task<BlobSaveResult> SaveReusingContentAsync(BlobType type, Memory<byte> content, CancellationToken cancellationToken) =>
        SaveCoreAsync(type, content, content, cancellationToken);

    private async Task<BlobSaveResult> SaveCoreAsync(BlobType type, ReadOnlyMemory<byte> content, Memory<byte> rawScratch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = _hasher.Compute(type, content.Span);
        if (_index.Contains(id) || !_inFlight.TryAdd(id, 0))
        {
            return new BlobSaveResult(id, false, 0);
        }

        // Taken right after the id, from the same bytes: verification compares what the sealed blob decodes to with it,
        // so a buffer that changed between hashing and sealing is caught as surely as a faulty codec.
        var checksum = _options.VerifyBeforeUpload ? PackWriter.Checksum(content.Span) : default;

        PackBlobEntry entry;
        var buffer = LargeBuffers.Scratch.Rent(PackWriter.SealBufferLength(BlobPayload.GetMaxEncodedLength(content.Length, _compressor)));
        try
        {
            // Compressed outside any lock into this save's own buffer, then sealed there in place and written into the
            // shared pack's file; the buffer is reused to open the record read back from the file for verification.
            var payloadLength = BlobPayload.Encode(content.Span, _compressor, buffer);
            entry = await _packs.AddAsync(type, id, buffer, payloadLength, rawScratch, checksum, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _inFlight.TryRemove(id, out _);
            throw;
        }
        finally
        {
            LargeBuffers.Scratch.Return(buffer);
        }

        return new BlobSaveResult(id, true, entry.Length);
    }

    /// <summary>
    /// Uploads every pack still being filled and writes the index of all packs uploaded since the last index file.
    /// Call it when no save is running, before writing anything that refers to the saved blobs.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _packs.FlushAsync(cancellationToken).ConfigureAwait(false);
        await WriteIndexAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops packs still being filled (their blobs are lost, nothing refers to them yet).</summary>
    public ValueTask DisposeAsync()
    {
        _packs.Dispose();
        _hasher.Dispose();
        _indexWriteGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private PackWriter NewWriter() => new(_keys, _repositoryId, _options.TemporaryDirectory ?? Path.GetTempPath(), _options.VerifyBeforeUpload);

    private void ForgetInFlight(IReadOnlyList<PackBlobEntry> entries)
    {
        foreach (var entry in entries)
        {
            _inFlight.TryRemove(entry.Id, out _);
        }
    }

    private async Task UploadAsync(FinishedPack pack, CancellationToken cancellationToken)
    {
        var name = PackLayout.NameOf(pack.Id);
        try
        {
            var content = pack.OpenRead();
            await using (content.ConfigureAwait(false))
            {
                await _storage.PutAsync(name, content, PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ObjectAlreadyExistsException)
        {
            // Named by its SHA-256: an object of that name and size is this pack (a retried upload whose first attempt
            // succeeded). Anything else is damage that must not be papered over.
            var existing = await _storage.StatAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing?.Length != pack.Length)
            {
                throw new CorruptObjectException(name, "a different object is stored under this pack's name");
            }
        }

        await CacheTreeRecordsAsync(pack, cancellationToken).ConfigureAwait(false);
        var indexed = new IndexedPack(pack.Id, pack.Salt, pack.Entries);
        _index.Add([indexed]);
        foreach (var entry in pack.Entries)
        {
            _inFlight.TryRemove(entry.Id, out _);
        }

        bool due;
        lock (_pendingLock)
        {
            _unindexedPacks.Add(indexed);
            due = _unindexedPacks.Count >= _options.PacksPerIndexFile;
        }

        if (due)
        {
            await WriteIndexAsync(force: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteIndexAsync(bool force, CancellationToken cancellationToken)
    {
        await _indexWriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IndexedPack[] packs;
            lock (_pendingLock)
            {
                if (_unindexedPacks.Count == 0 || (!force && _unindexedPacks.Count < _options.PacksPerIndexFile))
                {
                    return;
                }

                packs = [.. _unindexedPacks];
                _unindexedPacks.Clear();
            }

            try
            {
                var written = await _files.SaveAsync(SealedFileType.Index, IndexFolder, IndexFileCodec.Encode([], packs), cancellationToken).ConfigureAwait(false);
                lock (_pendingLock)
                {
                    _loadedIndexFiles.Add(written);
                }
            }
            catch
            {
                lock (_pendingLock)
                {
                    _unindexedPacks.InsertRange(0, packs);
                }

                throw;
            }
        }
        finally
        {
            _indexWriteGate.Release();
        }
    }
}
