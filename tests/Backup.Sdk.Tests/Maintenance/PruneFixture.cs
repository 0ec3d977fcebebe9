using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Backups;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Maintenance;

/// <summary>Backups of a temp directory into an in-memory repository, with what prune tests compare.</summary>
[SupportedOSPlatform("linux")]
public abstract class PruneFixture : FileBackupFixture
{
    private readonly List<TemporaryDirectory> _restores = [];

    /// <summary>Each snapshot's source state when it was taken.</summary>
    internal Dictionary<ContentId, SortedDictionary<string, string>> States { get; } = [];

    [TearDown]
    public void RemoveRestores()
    {
        foreach (var directory in _restores)
        {
            directory.Dispose();
        }

        _restores.Clear();
        States.Clear();
    }

    internal async Task<Snapshot> SnapshotAsync(BackupLevel? level = null)
    {
        var result = await BackupAsync(new FileBackupOptions { Paths = [Source.Path], Hostname = "test-host", Level = level });
        States[result.Snapshot.Id] = TreeState.Capture(Source.Path);
        return result.Snapshot;
    }

    internal void WriteFiles(string prefix, int count, int size, int seed)
    {
        for (var i = 0; i < count; i++)
        {
            Write($"{prefix}{i:D2}", TestRepositories.RandomBytes(size + (i * 97), seed + i));
        }
    }

    internal void DeleteFiles(string prefix)
    {
        foreach (var file in Directory.GetFiles(Source.Path, prefix + "*"))
        {
            File.Delete(file);
        }
    }

    internal static PruneOptions Prune(double maxUnused = 0, bool dryRun = false) => new() { MaxUnusedPercent = maxUnused, DryRun = dryRun };

    internal static async Task<long> DataBytesAsync(IStorageBackend storage)
    {
        long total = 0;
        await foreach (var info in storage.ListAsync("data/"))
        {
            total += info.Length;
        }

        return total;
    }

    /// <summary>Every blob a snapshot reaches, walked independently of prune.</summary>
    internal static async Task<HashSet<ContentId>> ReachableAsync(BackupRepository repository, ContentId snapshotId)
    {
        var snapshot = await repository.Snapshots.LoadAsync(snapshotId);
        var seen = new HashSet<ContentId> { snapshot.Tree };
        var pending = new Stack<ContentId>([snapshot.Tree]);
        while (pending.TryPop(out var treeId))
        {
            foreach (var node in (await repository.Trees.LoadAsync(treeId)).Nodes)
            {
                if (node.Subtree is { } subtree && seen.Add(subtree))
                {
                    pending.Push(subtree);
                }

                foreach (var blob in node.Content ?? [])
                {
                    seen.Add(blob);
                }
            }
        }

        return seen;
    }

    internal static HashSet<ContentId> IndexedBlobs(BackupRepository repository) => [.. repository.Blobs.Index.Snapshot().Select(e => e.BlobId)];

    internal static async Task<BackupRepository> ReopenAsync(IStorageBackend storage)
    {
        var repository = await TestRepositories.OpenAsync(storage);
        await repository.Blobs.LoadIndexAsync();
        return repository;
    }

    internal static async Task<CheckReport> CheckAsync(BackupRepository repository) =>
        await new RepositoryChecker(repository).CheckAsync(new CheckOptions { ReadData = true });

    /// <summary>Restores every snapshot in the repository and compares it with the state it was taken from.</summary>
    internal async Task AssertEverySnapshotRestoresAsync(BackupRepository repository)
    {
        var snapshots = await repository.Snapshots.ListAsync();
        Assert.That(snapshots, Is.Not.Empty);
        foreach (var snapshot in snapshots)
        {
            var target = new TemporaryDirectory();
            _restores.Add(target);
            var result = await new SnapshotRestorer(repository).RestoreAsync(snapshot, new RestoreOptions { Target = target.Path });
            Assert.That(result.Skipped, Is.Empty);
            Assert.That(TreeState.Capture(target.Path + Source.Path), Is.EqualTo(States[snapshot.Id]), $"snapshot {snapshot.Id}");
        }
    }

    internal static async Task<InMemoryStorageBackend> CopyAsync(IStorageBackend source)
    {
        var copy = new InMemoryStorageBackend();
        await foreach (var info in source.ListAsync(""))
        {
            await copy.PutAsync(info.Name, await source.GetAsync(info.Name));
        }

        return copy;
    }
}
