using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Restore;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupLevelTests : FileBackupFixture
{
    private const int FileCount = 40;
    private readonly List<TemporaryDirectory> _restores = [];

    [TearDown]
    public void RemoveRestores()
    {
        foreach (var directory in _restores)
        {
            directory.Dispose();
        }

        _restores.Clear();
    }

    private FileBackupOptions Options(BackupLevel? level = null, ContentId? parent = null) =>
        new() { Paths = [Source.Path], Hostname = "test-host", Level = level, Parent = parent };

    private void WriteTree()
    {
        for (var i = 0; i < FileCount; i++)
        {
            Write($"d{i % 4}/f{i:D2}", TestRepositories.RandomBytes(1_000 + (37 * i), i));
        }
    }

    /// <summary>Rewrites a file with new content of another size; returns the new size.</summary>
    private int Change(int file, int seed)
    {
        var content = TestRepositories.RandomBytes(2_000 + seed, 1000 + seed);
        Write($"d{file % 4}/f{file:D2}", content);
        return content.Length;
    }

    private async Task<SortedDictionary<string, string>> RestoreAsync(FileBackupResult result)
    {
        var target = new TemporaryDirectory();
        _restores.Add(target);
        var snapshot = await Repository.Snapshots.LoadAsync(result.Snapshot.Id);
        var restored = await new SnapshotRestorer(Repository).RestoreAsync(snapshot, new RestoreOptions { Target = target.Path });
        Assert.That(restored.Skipped, Is.Empty);
        return TreeState.Capture(target.Path + Source.Path);
    }

    [Test]
    public async Task Incremental_FivePercentChanged_ReadsOnlyThoseFiles()
    {
        WriteTree();
        var full = await BackupAsync(Options());
        var changedBytes = Change(3, 1) + Change(17, 2);

        var incremental = await BackupAsync(Options());

        Assert.Multiple(() =>
        {
            Assert.That(full.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(incremental.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(incremental.BytesRead, Is.EqualTo(changedBytes));
            Assert.That(incremental.FilesChanged, Is.EqualTo(2));
            Assert.That(incremental.FilesUnmodified, Is.EqualTo(FileCount - 2));
        });
    }

    [Test]
    public async Task Differential_AfterTwoIncrementals_ReadsEverythingChangedSinceTheFull_AndEverySnapshotRestores()
    {
        WriteTree();
        var states = new List<SortedDictionary<string, string>>();
        var results = new List<FileBackupResult>();
        async Task TakeAsync(BackupLevel? level)
        {
            states.Add(TreeState.Capture(Source.Path));
            results.Add(await BackupAsync(Options(level)));
        }

        await TakeAsync(BackupLevel.Full);
        var first = Change(1, 1);
        await TakeAsync(BackupLevel.Incremental);
        var second = Change(2, 2);
        File.Delete(Source.Combine("d3/f03"));
        await TakeAsync(BackupLevel.Incremental);
        var third = Change(5, 3);
        await TakeAsync(BackupLevel.Differential);
        var (full, incremental1, incremental2, differential) = (results[0], results[1], results[2], results[3]);

        Assert.Multiple(() =>
        {
            Assert.That(incremental1.BytesRead, Is.EqualTo(first));
            Assert.That(incremental2.BytesRead, Is.EqualTo(second), "since the last incremental");
            Assert.That(incremental2.Parent, Is.EqualTo(incremental1.Snapshot.Id));
            Assert.That(differential.Level, Is.EqualTo(BackupLevel.Differential));
            Assert.That(differential.Parent, Is.EqualTo(full.Snapshot.Id));
            Assert.That(differential.Snapshot.Level, Is.EqualTo(BackupLevel.Differential), "recorded in the snapshot");
            Assert.That(differential.BytesRead, Is.EqualTo(first + second + third), "everything changed since the full");
            Assert.That(differential.FilesChanged, Is.EqualTo(3));
            Assert.That(differential.FilesUnmodified, Is.EqualTo(FileCount - 4));
            Assert.That(differential.LevelFallbackReason, Is.Null);
        });
        for (var i = 0; i < results.Count; i++)
        {
            Assert.That(await RestoreAsync(results[i]), Is.EqualTo(states[i]), $"snapshot {i} restores to the state it was taken from");
        }
    }

    [Test]
    public async Task Incrementals_AfterEveryFullSnapshotIsDeleted_StillRestore()
    {
        WriteTree();
        var full = await BackupAsync(Options(BackupLevel.Full));
        Change(7, 1);
        var state1 = TreeState.Capture(Source.Path);
        var incremental1 = await BackupAsync(Options(BackupLevel.Incremental));
        Change(8, 2);
        var state2 = TreeState.Capture(Source.Path);
        var incremental2 = await BackupAsync(Options(BackupLevel.Incremental));

        // No prune exists yet: the full snapshot's record goes, its blobs stay, as they are shared.
        await Repository.Snapshots.DeleteAsync(full.Snapshot.Id);

        Assert.That((await Repository.Snapshots.ListAsync()).Any(s => s.Level == BackupLevel.Full), Is.False);
        Assert.That(await RestoreAsync(incremental1), Is.EqualTo(state1));
        Assert.That(await RestoreAsync(incremental2), Is.EqualTo(state2));
    }

    [Test]
    public async Task Differential_WithoutAFullSnapshot_RunsFullAndSaysWhy()
    {
        WriteTree();
        var full = await BackupAsync(Options());
        await BackupAsync(Options(BackupLevel.Incremental));
        await Repository.Snapshots.DeleteAsync(full.Snapshot.Id);

        var result = await BackupAsync(Options(BackupLevel.Differential));

        Assert.Multiple(() =>
        {
            Assert.That(result.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(result.RequestedLevel, Is.EqualTo(BackupLevel.Differential));
            Assert.That(result.Parent, Is.Null);
            Assert.That(result.LevelFallbackReason, Does.Contain("no full snapshot"));
            Assert.That(result.FilesNew, Is.EqualTo(FileCount), "every file read");
        });
    }

    [Test]
    public async Task Incremental_WithoutAnySnapshot_RunsFullAndSaysWhy_WhileTheDefaultLevelSaysNothing()
    {
        Write("a", [1, 2, 3]);

        var asked = await BackupAsync(Options(BackupLevel.Incremental));
        await Repository.Snapshots.DeleteAsync(asked.Snapshot.Id);
        var chosen = await BackupAsync(Options());

        Assert.Multiple(() =>
        {
            Assert.That(asked.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(asked.LevelFallbackReason, Does.Contain("no snapshot of host 'test-host'"));
            Assert.That(chosen.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(chosen.LevelFallbackReason, Is.Null);
        });
    }

    [Test]
    public async Task Incremental_ParentWhoseTreeIsMissing_RunsFullAndSaysWhy()
    {
        Write("a", [1, 2, 3]);
        var missingTree = ContentId.Parse(new string('b', 64));
        await Repository.Snapshots.SaveAsync(new Snapshot
        {
            Time = DateTimeOffset.UnixEpoch,
            Hostname = "test-host",
            Paths = [Source.Path],
            Tree = missingTree,
        });

        var result = await BackupAsync(Options(BackupLevel.Incremental));

        Assert.Multiple(() =>
        {
            Assert.That(result.Level, Is.EqualTo(BackupLevel.Full));
            Assert.That(result.Parent, Is.Null);
            Assert.That(result.LevelFallbackReason, Does.Contain("cannot be read"));
            Assert.That(result.BytesRead, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ExplicitParent_OverridesTheNewestSnapshot()
    {
        WriteTree();
        var full = await BackupAsync(Options());
        var first = Change(1, 1);
        await BackupAsync(Options());
        var second = Change(2, 2);

        var result = await BackupAsync(Options(BackupLevel.Incremental, parent: full.Snapshot.Id));

        Assert.Multiple(() =>
        {
            Assert.That(result.Parent, Is.EqualTo(full.Snapshot.Id));
            Assert.That(result.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(result.BytesRead, Is.EqualTo(first + second), "compared with the full, not the newest");
        });
    }

    [Test]
    public void Full_WithAParent_IsAnArgumentError()
    {
        Write("a", [1]);

        Assert.ThrowsAsync<ArgumentException>(() => BackupAsync(Options(BackupLevel.Full, parent: ContentId.Parse(new string('a', 64)))));
    }

    [Test]
    public async Task Incremental_ChangeWithinTheSameMtime_IsCaughtBySize()
    {
        var path = Write("a", TestRepositories.RandomBytes(5_000, 1));
        await BackupAsync(Options());
        var metadata = new LinuxFileSystemMetadata();
        var before = metadata.GetInfo(path);
        var changed = TestRepositories.RandomBytes(5_001, 2);
        File.WriteAllBytes(path, changed);
        metadata.SetTimes(path, before.AccessTimeNs, before.ModificationTimeNs);

        var result = await BackupAsync(Options());
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetInfo(path).ModificationTimeNs, Is.EqualTo(before.ModificationTimeNs), "same mtime, as a write within the same tick");
            Assert.That(result.BytesRead, Is.EqualTo(changed.Length));
            Assert.That(entries[path].Content, Is.EqualTo(changed));
        });
    }

    [Test]
    public async Task Incremental_FileTouchedWithoutChange_IsReadButStoresNothingNew()
    {
        var path = Write("a", TestRepositories.RandomBytes(30_000, 1));
        var first = await BackupAsync(Options());
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));

        var result = await BackupAsync(Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.BytesRead, Is.EqualTo(30_000));
            Assert.That(result.FilesChanged, Is.EqualTo(1));
            Assert.That(result.DataAdded, Is.LessThan(2_000), "only the trees: the data blobs are known");
            Assert.That(result.Snapshot.Tree, Is.Not.EqualTo(first.Snapshot.Tree));
        });
    }
}
