using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

public class SnapshotStoreTests
{
    [Test]
    public async Task SaveAsync_ThenLoad_RoundTripsEveryField()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        var tree = await repository.Trees.SaveAsync(new Tree());
        await repository.Blobs.FlushAsync();
        var snapshot = new Snapshot
        {
            Time = new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.FromHours(1)).AddTicks(1234567),
            Hostname = "h1",
            Username = "u1",
            Paths = ["/data/x"],
            Tags = ["daily", "prod"],
            Level = BackupLevel.Differential,
            Parent = tree.Id,
            Tree = tree.Id,
            Summary = new SnapshotSummary { FilesNew = 3, BytesRead = 99, DataAdded = 12 },
        };

        var id = await repository.Snapshots.SaveAsync(snapshot);
        var loaded = await repository.Snapshots.LoadAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Id, Is.EqualTo(id));
            Assert.That(loaded.Time, Is.EqualTo(snapshot.Time));
            Assert.That(loaded.Time.Offset, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(loaded.Hostname, Is.EqualTo("h1"));
            Assert.That(loaded.Paths, Is.EqualTo(snapshot.Paths));
            Assert.That(loaded.Tags, Is.EqualTo(snapshot.Tags));
            Assert.That(loaded.Level, Is.EqualTo(BackupLevel.Differential));
            Assert.That(loaded.Parent, Is.EqualTo(tree.Id));
            Assert.That(loaded.Tree, Is.EqualTo(tree.Id));
            Assert.That(loaded.Summary!.FilesNew, Is.EqualTo(3));
            Assert.That(loaded.Summary.BytesRead, Is.EqualTo(99));
        });
    }

    [Test]
    public async Task ResolveAsync_AcceptsFullIdsPrefixesAndLatest()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        var older = await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch.AddDays(1), Hostname = "a" });
        var newer = await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch.AddDays(2), Hostname = "b" });

        Assert.Multiple(async () =>
        {
            Assert.That(await repository.Snapshots.ResolveAsync(older.ToString()), Is.EqualTo(older));
            Assert.That(await repository.Snapshots.ResolveAsync(older.ToShortString()), Is.EqualTo(older));
            Assert.That(await repository.Snapshots.ResolveAsync("latest"), Is.EqualTo(newer));
            Assert.That(await repository.Snapshots.ResolveAsync("latest", s => s.Hostname == "a"), Is.EqualTo(older));
        });
        Assert.That(() => repository.Snapshots.ResolveAsync("abc"), Throws.ArgumentException);
        Assert.That(() => repository.Snapshots.ResolveAsync("00000000"), Throws.TypeOf<ObjectNotFoundException>());
    }

    [Test]
    public async Task ListAsync_WhenASnapshotIsForgottenAfterTheListing_LeavesItOut()
    {
        var storage = new ForgetAfterListing(new InMemoryStorageBackend());
        await using var repository = await TestRepositories.InitAsync(storage);
        var first = await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch.AddDays(1), Hostname = "a" });
        var second = await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch.AddDays(2), Hostname = "a" });
        storage.Victim = $"snapshots/{first}";

        var listed = await repository.Snapshots.ListAsync();

        Assert.That(listed.Select(x => x.Id), Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task LoadAsync_BitFlippedSnapshot_ThrowsCorruptObjectNamingIt()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var id = await repository.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch, Hostname = "a" });
        var name = $"snapshots/{id}";
        var bytes = await storage.GetAsync(name);
        bytes[60] ^= 1;
        await storage.PutAsync(name, bytes);

        var ex = Assert.ThrowsAsync<CorruptObjectException>(() => repository.Snapshots.LoadAsync(id));
        Assert.That(ex!.ObjectName, Is.EqualTo(name));
    }

    [Test]
    public async Task LoadAsync_IndexFileRenamedAsSnapshot_IsRejected()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        await repository.Blobs.SaveAsync(BlobType.Data, new byte[] { 1, 2, 3 });
        await repository.Blobs.FlushAsync();
        string indexName = "";
        await foreach (var info in storage.ListAsync("index/"))
        {
            indexName = info.Name;
        }

        var id = ContentId.Parse(indexName["index/".Length..]);
        await storage.PutAsync($"snapshots/{id}", await storage.GetAsync(indexName));

        Assert.That(() => repository.Snapshots.LoadAsync(id), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task Trees_WithNamesThatAreNotUtf8_RoundTripTheRawBytes()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9];
        var (name, nameBytes) = TreeNode.EncodeName(latin1);
        var longName = new string('n', 255);
        var tree = new Tree
        {
            Nodes =
            [
                new TreeNode { Name = name, NameBytes = nameBytes, Type = NodeType.File, Size = 4, ModificationTimeNs = 1_700_000_000_123_456_789 },
                new TreeNode { Name = longName, Type = NodeType.Symlink, LinkTarget = "../x" },
            ],
        };

        var saved = await repository.Trees.SaveAsync(tree);
        await repository.Blobs.FlushAsync();
        var loaded = await repository.Trees.LoadAsync(saved.Id);

        Assert.That(name, Is.Null);
        Assert.That(loaded.Nodes.Select(n => n.RawName), Is.EquivalentTo(new[] { latin1, System.Text.Encoding.UTF8.GetBytes(longName) }));
        Assert.That(loaded.Nodes.Single(n => n.Type == NodeType.File).ModificationTimeNs, Is.EqualTo(1_700_000_000_123_456_789));
    }

    [Test]
    public async Task Trees_EqualListingsInAnyOrder_ShareOneBlob()
    {
        await using var repository = await TestRepositories.InitAsync(new InMemoryStorageBackend());
        var a = new TreeNode { Name = "a", Type = NodeType.File };
        var b = new TreeNode { Name = "b", Type = NodeType.File };

        var first = await repository.Trees.SaveAsync(new Tree { Nodes = [a, b] });
        var second = await repository.Trees.SaveAsync(new Tree { Nodes = [b, a] });

        Assert.That(second.Id, Is.EqualTo(first.Id));
        Assert.That(second.Added, Is.False);
    }

    /// <summary>Deletes <see cref="Victim"/> once a listing of <c>snapshots/</c> has returned it: a forget that ran meanwhile.</summary>
    private sealed class ForgetAfterListing(IStorageBackend inner) : IStorageBackend
    {
        public string? Victim { get; set; }

        public string Location => inner.Location;

        public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var info in inner.ListAsync(prefix, cancellationToken))
            {
                yield return info;
            }

            if (Victim is { } victim && prefix.StartsWith("snapshots", StringComparison.Ordinal))
            {
                await inner.DeleteAsync(victim, cancellationToken);
            }
        }

        public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
            inner.PutAsync(name, content, mode, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(name, offset, destination, cancellationToken);

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    }
}
