using System.Reflection;
using Backup.Sdk;
using Backup.Sdk.Repository;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Testing;

namespace PackageSmoke;

/// <summary>
/// The public API as a consumer of the packages uses it: only public types, referenced through PackageReference.
/// When a test here fails to compile, a public API broke for every user.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void ReferencedAssemblies_AreThePackagesOfThisBuild()
    {
        var testing = Assembly.Load("Backup.Sdk.Testing");

        Assert.Multiple(() =>
        {
            Assert.That(InformationalVersion(typeof(ContentId).Assembly), Does.StartWith(SmokeSettings.Version));
            Assert.That(InformationalVersion(testing), Does.StartWith(SmokeSettings.Version));
        });
    }

    [Test]
    public void ContentId_ParseThenToString_RoundTrips()
    {
        const string Hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

        var id = ContentId.Parse(Hex);

        Assert.Multiple(() =>
        {
            Assert.That(id.ToString(), Is.EqualTo(Hex));
            Assert.That(new ContentId(id.ToArray()), Is.EqualTo(id));
            Assert.That(ContentId.TryParse("not hex", out _), Is.False);
        });
    }

    [TestCase("config", true)]
    [TestCase("data/ab/ab12cd", true)]
    [TestCase("../escape", false)]
    [TestCase("", false)]
    public void StorageNames_IsValid_FollowsTheDocumentedRules(string name, bool expected)
    {
        Assert.That(StorageNames.IsValid(name), Is.EqualTo(expected));
    }

    [Test]
    public void SdkExceptions_AreCatchableAsBackupException()
    {
        var thrown = new List<BackupException>();
        foreach (var raise in new Action[]
        {
            () => throw new RepositoryNotFoundException("/nowhere"),
            () => throw new WrongPasswordException(),
            () => throw new CorruptObjectException("data/ab/ab12", "bad tag"),
            () => throw new StorageUnavailableException("timeout", isTransient: true),
        })
        {
            try
            {
                raise();
            }
            catch (BackupException ex)
            {
                thrown.Add(ex);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(thrown, Has.Count.EqualTo(4));
            Assert.That(thrown[0], Is.TypeOf<RepositoryNotFoundException>().With.Property(nameof(RepositoryNotFoundException.Location)).EqualTo("/nowhere"));
            Assert.That(thrown[3].IsTransient, Is.True);
            Assert.That(thrown[1].IsTransient, Is.False);
        });
    }

    // ------------------------------------------------------------------------------------------------------------------
    [Test]
    public async Task Repository_SaveFlushReopenRead_RoundTripsThroughThePackages()
    {
        var storage = new InMemoryStorageBackend("smoke");
        var init = new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 256 * 1024 };
        byte[] content = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31))];
        ContentId id;
        await using (var repository = await BackupRepository.InitAsync(storage, "smoke-password", init))
        {
            id = (await repository.Blobs.SaveAsync(BlobType.Data, content)).Id;
            var tree = await repository.Trees.SaveAsync(new Tree
            {
                Nodes = [new TreeNode { Name = "file.bin", Type = NodeType.File, Size = content.Length, Content = [id] }],
            });
            await repository.Blobs.FlushAsync();
            await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch, Hostname = "smoke", Paths = ["/smoke"], Tree = tree.Id });
        }

        await using var reopened = await BackupRepository.OpenAsync(storage, "smoke-password");
        await reopened.Blobs.LoadIndexAsync();
        var snapshot = (await reopened.Snapshots.ListAsync()).Single();
        var node = (await reopened.Trees.LoadAsync(snapshot.Tree)).Nodes.Single();

        Assert.That(await reopened.Blobs.ReadAsync(BlobType.Data, node.Content![0]), Is.EqualTo(content));
    }

    [Test]
    public async Task Repository_WrongPassword_ThrowsWrongPasswordException()
    {
        var storage = new InMemoryStorageBackend("smoke");
        await (await BackupRepository.InitAsync(storage, "right", new RepositoryInitOptions { Kdf = KdfParameters.ForTesting })).DisposeAsync();

        Assert.That(() => BackupRepository.OpenAsync(storage, "wrong"), Throws.TypeOf<WrongPasswordException>());
    }

    [Test]
    public async Task ConformanceSuite_IsUsableFromThePackage()
    {
        // A custom backend's tests inherit the fixture; here we only prove the type is public and constructible by inheritance.
        var fixture = new InMemoryConformance();
        Assert.That(await fixture.CreateAsync(), Is.InstanceOf<IStorageBackend>());
    }

    private static string? InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}

/// <summary>How an author of a custom backend uses the shipped suite: inherit it and say how to make a fresh backend.</summary>
public sealed class InMemoryConformance : StorageBackendConformanceTests
{
    public Task<IStorageBackend> CreateAsync() => CreateBackendAsync();

    protected override Task<IStorageBackend> CreateBackendAsync() => Task.FromResult<IStorageBackend>(new InMemoryStorageBackend());
}
