using System.Collections.Concurrent;
using System.IO.Abstractions;
using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Maintenance;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage.Local;
using Backup.Sdk.Tests.Backups;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Maintenance;

/// <summary>
/// Backups and prunes at the same time over one repository folder, each through its own <see cref="BackupRepository"/>
/// instance as separate processes would: afterwards check --read-data finds nothing and every snapshot restores.
/// </summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class PruneConcurrencyStressTests
{
    private const int Sources = 3;
    private const int Rounds = 4;
    private readonly List<TemporaryDirectory> _directories = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }

        _directories.Clear();
    }

    private TemporaryDirectory NewDirectory()
    {
        var directory = new TemporaryDirectory();
        _directories.Add(directory);
        return directory;
    }

    private static RepositoryOptions Options() => new()
    {
        Locks = new LockOptions
        {
            RefreshInterval = TimeSpan.FromMilliseconds(250),
            AbortAfter = TimeSpan.FromSeconds(2),
            StaleTimeout = TimeSpan.FromSeconds(5),
            WaitTimeout = TimeSpan.FromSeconds(60),
        },
    };

    private static async Task<BackupRepository> OpenAsync(string root)
    {
        var repository = await BackupRepository.OpenAsync(new LocalStorageBackend(new FileSystem(), root), TestRepositories.Password, Options());
        await repository.Blobs.LoadIndexAsync();
        return repository;
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task BackupsAndPrunesAtTheSameTime_LeaveARepositoryThatChecksAndRestoresCompletely(CancellationToken cancellationToken)
    {
        var root = NewDirectory().Path;
        await using (await BackupRepository.InitAsync(new LocalStorageBackend(new FileSystem(), root), TestRepositories.Password, TestRepositories.SmallOptions(128 * 1024), Options(), cancellationToken: cancellationToken))
        {
        }

        var sources = Enumerable.Range(0, Sources).Select(_ => NewDirectory()).ToArray();
        var states = new ConcurrentDictionary<ContentId, (string Source, SortedDictionary<string, string> State)>();
        var backupsDone = 0;
        var prunesDuringBackups = 0;

        async Task BackupLoopAsync(int s)
        {
            var random = new Random(s);
            try
            {
                for (var round = 0; round < Rounds; round++)
                {
                    for (var f = 0; f < 4; f++)
                    {
                        var bytes = TestRepositories.RandomBytes(random.Next(10_000, 90_000), (s * 1000) + (round * 10) + f);
                        await File.WriteAllBytesAsync(Path.Combine(sources[s].Path, $"r{round}-{f}"), bytes, cancellationToken);
                    }

                    if (round > 0)
                    {
                        File.Delete(Path.Combine(sources[s].Path, $"r{round - 1}-0"));
                    }

                    await using (var repository = await OpenAsync(root))
                    {
                        var result = await new FileBackup(repository).RunAsync(new FileBackupOptions { Paths = [sources[s].Path], Hostname = $"host{s}" }, cancellationToken: cancellationToken);
                        states[result.Snapshot.Id] = (sources[s].Path, TreeState.Capture(sources[s].Path));
                    }

                    await Task.Delay(random.Next(100, 400), cancellationToken);
                }
            }
            finally
            {
                Interlocked.Increment(ref backupsDone);
            }
        }

        async Task PruneLoopAsync()
        {
            var random = new Random(99);
            while (Volatile.Read(ref backupsDone) < Sources)
            {
                await using (var repository = await OpenAsync(root))
                {
                    // Forget the oldest snapshot of one source that has two, as forget would, then prune.
                    var snapshots = await repository.Snapshots.ListAsync(cancellationToken);
                    var victim = snapshots.GroupBy(x => x.Hostname).Where(g => g.Count() > 1).Select(g => g.OrderBy(x => x.Time).First()).FirstOrDefault();
                    if (victim is not null)
                    {
                        await repository.Snapshots.DeleteAsync(victim.Id, cancellationToken);
                        states.TryRemove(victim.Id, out _);
                    }

                    await new RepositoryPruner(repository).PruneAsync(new PruneOptions { MaxUnusedPercent = 0 }, cancellationToken);
                    if (Volatile.Read(ref backupsDone) < Sources)
                    {
                        Interlocked.Increment(ref prunesDuringBackups);
                    }
                }

                await Task.Delay(random.Next(50, 200), cancellationToken);
            }
        }

        var tasks = Enumerable.Range(0, Sources).Select(s => Task.Run(() => BackupLoopAsync(s), cancellationToken)).Append(Task.Run(PruneLoopAsync, cancellationToken));
        await Task.WhenAll(tasks);

        await using var final = await OpenAsync(root);
        await new RepositoryPruner(final).PruneAsync(new PruneOptions { MaxUnusedPercent = 0 }, cancellationToken);
        var report = await new RepositoryChecker(final).CheckAsync(new CheckOptions { ReadData = true }, cancellationToken: cancellationToken);
        Assert.That(report.Problems, Is.Empty, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.That(prunesDuringBackups, Is.GreaterThan(0), "prunes ran while backups were still going");

        var snapshots = await final.Snapshots.ListAsync(cancellationToken);
        Assert.That(snapshots.Select(x => x.Id), Is.EquivalentTo(states.Keys));
        foreach (var snapshot in snapshots)
        {
            var target = NewDirectory();
            var restored = await new SnapshotRestorer(final).RestoreAsync(snapshot, new RestoreOptions { Target = target.Path }, cancellationToken: cancellationToken);
            Assert.That(restored.Skipped, Is.Empty);
            var (source, state) = states[snapshot.Id];
            Assert.That(TreeState.Capture(target.Path + source), Is.EqualTo(state), $"snapshot {snapshot.Id}");
        }
    }
}
