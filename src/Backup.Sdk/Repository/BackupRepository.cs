using Backup.Sdk.Chunking;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Repository.Serialization;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Repository;

/// <summary>
/// An opened repository: its config, blobs, trees, snapshots and keys. Create one with <see cref="InitAsync"/> or
/// <see cref="OpenAsync"/>; dispose it when done.
/// </summary>
public sealed class BackupRepository : IAsyncDisposable
{
    private readonly OpenedKey _key;
    private readonly RepositoryKeys _keys;

    private BackupRepository(IStorageBackend storage, OpenedKey key, RepositoryConfig config, RepositoryOptions options, TimeProvider timeProvider, ConditionalWriteSupport conditionalWrites)
    {
        ConditionalWrites = conditionalWrites;
        storage = WithCache(storage, options, key.RepositoryId);
        Storage = storage;
        _key = key;
        _keys = new RepositoryKeys(key.Secret);
        TimeProvider = timeProvider;
        Config = config;
        Blobs = new BlobStore(storage, _keys, key.RepositoryId, config, options) { RecordCache = storage as Storage.Caching.CachingStorageBackend };
        Trees = new TreeStore(Blobs);
        Snapshots = new SnapshotStore(new SealedFileStore(storage, _keys, key.RepositoryId), options);
        Keys = new RepositoryKeyRing(new KeyStore(storage, timeProvider), key);
        Drills = new Validation.DrillRecordStore(new SealedFileStore(storage, _keys, key.RepositoryId));
        Locks = new RepositoryLocks(storage, options.Locks, timeProvider);
    }

    /// <summary>Where the repository lives (behind the local cache, when <see cref="RepositoryOptions.CacheDirectory"/> is set).</summary>
    public IStorageBackend Storage { get; }

    /// <summary>The repository's fixed settings.</summary>
    public RepositoryConfig Config { get; }

    /// <summary>Data and tree blobs.</summary>
    public BlobStore Blobs { get; }

    /// <summary>Directory listings.</summary>
    public TreeStore Trees { get; }

    /// <summary>Snapshot records.</summary>
    public SnapshotStore Snapshots { get; }

    /// <summary>The records of restore drills (docs/format.md, "Drill records").</summary>
    public Validation.DrillRecordStore Drills { get; }

    /// <summary>The password keys.</summary>
    public RepositoryKeyRing Keys { get; }

    /// <summary>The repository's locks: operations that write, delete or read take a shared or exclusive one themselves.</summary>
    public RepositoryLocks Locks { get; }

    /// <summary>The time source the repository uses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// Whether the store refuses a create-only write over an existing object by itself, as the storage's
    /// <see cref="IConditionalWriteProbe"/> found when the repository was opened or created (see
    /// <see cref="ConditionalWriteSupport"/>; <see cref="ConditionalWriteSupport.Guaranteed"/> for storage without a probe).
    /// </summary>
    public ConditionalWriteSupport ConditionalWrites { get; }

    /// <summary>Creates a chunker with this repository's parameters and secret gear table.</summary>
    public IChunker CreateChunker() => Chunker.Create(Config.Chunker, _keys.ChunkerKey);

