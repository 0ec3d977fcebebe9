namespace Backup.Sdk.Storage;

/// <summary>Looks through a chain of <see cref="IStorageBackendDecorator"/>s for a backend with an optional capability.</summary>
internal static class StorageChain
{
    // Far more than any real chain; only a decorator that wraps itself (directly or not) reaches it.
    private const int MaxDepth = 64;

    /// <summary>The outermost backend of the chain that is a <typeparamref name="T"/>, or <see langword="null"/> when none is.</summary>
    /// <exception cref="ArgumentException">The chain is longer than 64 backends (a decorator that wraps itself).</exception>
    public static T? Find<T>(IStorageBackend storage)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(storage);
        var current = storage;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (current is T found)
            {
                return found;
            }

            if (current is not IStorageBackendDecorator { Inner: { } inner })
            {
                return null;
            }

            current = inner;
        }

        throw new ArgumentException($"The storage chain of '{storage.Location}' is more than {MaxDepth} decorators deep; does a decorator wrap itself?", nameof(storage));
    }
}
