namespace Backup.Sdk.Storage;

/// <summary>
/// A flat store of named, immutable objects, shaped for object stores (S3, Azure Blob) and implemented over file systems too.
/// </summary>
/// <remarks>
/// <para>Contract every implementation keeps (the conformance suite in Backup.Sdk.Testing checks it):</para>
/// <list type="bullet">
/// <item>Names are validated by <see cref="StorageNames.Validate"/>: segments separated by <c>/</c>, never absolute, never <c>..</c>,
/// never a segment starting with <c>.</c>. Invalid names and prefixes throw <see cref="ArgumentException"/>. Dot-names are the
/// backend's own (temporary files, bookkeeping) and never appear in a listing.</item>
/// <item>A put is atomic: a reader sees the whole object or none of it, never a prefix, also after a crash.</item>
/// <item>After a put returns, a get, stat or list of that object sees it (read-after-write).</item>
/// <item><see cref="PutMode.CreateOnly"/> fails with <see cref="ObjectAlreadyExistsException"/> when the object exists,
/// and of two racing create-only puts of one name exactly one wins.</item>
/// <item>A missing object read gives <see cref="ObjectNotFoundException"/>; delete of a missing object is not an error.</item>
/// <item>A listing either completes or throws: it never ends early without an exception.</item>
/// <item>Transient faults surface as <see cref="BackupException"/> with <see cref="BackupException.IsTransient"/> set.</item>
/// <item>Cancellation surfaces as <see cref="OperationCanceledException"/>, never wrapped; a cancelled operation changes
/// nothing that a completed one would not have.</item>
/// </list>
/// </remarks>
public interface IStorageBackend
{
    /// <summary>A human-readable location, for messages (e.g. <c>/srv/repo</c> or <c>s3:host/bucket/prefix</c>).</summary>
    string Location { get; }

    /// <summary>Stores an object atomically.</summary>
    /// <param name="name">The object name.</param>
    /// <param name="content">The whole content.</param>
    /// <param name="mode">Whether an existing object is replaced or the write fails.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves no object under <paramref name="name"/> unless one was there before.</param>
    Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an object atomically, its content read from a stream: large objects (packs) need not be held in memory.
    /// </summary>
    /// <param name="name">The object name.</param>
    /// <param name="content">
    /// The content: the stream's bytes from its current position to its end. It must be readable and seekable: an
    /// implementation may read it more than once (a retry, a checksum before the upload), seeking back to the position it
    /// had at the call. The caller keeps it and disposes it after the call; its position afterwards is unspecified.
    /// </param>
    /// <param name="mode">Whether an existing object is replaced or the write fails.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves no object under <paramref name="name"/> unless one was there before.</param>
    /// <returns>A task that completes when the object is stored.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read or cannot seek.</exception>
    /// <remarks>
    /// The default implementation reads the stream into memory and calls
    /// <see cref="PutAsync(string, ReadOnlyMemory{byte}, PutMode, CancellationToken)"/>, so every backend supports it;
    /// backends and decorators override it to pass the stream on. Both overloads keep the same contract.
    /// </remarks>
    async Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var buffer = await StorageStreams.ReadRemainingAsync(content, cancellationToken).ConfigureAwait(false);
        await PutAsync(name, buffer, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a whole object.</summary>
    Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Reads exactly <c>destination.Length</c> bytes starting at <paramref name="offset"/>.</summary>
    /// <exception cref="ObjectNotFoundException">The object does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range lies outside the object.</exception>
    Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>Lists the objects whose names start with <paramref name="prefix"/> (e.g. <c>snapshots/</c>), in no particular order.</summary>
    IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Gets an object's size, or <see langword="null"/> when it does not exist.</summary>
    Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting a missing object succeeds.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>How a put treats an existing object of the same name.</summary>
public enum PutMode
{
    /// <summary>Replace an existing object.</summary>
    Overwrite = 0,

    /// <summary>Fail with <see cref="ObjectAlreadyExistsException"/> if the object exists.</summary>
    CreateOnly = 1,
}

/// <summary>What a listing or stat knows about a stored object.</summary>
/// <param name="Name">The full object name.</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastModified">When it was written, where the store tells.</param>
public readonly record struct StorageObjectInfo(string Name, long Length, DateTimeOffset? LastModified = null);