    /// <summary>
    /// Creates a new, empty repository and opens it. Before anything is written, the storage's
    /// <see cref="IConditionalWriteProbe"/>, if any, checks that the store refuses conditional writes
    /// (<see cref="ConditionalWrites"/>): of two racing <c>init</c>s only the create-only put of <c>config</c> decides which wins.
    /// </summary>
    /// <exception cref="RepositoryAlreadyExistsException">A repository (a config or a key) is already there.</exception>
    /// <exception cref="ConditionalWritesIgnoredException">The store ignores conditional writes and the backend requires them; nothing was written.</exception>
    public static async Task<BackupRepository> InitAsync(IStorageBackend storage, string password, RepositoryInitOptions? initOptions = null, RepositoryOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(password);
        initOptions ??= new RepositoryInitOptions();
        initOptions.Validate();
        options ??= new RepositoryOptions();
        options.Validate();
        timeProvider ??= TimeProvider.System;

        if (await storage.StatAsync(RepositoryConfigCodec.ObjectName, cancellationToken).ConfigureAwait(false) is not null
            || await HasAnyAsync(storage, "keys/", cancellationToken).ConfigureAwait(false))
        {
            throw new RepositoryAlreadyExistsException(storage.Location);
        }

        var conditionalWrites = await ConditionalWriteCheck.RunAsync(storage, options, cancellationToken).ConfigureAwait(false);
        var repositoryId = RepositoryId.NewId();
        var secret = MasterSecret.Generate();
        try
        {
            var config = new RepositoryConfig(RepositoryConfig.CurrentFormatVersion, repositoryId.ToString(), timeProvider.GetLocalNow(), initOptions.Chunker, initOptions.Compression, initOptions.CompressionLevel, initOptions.PackSize);
            var owner = new KeyOwner(initOptions.Hostname ?? Environment.MachineName, initOptions.Username ?? Environment.UserName);
            var kdf = initOptions.Kdf ?? KdfParameters.Calibrate(timeProvider: timeProvider);
            var keyStore = new KeyStore(storage, timeProvider);
            var keyId = await keyStore.CreateAsync(repositoryId, secret, password, kdf, owner, cancellationToken).ConfigureAwait(false);

            using (var keys = new RepositoryKeys(secret))
            {
                var sealedConfig = SealedFile.Seal(keys, SealedFileType.Config, repositoryId, RepositoryConfigCodec.Encode(config));
                try
                {
                    await storage.PutAsync(RepositoryConfigCodec.ObjectName, sealedConfig, PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // Another process initialised the same location at the same moment: leave its repository alone.
                    await storage.DeleteAsync(KeyFile.NameOf(keyId), CancellationToken.None).ConfigureAwait(false);
                    throw new RepositoryAlreadyExistsException(storage.Location);
                }
            }

            return new BackupRepository(storage, new OpenedKey(secret, keyId, repositoryId), config, options, timeProvider, conditionalWrites);
        }
        catch
        {
            secret.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing repository with a password. Once the config and a key are read, the storage's
    /// <see cref="IConditionalWriteProbe"/>, if any, checks whether the store refuses conditional writes
    /// (<see cref="ConditionalWrites"/>); a probe that cannot run (read-only credentials) leaves it
    /// <see cref="ConditionalWriteSupport.Unknown"/> and the repository opens all the same.
    /// </summary>
    /// <exception cref="RepositoryNotFoundException">No repository at that location.</exception>
    /// <exception cref="WrongPasswordException">No key opens with the password.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The repository is of a newer format.</exception>
    /// <exception cref="RepositoryMismatchException">The config belongs to another repository than the keys.</exception>
    /// <exception cref="CorruptObjectException">The config is damaged.</exception>
    /// <exception cref="ConditionalWritesIgnoredException">The store ignores conditional writes and the backend requires them.</exception>
    public static async Task<BackupRepository> OpenAsync(IStorageBackend storage, string password, RepositoryOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(password);
        options ??= new RepositoryOptions();
        options.Validate();
        timeProvider ??= TimeProvider.System;

        byte[] stored;
        try
        {
            stored = await storage.GetAsync(RepositoryConfigCodec.ObjectName, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException ex)
        {
            throw new RepositoryNotFoundException(storage.Location, ex);
        }

        // The cleartext header tells the version and the repository before any key is tried.
        var header = SealedFile.ReadHeader(RepositoryConfigCodec.ObjectName, stored);
        var key = await new KeyStore(storage, timeProvider).OpenAsync(password, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (header.RepositoryId != key.RepositoryId)
            {
                throw new RepositoryMismatchException(RepositoryConfigCodec.ObjectName, key.RepositoryId.ToString(), header.RepositoryId.ToString());
            }

            RepositoryConfig config;
            using (var keys = new RepositoryKeys(key.Secret))
            {
                var plain = SealedFile.Open(keys, SealedFileType.Config, key.RepositoryId, RepositoryConfigCodec.ObjectName, stored);
                config = RepositoryConfigCodec.Decode(plain, key.RepositoryId.ToString());
            }

            var conditionalWrites = await ConditionalWriteCheck.RunAsync(storage, options, cancellationToken).ConfigureAwait(false);
            return new BackupRepository(storage, key, config, options, timeProvider, conditionalWrites);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Drops unflushed packs (call <see cref="BlobStore.FlushAsync"/> first to keep them) and forgets the keys.</summary>
    public async ValueTask DisposeAsync()
    {
        await Blobs.DisposeAsync().ConfigureAwait(false);
        _keys.Dispose();
        _key.Dispose();
    }

    private static IStorageBackend WithCache(IStorageBackend storage, RepositoryOptions options, RepositoryId repositoryId)
    {
        if (options.CacheDirectory is null || storage is Storage.Caching.CachingStorageBackend)
        {
            return storage;
        }

        var fileSystem = options.CacheFileSystem ?? new System.IO.Abstractions.FileSystem();
        return new Storage.Caching.CachingStorageBackend(storage, fileSystem, fileSystem.Path.Combine(options.CacheDirectory, repositoryId.ToString()));
    }

    private static async Task<bool> HasAnyAsync(IStorageBackend storage, string prefix, CancellationToken cancellationToken)
    {
        await foreach (var unused in storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }
}
