using System.Runtime.CompilerServices;

namespace Backup.Sdk.Storage.InMemory;

/// <summary>
/// An <see cref="IStorageBackend"/> that keeps objects in process memory: for tests, examples and short-lived scratch
/// repositories. It keeps the whole contract (atomic puts, read-after-write, atomic <see cref="PutMode.CreateOnly"/>) and is
/// safe to use from many threads.
/// </summary>
/// <remarks>
/// Content is copied on put and on get, so neither the caller's buffer nor a returned array aliases what is stored.
/// <see cref="Count"/>, <see cref="TotalBytes"/>, the indexer and <see cref="Corrupt"/> are test aids: they let a test
/// inspect the store or damage an object behind the SDK's back (to check that corruption is detected).
/// </remarks>
public sealed class InMemoryStorageBackend : IStorageBackend
{
    private readonly Dictionary<string, Entry> _objects = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private long _totalBytes;

    /// <summary>Creates an empty store.</summary>
    /// <param name="name">A name for messages; <see cref="Location"/> is <c>memory:&lt;name&gt;</c>.</param>
    /// <param name="timeProvider">The clock for <see cref="StorageObjectInfo.LastModified"/>; the system clock when <see langword="null"/>.</param>
    public InMemoryStorageBackend(string name = "default", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Location = "memory:" + name;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The number of stored objects (a test aid).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _objects.Count;
            }
        }
    }

    /// <summary>The sum of the lengths of all stored objects (a test aid).</summary>
    public long TotalBytes
    {
        get
        {
            lock (_gate)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>
    /// Gets a copy of an object's content, or <see langword="null"/> when it is missing; setting replaces the content with a
    /// copy of the value, and setting <see langword="null"/> removes the object. A test aid for inspecting or tampering with
    /// stored objects; it bypasses <see cref="PutMode"/> checks.
    /// </summary>
    /// <param name="name">A valid object name.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Returns a fresh copy; a test aid.")]
    public byte[]? this[string name]
    {
        get
        {
            StorageNames.Validate(name);
            lock (_gate)
            {
                return _objects.TryGetValue(name, out var entry) ? entry.Content.ToArray() : null;
            }
        }

        set
        {
            StorageNames.Validate(name);
            lock (_gate)
            {
                if (value is null)
                {
                    Remove(name);
                }
                else
                {
                    Store(name, value.ToArray());
                }
            }
        }
    }

    /// <summary>
    /// Flips bits of one stored byte in place (a test aid, e.g. to check that a reader detects a damaged object).
    /// </summary>
    /// <param name="name">The object to damage.</param>
    /// <param name="offset">The position of the byte to change.</param>
    /// <param name="xorMask">The bits to flip; must not be zero.</param>
    /// <exception cref="ObjectNotFoundException">The object does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> lies outside the object, or <paramref name="xorMask"/> is zero.</exception>
    public void Corrupt(string name, long offset, byte xorMask = 0xFF)
    {
        StorageNames.Validate(name);
        ArgumentOutOfRangeException.ThrowIfZero(xorMask);
        lock (_gate)
        {
            if (!_objects.TryGetValue(name, out var entry))
            {
                throw new ObjectNotFoundException(name);
            }

            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, entry.Content.LongLength);

            // Stored arrays are never handed out, so changing one in place is seen by every later read and no earlier one.
            entry.Content[offset] ^= xorMask;
        }
    }

    /// <inheritdoc />
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (mode is not (PutMode.Overwrite or PutMode.CreateOnly))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown put mode.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var copy = content.ToArray();
        lock (_gate)
        {
            if (mode == PutMode.CreateOnly && _objects.ContainsKey(name))
            {
                return Task.FromException(new ObjectAlreadyExistsException(name));
            }

            Store(name, copy);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<byte[]>(cancellationToken);
        }

        lock (_gate)
        {
            return _objects.TryGetValue(name, out var entry)
                ? Task.FromResult(entry.Content.ToArray())
                : Task.FromException<byte[]>(new ObjectNotFoundException(name));
        }
    }

    /// <inheritdoc />
    public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            if (!_objects.TryGetValue(name, out var entry))
            {
                return Task.FromException(new ObjectNotFoundException(name));
            }

            if (offset < 0 || offset > entry.Content.LongLength - destination.Length)
            {
                return Task.FromException(new ArgumentOutOfRangeException(
                    nameof(offset),
                    offset,
                    $"Range {offset}+{destination.Length} lies outside object '{name}' of {entry.Content.LongLength} bytes."));
            }

            entry.Content.AsSpan(checked((int)offset), destination.Length).CopyTo(destination.Span);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();

        // A snapshot taken under the lock: the listing reflects one moment and never sees a half-applied change.
        List<StorageObjectInfo> matches;
        lock (_gate)
        {
            matches = new List<StorageObjectInfo>();
            foreach (var (name, entry) in _objects)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    matches.Add(new StorageObjectInfo(name, entry.Content.LongLength, entry.LastModified));
                }
            }
        }

        foreach (var match in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return match;
        }
    }

    /// <inheritdoc />
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StorageObjectInfo?>(cancellationToken);
        }

        lock (_gate)
        {
            return Task.FromResult<StorageObjectInfo?>(_objects.TryGetValue(name, out var entry)
                ? new StorageObjectInfo(name, entry.Content.LongLength, entry.LastModified)
                : null);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            Remove(name);
        }

        return Task.CompletedTask;
    }

    private void Store(string name, byte[] content)
    {
        if (_objects.TryGetValue(name, out var old))
        {
            _totalBytes -= old.Content.LongLength;
        }

        _objects[name] = new Entry(content, _timeProvider.GetUtcNow());
        _totalBytes += content.LongLength;
    }

    private void Remove(string name)
    {
        if (_objects.Remove(name, out var old))
        {
            _totalBytes -= old.Content.LongLength;
        }
    }

    private sealed record Entry(byte[] Content, DateTimeOffset LastModified);
}
