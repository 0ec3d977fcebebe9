using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

public class BlobStoreTests
{
    [Test]
    public async Task SaveAsync_ThenFlushAndReopen_ReadsEveryBlobBack()
    {
        var storage = new InMemoryStorageBackend();
        var blobs = Enumerable.Range(0, 40).Select(i => TestRepositories.RandomBytes(10_000 + (i * 997), i)).ToList();
        var ids = new List<ContentId>();
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            foreach (var blob in blobs)
            {
                ids.Add((await repository.Blobs.SaveAsync(BlobType.Data, blob)).Id);
            }

            await repository.Blobs.FlushAsync();
        }

        await using var reopened = await TestRepositories.OpenAsync(storage);
        await reopened.Blobs.LoadIndexAsync();

        Assert.That(reopened.Blobs.Count, Is.EqualTo(blobs.Count));
        for (var i = 0; i < blobs.Count; i++)
        {
            Assert.That(await reopened.Blobs.ReadAsync(BlobType.Data, ids[i]), Is.EqualTo(blobs[i]));
        }
    }

    [Test]
    public async Task SaveAsync_SameContentTwice_StoresItOnce()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var content = TestRepositories.RandomBytes(50_000, 1);

        var first = await repository.Blobs.SaveAsync(BlobType.Data, content);
        var second = await repository.Blobs.SaveAsync(BlobType.Data, content);
        await repository.Blobs.FlushAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.Added, Is.True);
            Assert.That(second.Added, Is.False);
            Assert.That(second.Id, Is.EqualTo(first.Id));
            Assert.That(second.StoredLength, Is.Zero);
        });
        Assert.That(repository.Blobs.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task SaveAsync_ManyBlobs_GroupsThemIntoPacksNearTheTargetSize()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage, TestRepositories.SmallOptions(packSize: 128 * 1024));
        for (var i = 0; i < 64; i++)
        {
            await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(16 * 1024, i));
        }

        await repository.Blobs.FlushAsync();

        var packs = new List<StorageObjectInfo>();
        await foreach (var info in storage.ListAsync("data/"))
        {
            packs.Add(info);
        }

        // 1 MiB of incompressible 16 KiB blobs in 128 KiB packs: 7 blobs fit a pack, so 10 packs, not 64 objects. No pack
        // passes the target (a writer's buffer is exactly the pack size), and all but the last are within a blob of it.
        Assert.That(packs, Has.Count.EqualTo(10));
        Assert.That(packs.Select(p => p.Length), Has.All.LessThanOrEqualTo(128 * 1024));
        Assert.That(packs.Count(p => p.Length < (128 - 17) * 1024), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task SaveAsync_CompressibleData_StoresFewerBytesThanItsSize()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 5000)));

        var result = await repository.Blobs.SaveAsync(BlobType.Data, text);

        Assert.That(result.StoredLength, Is.LessThan(text.Length / 10));
    }

    [Test]
    public async Task SaveAsync_ConcurrentSaversOfOverlappingContent_StoreEachBlobOnceAndAllReadBack()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var contents = Enumerable.Range(0, 30).Select(i => TestRepositories.RandomBytes(20_000, i)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var added = new List<BlobSaveResult>();
            foreach (var content in contents)
            {
                added.Add(await repository.Blobs.SaveAsync(BlobType.Data, content));
            }

            return added;
        })));
        await repository.Blobs.FlushAsync();

        Assert.That(results.SelectMany(r => r).Count(r => r.Added), Is.EqualTo(contents.Length));
        foreach (var content in contents)
        {
            Assert.That(await repository.Blobs.ReadAsync(BlobType.Data, repository.Blobs.ComputeId(BlobType.Data, content)), Is.EqualTo(content));
        }
    }

    [Test]
    public async Task ReadAsync_BlobNotInIndex_ThrowsObjectNotFound()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        var id = repository.Blobs.ComputeId(BlobType.Data, [1, 2, 3]);

        Assert.That(() => repository.Blobs.ReadAsync(BlobType.Data, id), Throws.TypeOf<ObjectNotFoundException>());
    }

    [Test]
    public async Task ReadAsync_AsTheWrongType_ThrowsCorruptObject()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        var saved = await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(1000, 3));
        await repository.Blobs.FlushAsync();

        Assert.That(() => repository.Blobs.ReadAsync(BlobType.Tree, saved.Id), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task ComputeId_DataAndTreeOfSameContent_Differ()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        byte[] content = [1, 2, 3, 4];

        Assert.That(repository.Blobs.ComputeId(BlobType.Data, content), Is.Not.EqualTo(repository.Blobs.ComputeId(BlobType.Tree, content)));
    }

    [Test]
    public async Task SaveAsync_AfterManyPacks_WritesIndexFilesBeforeTheFlush()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(
            storage,
            TestRepositories.SmallOptions(packSize: 64 * 1024),
            new RepositoryOptions { PacksPerIndexFile = 2 });
        for (var i = 0; i < 12; i++)
        {
            await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(40 * 1024, i));
        }

        // No flush: an interrupted backup still leaves indexed, reusable packs behind.
        await using var other = await TestRepositories.OpenAsync(storage);
        await other.Blobs.LoadIndexAsync();
        Assert.That(other.Blobs.Count, Is.GreaterThanOrEqualTo(4));
    }
}
