using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

public class BackupRepositoryTests
{
    [Test]
    public async Task OpenAsync_AfterInit_SeesTheSameConfig()
    {
        var storage = new InMemoryStorageBackend();
        var options = TestRepositories.SmallOptions(packSize: 300_000);
        RepositoryConfig created;
        await using (var repository = await TestRepositories.InitAsync(storage, options))
        {
            created = repository.Config;
        }

        await using var opened = await TestRepositories.OpenAsync(storage);

        Assert.Multiple(() =>
        {
            Assert.That(opened.Config.RepositoryId, Is.EqualTo(created.RepositoryId).And.Length.EqualTo(32));
            Assert.That(opened.Config.PackSize, Is.EqualTo(300_000));
            Assert.That(opened.Config.Chunker.AverageSize, Is.EqualTo(options.Chunker.AverageSize));
            Assert.That(opened.Config.FormatVersion, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task InitAsync_WhereARepositoryExists_ThrowsAndChangesNothing()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var before = await TestRepositories.FingerprintAsync(storage);

        Assert.That(() => TestRepositories.InitAsync(storage), Throws.TypeOf<RepositoryAlreadyExistsException>());
        Assert.That(await TestRepositories.FingerprintAsync(storage), Is.EqualTo(before));
    }

    [Test]
    public void OpenAsync_EmptyLocation_ThrowsRepositoryNotFound()
    {
        Assert.That(() => TestRepositories.OpenAsync(new InMemoryStorageBackend()), Throws.TypeOf<RepositoryNotFoundException>());
    }

    [Test]
    public async Task OpenAsync_WrongPassword_ThrowsWrongPasswordAndChangesNothing()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var before = await TestRepositories.FingerprintAsync(storage);

        Assert.That(() => TestRepositories.OpenAsync(storage, "not the password"), Throws.TypeOf<WrongPasswordException>());
        Assert.That(await TestRepositories.FingerprintAsync(storage), Is.EqualTo(before));
    }

    [Test]
    public async Task OpenAsync_ConfigFromAnotherRepository_ThrowsRepositoryMismatch()
    {
        var mine = new InMemoryStorageBackend();
        var theirs = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(mine)).DisposeAsync();
        await (await TestRepositories.InitAsync(theirs)).DisposeAsync();
        await mine.PutAsync("config", await theirs.GetAsync("config"));

        var ex = Assert.ThrowsAsync<RepositoryMismatchException>(() => TestRepositories.OpenAsync(mine));
        Assert.That(ex!.ObjectName, Is.EqualTo("config"));
    }

    [TestCase(0, TestName = "OpenAsync_ConfigWithBadMagic_ThrowsCorruptObject")]
    [TestCase(70, TestName = "OpenAsync_ConfigWithFlippedCiphertext_ThrowsCorruptObject")]
    [TestCase(-1, TestName = "OpenAsync_ConfigWithFlippedTag_ThrowsCorruptObject")]
    public async Task OpenAsync_DamagedConfig_ThrowsCorruptObjectNamingConfig(int flipAt)
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var config = await storage.GetAsync("config");
        config[flipAt >= 0 ? flipAt : config.Length + flipAt] ^= 0x04;
        await storage.PutAsync("config", config);

        var ex = Assert.ThrowsAsync<CorruptObjectException>(() => TestRepositories.OpenAsync(storage));
        Assert.That(ex!.ObjectName, Is.EqualTo("config"));
    }

    [Test]
    public async Task OpenAsync_TruncatedConfig_ThrowsCorruptObject()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var config = await storage.GetAsync("config");
        await storage.PutAsync("config", config.AsMemory(0, 40));

        Assert.That(() => TestRepositories.OpenAsync(storage), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task OpenAsync_ConfigOfANewerFormatVersion_ThrowsUnsupportedFormatVersion()
    {
        var storage = new InMemoryStorageBackend();
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var config = await storage.GetAsync("config");
        config[5] = 2;
        await storage.PutAsync("config", config);

        var ex = Assert.ThrowsAsync<UnsupportedFormatVersionException>(() => TestRepositories.OpenAsync(storage));
        Assert.That(ex!.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task ReadAsync_PackMissing_ThrowsObjectNotFoundNamingThePack()
    {
        var storage = new InMemoryStorageBackend();
        ContentId id;
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            id = (await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(5000, 9))).Id;
            await repository.Blobs.FlushAsync();
        }

        await foreach (var pack in storage.ListAsync("data/"))
        {
            await storage.DeleteAsync(pack.Name);
        }

        await using var reopened = await TestRepositories.OpenAsync(storage);
        await reopened.Blobs.LoadIndexAsync();
        var ex = Assert.ThrowsAsync<ObjectNotFoundException>(() => reopened.Blobs.ReadAsync(BlobType.Data, id));
        Assert.That(ex!.ObjectName, Does.StartWith("data/"));
    }

    [Test]
    public async Task LoadIndexAsync_BitFlippedIndexFile_ThrowsCorruptObjectNamingIt()
    {
        var storage = new InMemoryStorageBackend();
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(5000, 9));
            await repository.Blobs.FlushAsync();
        }

        string indexName = "";
        await foreach (var info in storage.ListAsync("index/"))
        {
            indexName = info.Name;
        }

        var bytes = await storage.GetAsync(indexName);
        bytes[^20] ^= 0x80;
        await storage.PutAsync(indexName, bytes);

        await using var reopened = await TestRepositories.OpenAsync(storage);
        var ex = Assert.ThrowsAsync<CorruptObjectException>(() => reopened.Blobs.LoadIndexAsync());
        Assert.That(ex!.ObjectName, Is.EqualTo(indexName));
    }

    [Test]
    public async Task Keys_AddChangeAndRemove_OnlyTheLivePasswordsOpen()
    {
        var storage = new InMemoryStorageBackend();
        await using (var repository = await TestRepositories.InitAsync(storage))
        {
            var second = await repository.Keys.AddAsync("second password", TestRepositories.CheapKdf);
            Assert.That(await repository.Keys.ListAsync(), Has.Count.EqualTo(2));

            await repository.Keys.ChangePasswordAsync("new first password", TestRepositories.CheapKdf);
            await repository.Keys.RemoveAsync(second);
            Assert.That(await repository.Keys.ListAsync(), Has.Count.EqualTo(1));
        }

        await (await TestRepositories.OpenAsync(storage, "new first password")).DisposeAsync();
        Assert.That(() => TestRepositories.OpenAsync(storage), Throws.TypeOf<WrongPasswordException>());
        Assert.That(() => TestRepositories.OpenAsync(storage, "second password"), Throws.TypeOf<WrongPasswordException>());
    }
}
