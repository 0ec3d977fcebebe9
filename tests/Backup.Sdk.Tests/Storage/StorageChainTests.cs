using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Storage;

public class StorageChainTests
{
    [Test]
    public void Find_ThroughDecorators_ReturnsTheInnerBackendWithTheCapability()
    {
        var probed = new ProbedStorageBackend(honoured: true);
        var chain = StorageResilience.Apply(probed, new StorageResilienceOptions { MaxConcurrentUploads = 2 });

        Assert.That(StorageChain.Find<IConditionalWriteProbe>(chain), Is.SameAs(probed));
    }

    [Test]
    public void Find_WhenNoBackendHasTheCapability_ReturnsNull()
    {
        var chain = StorageResilience.Apply(new InMemoryStorageBackend(), new StorageResilienceOptions());

        Assert.That(StorageChain.Find<IConditionalWriteProbe>(chain), Is.Null);
    }

    [Test]
    public void Find_WhenADecoratorHasTheCapabilityItself_ReturnsTheOutermost()
    {
        var inner = new ProbedStorageBackend(honoured: true);
        var outer = new InterceptingDecorator(inner);

        Assert.That(StorageChain.Find<IConditionalWriteProbe>(outer), Is.SameAs(outer));
    }

    [Test]
    public void Find_OnADecoratorThatWrapsItself_ThrowsInsteadOfLooping()
    {
        var loop = new SelfWrappingDecorator();

        Assert.That(() => StorageChain.Find<IConditionalWriteProbe>(loop), Throws.ArgumentException.With.Message.Contains("wrap itself"));
    }

    private sealed class InterceptingDecorator(IStorageBackend inner) : IStorageBackend, IStorageBackendDecorator, IConditionalWriteProbe
    {
        public IStorageBackend Inner => inner;

        public string Location => inner.Location;

        public Task<bool> DetectConditionalWritesAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) => inner.PutAsync(name, content, mode, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) => inner.ReadAsync(name, offset, destination, cancellationToken);

        public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    }

    private sealed class SelfWrappingDecorator : IStorageBackend, IStorageBackendDecorator
    {
        public IStorageBackend Inner => this;

        public string Location => "loop:";

        public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
