using Backup.Sdk.Repository;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Validation;

/// <summary>
/// A small repository with two snapshots that share a directory, each group of objects in its own pack and index file, so
/// that a test can damage one object and know exactly what it affects:
/// <code>
/// snapshot 1: /data/docs/a.txt (A1, A2)  /data/docs/b.txt (B)  /data/photos/p.jpg (P)
/// snapshot 2: /data/docs/... (the same docs tree)              /data/other/c.txt (C)
/// packs: DocsDataPack (A1 A2 B), PhotoDataPack (P), OtherDataPack (C), PhotosTreePack (photos tree), TreePack (the other trees)
/// </code>
/// </summary>
internal sealed class CheckScenario : IAsyncDisposable
{
    private CheckScenario(InMemoryStorageBackend storage, TestRepositoryBuilder builder)
    {
        Storage = storage;
        Builder = builder;
    }

    public InMemoryStorageBackend Storage { get; }

    public TestRepositoryBuilder Builder { get; }

    public BackupRepository Repository => Builder.Repository;

    public ContentId A1 { get; private set; }

    public ContentId A2 { get; private set; }

    public ContentId B { get; private set; }

    public ContentId P { get; private set; }

    public ContentId C { get; private set; }

    public ContentId PhotosTree { get; private set; }

    public ContentId Snapshot1 { get; private set; }

    public ContentId Snapshot2 { get; private set; }

    public string DocsDataPack => Builder.PackOf(A1);

    public string PhotoDataPack => Builder.PackOf(P);

    public string OtherDataPack => Builder.PackOf(C);

    public string PhotosTreePack => Builder.PackOf(PhotosTree);

    public static async Task<CheckScenario> CreateAsync()
    {
        var storage = new InMemoryStorageBackend("check");
        var builder = new TestRepositoryBuilder(await TestRepositories.InitAsync(storage));
        var scenario = new CheckScenario(storage, builder);
        await scenario.BuildAsync();
        return scenario;
    }

    public ValueTask DisposeAsync() => Repository.DisposeAsync();

    private async Task BuildAsync()
    {
        var b = Builder;
        A1 = await b.DataAsync();
        A2 = await b.DataAsync();
        B = await b.DataAsync();
        await b.FlushAsync();
        P = await b.DataAsync();
        await b.FlushAsync();
        C = await b.DataAsync();
        await b.FlushAsync();
        PhotosTree = await b.TreeAsync(TestRepositoryBuilder.File("p.jpg", P));
        await b.FlushAsync();

        var docs = await b.TreeAsync(TestRepositoryBuilder.File("a.txt", A1, A2), TestRepositoryBuilder.File("b.txt", B));
        var other = await b.TreeAsync(TestRepositoryBuilder.File("c.txt", C));
        var data1 = await b.TreeAsync(TestRepositoryBuilder.Directory("docs", docs), TestRepositoryBuilder.Directory("photos", PhotosTree));
        var data2 = await b.TreeAsync(TestRepositoryBuilder.Directory("docs", docs), TestRepositoryBuilder.Directory("other", other));
        var root1 = await b.TreeAsync(TestRepositoryBuilder.Directory("data", data1));
        var root2 = await b.TreeAsync(TestRepositoryBuilder.Directory("data", data2));
        await b.FlushAsync();

        Snapshot1 = await b.SnapshotAsync(root1, "/data", 1);
        Snapshot2 = await b.SnapshotAsync(root2, "/data", 2);
    }
}
