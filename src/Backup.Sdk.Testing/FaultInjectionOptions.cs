using Backup.Sdk.Storage;

namespace Backup.Sdk.Testing;

/// <summary>The operations of <see cref="IStorageBackend"/>, for per-operation fault rates.</summary>
public enum StorageOperation
{
    /// <summary><see cref="IStorageBackend.PutAsync(string, ReadOnlyMemory{byte}, PutMode, CancellationToken)"/> and its stream overload.</summary>
    Put,

    /// <summary><see cref="IStorageBackend.GetAsync"/>.</summary>
    Get,

    /// <summary><see cref="IStorageBackend.ReadAsync"/>.</summary>
    Read,

    /// <summary><see cref="IStorageBackend.ListAsync"/>.</summary>
    List,

    /// <summary><see cref="IStorageBackend.StatAsync"/>.</summary>
    Stat,

    /// <summary><see cref="IStorageBackend.DeleteAsync"/>.</summary>
    Delete,
}

/// <summary>
/// Which faults <see cref="FaultInjectingStorageBackend"/> injects and how often. Rates are probabilities from 0 to 1 drawn
/// per call from a generator seeded with <see cref="Seed"/>. The options are copied when the backend is created.
/// </summary>
public sealed class FaultInjectionOptions
{
    /// <summary>
    /// The probability that a call fails with a transient <see cref="StorageUnavailableException"/> before reaching the inner
    /// backend (so it has no effect), for operations not in <see cref="FailureRateByOperation"/>. A failed listing throws
    /// after returning some (possibly none) of its objects.
    /// </summary>
    public double FailureRate { get; set; }

    /// <summary>
    /// The probability that a call fails with a permanent (not transient) <see cref="StorageUnavailableException"/>, as access
    /// denied would, before reaching the inner backend. Drawn after <see cref="FailureRate"/>'s draw misses.
    /// </summary>
    public double PermanentFailureRate { get; set; }

    /// <summary>
    /// When set, the backend "dies" after this many calls: every later call (listings included) fails with a transient
    /// <see cref="StorageUnavailableException"/> until <see cref="FaultInjectingStorageBackend.IsEnabled"/> is turned off.
    /// </summary>
    public long? FailAfterCalls { get; set; }

    /// <summary>
    /// Whether a torn write leaves the first half of the content stored under the name (as a store without atomic puts
    /// would) instead of nothing. Breaks the contract's atomic puts on purpose, to test that a partial object is never taken
    /// as stored.
    /// </summary>
    public bool TornWritesStorePartialObject { get; set; }

    /// <summary>Per-operation failure rates that override <see cref="FailureRate"/>, e.g. <c>{ [StorageOperation.Put] = 0.5 }</c>.</summary>
    public IDictionary<StorageOperation, double> FailureRateByOperation { get; } = new Dictionary<StorageOperation, double>();

    /// <summary>
    /// The probability that a put reports success but stores nothing, as a store that loses acknowledged data would (a disk
    /// cache lost on power failure). Deliberately breaks read-after-write, so that checks that detect missing objects can be
    /// tested.
    /// </summary>
    public double LostWriteRate { get; set; }

    /// <summary>
    /// The probability that a put is torn: the transfer breaks off part-way, the put fails with a transient
    /// <see cref="StorageUnavailableException"/>, and, as the contract's atomic puts require, nothing is stored under the
    /// name (an existing object keeps its old content). To the caller it looks like a failed put; it is counted separately.
    /// </summary>
    public double TornWriteRate { get; set; }

    /// <summary>
    /// The probability that a put stores the whole object but then fails with a transient
    /// <see cref="StorageUnavailableException"/>, as when an acknowledgement is lost on the network. A retry then finds the
    /// object present (a create-only retry gets <see cref="ObjectAlreadyExistsException"/>), which callers must handle.
    /// </summary>
    public double UnacknowledgedWriteRate { get; set; }

    /// <summary>A delay added before every call, measured by <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The clock for <see cref="Latency"/>; a fake clock makes delays controllable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Seeds the generator: the same seed and the same sequence of calls inject the same faults. Calls made concurrently
    /// draw in the order they arrive, so only sequential use is fully repeatable.
    /// </summary>
    public int Seed { get; set; }
}
