namespace Backup.Sdk.Storage;

/// <summary>
/// A storage backend that wraps another one (retries, limits, a cache, read-ahead, fault injection), so that what the inner
/// backend can do besides <see cref="IStorageBackend"/> (such as <see cref="IConditionalWriteProbe"/>) is found through it.
/// </summary>
public interface IStorageBackendDecorator
{
    /// <summary>The wrapped backend.</summary>
    IStorageBackend Inner { get; }
}
