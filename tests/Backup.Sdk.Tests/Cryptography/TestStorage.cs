using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Cryptography;

/// <summary>A minimal in-memory backend for the key store tests; the shipped in-memory backend lives elsewhere.</summary>
internal sealed class TestStorage : IStorageBackend
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public string Location => "memory:test";

    public IReadOnlyCollection<string> Names => _objects.Keys.ToList();

    public byte[] this[string name]
    {
        get => _objects[name];
        set => _objects[name] = value;
    }

    public void Remove(string name) => _objects.TryRemove(name, out _);

    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        StorageNames.Validate(name);
        if (mode == PutMode.CreateOnly)
        {
            if (!_objects.TryAdd(name, content.ToArray()))
            {
                throw new ObjectAlreadyExistsException(name);
            }
        }
        else
        {
            _objects[name] = content.ToArray();
        }

        return Task.CompletedTask;
    }

    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _objects.TryGetValue(name, out var bytes) ? Task.FromResult(bytes.ToArray()) : throw new ObjectNotFoundException(name);

    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var bytes = await GetAsync(name, cancellationToken);
        bytes.AsMemory((int)offset, destination.Length).CopyTo(destination);
    }

    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (name, bytes) in _objects)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return new StorageObjectInfo(name, bytes.Length);
            }
        }
    }

    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_objects.TryGetValue(name, out var bytes) ? new StorageObjectInfo(name, bytes.Length) : (StorageObjectInfo?)null);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        _objects.TryRemove(name, out _);
        return Task.CompletedTask;
    }
}
