using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Testing;

/// <summary>
/// A decorator that makes another <see cref="IStorageBackend"/> unreliable in controlled, repeatable ways (transient
/// failures, latency, lost, torn and unacknowledged writes), to test that retries, checks and recovery cope with them.
/// </summary>
/// <remarks>
/// Every injected failure is a <see cref="StorageUnavailableException"/>, transient (<see cref="BackupException.IsTransient"/> set) except those of
/// <see cref="FaultInjectionOptions.PermanentFailureRate"/>, and is counted. Faults are drawn from a generator seeded by <see cref="FaultInjectionOptions.Seed"/>; set
/// <see cref="IsEnabled"/> to <see langword="false"/> to pass every call through unchanged (e.g. to verify the end state).
/// </remarks>
public sealed class FaultInjectingStorageBackend : IStorageBackend, IStorageBackendDecorator
{
    private const int MaxObjectsBeforeListFailure = 16;

    private readonly IStorageBackend _inner;
    private readonly Dictionary<StorageOperation, double> _failureRates = new();
    private readonly double _lostWriteRate;
    private readonly double _tornWriteRate;
    private readonly double _unacknowledgedWriteRate;
    private readonly double _permanentFailureRate;
    private readonly long? _failAfterCalls;
    private readonly bool _tornWritesStorePartialObject;
    private readonly TimeSpan _latency;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private long _injectedFailures;
    private long _lostWrites;
    private long _tornWrites;
    private long _unacknowledgedWrites;
    private long _permanentFailures;
    private long _calls;
    private volatile bool _isEnabled = true;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The backend that does the real work.</param>
    /// <param name="options">Which faults to inject; copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate lies outside 0..1, the write fault rates add up to more than 1, or the latency is negative.</exception>
    public FaultInjectingStorageBackend(IStorageBackend inner, FaultInjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var operation in Enum.GetValues<StorageOperation>())
        {
            var rate = options.FailureRateByOperation.TryGetValue(operation, out var specific) ? specific : options.FailureRate;
            _failureRates[operation] = CheckRate(rate, $"failure rate of {operation}");
        }

        _permanentFailureRate = CheckRate(options.PermanentFailureRate, nameof(options.PermanentFailureRate));
        if (options.FailAfterCalls is { } failAfter)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(failAfter, nameof(options));
        }

        _failAfterCalls = options.FailAfterCalls;
        _tornWritesStorePartialObject = options.TornWritesStorePartialObject;
        _lostWriteRate = CheckRate(options.LostWriteRate, nameof(options.LostWriteRate));
        _tornWriteRate = CheckRate(options.TornWriteRate, nameof(options.TornWriteRate));
        _unacknowledgedWriteRate = CheckRate(options.UnacknowledgedWriteRate, nameof(options.UnacknowledgedWriteRate));
        CheckRate(_lostWriteRate + _tornWriteRate + _unacknowledgedWriteRate, "sum of the write fault rates");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Latency, TimeSpan.Zero, nameof(options));
        _latency = options.Latency;
        _timeProvider = options.TimeProvider ?? throw new ArgumentException("A time provider is required.", nameof(options));
#pragma warning disable CA5394 // repeatable fault injection, not security
        _random = new Random(options.Seed);
