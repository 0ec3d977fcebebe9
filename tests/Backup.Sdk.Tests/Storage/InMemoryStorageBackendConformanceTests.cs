using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Testing;

namespace Backup.Sdk.Tests.Storage;

public class InMemoryStorageBackendConformanceTests : StorageBackendConformanceTests
{
    protected override Task<IStorageBackend> CreateBackendAsync() =>
        Task.FromResult<IStorageBackend>(new InMemoryStorageBackend());
}

/// <summary>The decorator with no faults configured must be invisible: it passes the whole contract.</summary>
public class FaultInjectingStorageBackendWithoutFaultsConformanceTests : StorageBackendConformanceTests
{
    protected override Task<IStorageBackend> CreateBackendAsync() =>
        Task.FromResult<IStorageBackend>(new FaultInjectingStorageBackend(new InMemoryStorageBackend(), new FaultInjectionOptions()));
}
