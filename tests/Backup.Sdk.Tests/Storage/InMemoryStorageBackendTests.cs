using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Storage;

public class InMemoryStorageBackendTests
{
    [Test]
    public async Task CountAndTotalBytes_FollowPutsOverwritesAndDeletes()
    {
        var backend = new InMemoryStorageBackend("t");
        await backend.PutAsync("a", new byte[10]);
        await backend.PutAsync("b", new byte[5]);
        await backend.PutAsync("a", new byte[3]);
        await backend.DeleteAsync("b");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(backend.Count, Is.EqualTo(1));
            Assert.That(backend.TotalBytes, Is.EqualTo(3));
            Assert.That(backend.Location, Is.EqualTo("memory:t"));
        }
    }

    [Test]
    public async Task Indexer_ReadsCopiesAndTampersWithObjects()
    {
        var backend = new InMemoryStorageBackend();
        await backend.PutAsync("keys/k", new byte[] { 1, 2, 3 });

        var copy = backend["keys/k"]!;
        copy[0] = 99;
        backend["keys/other"] = new byte[] { 7 };
        backend["keys/k"] = null;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await backend.StatAsync("keys/k"), Is.Null);
            Assert.That(await backend.GetAsync("keys/other"), Is.EqualTo(new byte[] { 7 }));
            Assert.That(backend["missing"], Is.Null);
            Assert.That(backend.TotalBytes, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Corrupt_FlipsOneStoredByte()
    {
        var backend = new InMemoryStorageBackend();
        await backend.PutAsync("data/ab/p", new byte[] { 0, 0, 0 });

        backend.Corrupt("data/ab/p", 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await backend.GetAsync("data/ab/p"), Is.EqualTo(new byte[] { 0, 0xFF, 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => backend.Corrupt("data/ab/p", 3));
            Assert.Throws<ObjectNotFoundException>(() => backend.Corrupt("data/ab/missing", 0));
        }
    }

    [Test]
    public async Task LastModified_ComesFromTheTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var backend = new InMemoryStorageBackend(timeProvider: time);

        await backend.PutAsync("config", new byte[1]);

        Assert.That((await backend.StatAsync("config"))?.LastModified, Is.EqualTo(time.GetUtcNow()));
    }
}