#pragma warning restore CA5394
        _inner = inner;
    }

    /// <summary>The wrapped backend, for checking what was really stored.</summary>
    public IStorageBackend Inner => _inner;

    /// <summary>Whether faults and latency are injected; when <see langword="false"/>, calls pass straight through.</summary>
    public bool IsEnabled
    {
        get => _isEnabled;
        set => _isEnabled = value;
    }

    /// <summary>How many calls failed with an injected transient fault (not counting torn and unacknowledged writes).</summary>
    public long InjectedFailures => Interlocked.Read(ref _injectedFailures);

    /// <summary>How many calls failed with an injected permanent fault.</summary>
    public long PermanentFailures => Interlocked.Read(ref _permanentFailures);

    /// <summary>How many calls reached this backend while it was enabled.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>How many puts reported success without storing anything.</summary>
    public long LostWrites => Interlocked.Read(ref _lostWrites);

    /// <summary>How many puts failed part-way (storing nothing, or half with <see cref="FaultInjectionOptions.TornWritesStorePartialObject"/>).</summary>
    public long TornWrites => Interlocked.Read(ref _tornWrites);

    /// <summary>How many puts stored the object and then reported a failure.</summary>
    public long UnacknowledgedWrites => Interlocked.Read(ref _unacknowledgedWrites);

    /// <summary>All injected faults together.</summary>
    public long TotalInjectedFaults => InjectedFailures + PermanentFailures + LostWrites + TornWrites + UnacknowledgedWrites;

    /// <inheritdoc />
    public string Location => _inner.Location;

    /// <inheritdoc/>
    /// <remarks>Read into memory, then faulted like a put from memory.</remarks>
    public async Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var buffer = await StorageStreams.ReadRemainingAsync(content, cancellationToken).ConfigureAwait(false);
        await PutAsync(name, buffer, mode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(StorageOperation.Put, name, cancellationToken).ConfigureAwait(false);
        if (!IsEnabled)
        {
            await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
            return;
        }

        var draw = Draw();
        if (draw < _lostWriteRate)
        {
            Interlocked.Increment(ref _lostWrites);
            return;
        }

        if (draw < _lostWriteRate + _tornWriteRate)
        {
            Interlocked.Increment(ref _tornWrites);
            if (_tornWritesStorePartialObject)
            {
                await _inner.PutAsync(name, content[..(content.Length / 2)], PutMode.Overwrite, cancellationToken).ConfigureAwait(false);
            }

            throw Fault("torn write: the transfer broke off and nothing was stored", StorageOperation.Put, name);
        }

        await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        if (draw < _lostWriteRate + _tornWriteRate + _unacknowledgedWriteRate)
        {
            Interlocked.Increment(ref _unacknowledgedWrites);
            throw Fault("unacknowledged write: the object was stored but the reply was lost", StorageOperation.Put, name);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(StorageOperation.Get, name, cancellationToken).ConfigureAwait(false);
        return await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(StorageOperation.Read, name, cancellationToken).ConfigureAwait(false);
        await _inner.ReadAsync(name, offset, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidatePrefix(prefix);
        await DelayAsync(cancellationToken).ConfigureAwait(false);

        // A failing listing returns a few objects first, so callers learn that a listing can break off mid-way.
        if (IsEnabled && HasDied())
        {
            Interlocked.Increment(ref _injectedFailures);
            throw Fault("the backend is down", StorageOperation.List, prefix);
        }

        var failAfter = IsEnabled && Draw() < _failureRates[StorageOperation.List] ? NextInt(MaxObjectsBeforeListFailure) : -1;
        var returned = 0;
        await foreach (var info in _inner.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (returned == failAfter)
            {
                break;
            }

            returned++;
            yield return info;
        }

        if (failAfter >= 0)
        {
            Interlocked.Increment(ref _injectedFailures);
            throw Fault($"listing broke off after {returned} objects", StorageOperation.List, prefix);
        }
    }

    /// <inheritdoc />
    public async Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(StorageOperation.Stat, name, cancellationToken).ConfigureAwait(false);
        return await _inner.StatAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(StorageOperation.Delete, name, cancellationToken).ConfigureAwait(false);
        await _inner.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private async Task BeforeCallAsync(StorageOperation operation, string name, CancellationToken cancellationToken)
    {
        // Caller mistakes stay caller mistakes: a bad name is rejected before any fault is drawn, and a lost write, which
        // never reaches the inner backend, still rejects it.
        StorageNames.Validate(name);
        await DelayAsync(cancellationToken).ConfigureAwait(false);
        if (!IsEnabled)
        {
            return;
        }

        if (HasDied())
        {
            Interlocked.Increment(ref _injectedFailures);
            throw Fault("the backend is down", operation, name);
        }

        if (Draw() < _failureRates[operation])
        {
            Interlocked.Increment(ref _injectedFailures);
            throw Fault("injected transient failure", operation, name);
        }

        if (_permanentFailureRate > 0 && Draw() < _permanentFailureRate)
        {
            Interlocked.Increment(ref _permanentFailures);
            throw new StorageUnavailableException($"{operation} of '{name}' in '{Location}' failed: access denied (fault injection).", isTransient: false);
        }
    }

    private bool HasDied() => Interlocked.Increment(ref _calls) > _failAfterCalls;

    private async Task DelayAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (IsEnabled && _latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private double Draw()
    {
        lock (_randomGate)
        {
#pragma warning disable CA5394 // repeatable fault injection, not security
            return _random.NextDouble();
#pragma warning restore CA5394
        }
    }

    private int NextInt(int maxExclusive)
    {
        lock (_randomGate)
        {
#pragma warning disable CA5394 // repeatable fault injection, not security
            return _random.Next(maxExclusive);
#pragma warning restore CA5394
        }
    }

    private StorageUnavailableException Fault(string what, StorageOperation operation, string name) =>
        new($"{operation} of '{name}' in '{Location}' failed: {what} (fault injection).", isTransient: true);

    private static double CheckRate(double rate, string what)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The {what} must lie between 0 and 1.");
        }

        return rate;
    }
}
