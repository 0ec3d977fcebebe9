namespace Backup.Sdk.Storage.ReadAhead;

/// <summary>
/// A storage decorator for remote repositories: small ranged reads of packs (<c>data/…</c>) are served from windows of
/// the pack read in one request, so that restoring thousands of small files that lie side by side in a pack costs a few
/// large requests instead of one request per blob. Everything else passes straight through.
/// </summary>
/// <remarks>
/// <para>A read of at most <see cref="SmallReadLength"/> bytes that no held window covers reads a window of
/// <see cref="WindowLength"/> bytes starting at its offset (cut at the pack's end; the pack's length is asked once with a
/// stat). At most <see cref="MaxWindows"/> windows are held, the least recently created dropped first, so the memory is
/// bounded by <c>MaxWindows × WindowLength</c>. Concurrent readers of one missing window share its single request.</para>
/// <para>Packs are immutable, so a window never goes out of date; a put or delete of a name drops its windows anyway. Reads
/// are not trusted by this layer: the repository authenticates every blob it opens, as it does for direct reads. A window
/// whose request fails is dropped and the read goes to the inner backend, which reports the error as usual.</para>
/// </remarks>
public sealed class PackWindowStorageBackend : IStorageBackend, ICreatableStorage, IStorageBackendDecorator
{
    private const string PackPrefix = "data/";

    private readonly IStorageBackend _inner;
    private readonly Lock _gate = new();
    private readonly LinkedList<Window> _windows = new();
    private readonly Dictionary<string, long> _lengths = new(StringComparer.Ordinal);

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The repository's storage.</param>
    /// <param name="windowLength">Bytes read at once for a small read (default 4 MiB).</param>
    /// <param name="maxWindows">Windows held at most (default 8).</param>
    /// <param name="smallReadLength">Reads up to this length are served from windows (default 1 MiB); longer reads pass through.</param>
    public PackWindowStorageBackend(IStorageBackend inner, int windowLength = 4 * 1024 * 1024, int maxWindows = 8, int smallReadLength = 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(smallReadLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, smallReadLength);
        _inner = inner;
        WindowLength = windowLength;
        MaxWindows = maxWindows;
        SmallReadLength = smallReadLength;
    }

    /// <summary>Bytes read at once for a small read.</summary>
    public int WindowLength { get; }

    /// <summary>Windows held at most.</summary>
    public int MaxWindows { get; }

    /// <summary>Reads up to this length are served from windows.</summary>
    public int SmallReadLength { get; }

    /// <summary>The decorated backend.</summary>
    public IStorageBackend Inner => _inner;

    /// <inheritdoc/>
    public string Location => _inner.Location;

    /// <inheritdoc/>
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith(PackPrefix, StringComparison.Ordinal) || destination.Length > SmallReadLength || offset < 0 || destination.Length == 0)
        {
            await _inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        var window = await FindOrStartAsync(name, offset, destination.Length, cancellationToken).ConfigureAwait(false);
        if (window is null)
        {
            await _inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        byte[] bytes;
        try
        {
            bytes = await window.Bytes.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Drop(window);
            await _inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        bytes.AsSpan(checked((int)(offset - window.Start)), destination.Length).CopyTo(destination.Span);
    }

    /// <inheritdoc/>
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        Forget(name);
        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        Forget(name);
    }

    /// <inheritdoc/>
    public async Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        Forget(name);
        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        Forget(name);
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Forget(name);
        await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        Forget(name);
    }

    /// <summary>Creates the bucket or container when the inner backend can; else does nothing.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public Task CreateIfMissingAsync(CancellationToken cancellationToken = default) =>
        _inner is ICreatableStorage creatable ? creatable.CreateIfMissingAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc/>
    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => _inner.GetAsync(name, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    /// <inheritdoc/>
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => _inner.StatAsync(name, cancellationToken);

    /// <summary>The held window that covers the range, or a new one started for it; null when the pack's length is unknown.</summary>
    private async Task<Window?> FindOrStartAsync(string name, long offset, int length, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(name, offset, length) is { } held)
            {
                return held;
            }
        }

        var packLength = await LengthOfAsync(name, cancellationToken).ConfigureAwait(false);
        if (packLength is not { } total || offset + length > total)
        {
            return null; // missing pack or a read past its end: the inner backend says what is wrong
        }

        lock (_gate)
        {
            if (Find(name, offset, length) is { } raced)
            {
                return raced;
            }

            var windowLength = (int)Math.Min(WindowLength, total - offset);
            var window = new Window(name, offset, windowLength);
            window.Bytes = Task.Run(() => ReadWindowAsync(window), CancellationToken.None);
            _windows.AddFirst(window);
            while (_windows.Count > MaxWindows)
            {
                _windows.RemoveLast();
            }

            return window;
        }
    }

    private async Task<byte[]> ReadWindowAsync(Window window)
    {
        // Not the reader's token: other readers may wait for this window; a failed window is dropped by whoever sees it.
        var bytes = new byte[window.Length];
        await _inner.ReadAsync(window.Name, window.Start, bytes, CancellationToken.None).ConfigureAwait(false);
        return bytes;
    }

    private Window? Find(string name, long offset, int length)
    {
        for (var node = _windows.First; node is not null; node = node.Next)
        {
            var window = node.Value;
            if (string.Equals(window.Name, name, StringComparison.Ordinal) && offset >= window.Start && offset + length <= window.Start + window.Length)
            {
                return window;
            }
        }

        return null;
    }

    private async Task<long?> LengthOfAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lengths.TryGetValue(name, out var known))
            {
                return known;
            }
        }

        var info = await _inner.StatAsync(name, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return null;
        }

        lock (_gate)
        {
            _lengths[name] = info.Value.Length;
        }

        return info.Value.Length;
    }

    private void Drop(Window window)
    {
        lock (_gate)
        {
            _windows.Remove(window);
        }
    }

    private void Forget(string name)
    {
        lock (_gate)
        {
            _lengths.Remove(name);
            for (var node = _windows.First; node is not null;)
            {
                var next = node.Next;
                if (string.Equals(node.Value.Name, name, StringComparison.Ordinal))
                {
                    _windows.Remove(node);
                }

                node = next;
            }
        }
    }

    private sealed class Window(string name, long start, int length)
    {
        public string Name { get; } = name;

        public long Start { get; } = start;

        public int Length { get; } = length;

        public Task<byte[]> Bytes { get; set; } = null!;
    }
}
