using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Restore;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Restore;

/// <summary>Hand-made malicious snapshots: nothing may ever appear outside the target (the sibling canary stays empty).</summary>
[SupportedOSPlatform("linux")]
public class RestoreSafetyTests : RestoreTestBase
{
    private static readonly string[] BadNames = ["..", ".", "", "../canary/pwned", "/tmp/pwned", "a\0b"];

    [TestCaseSource(nameof(BadNames))]
    public async Task Restore_FileWithUnsafeName_RefusesEntryAndRestoresTheRest(string name)
    {
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync(name, "evil"), await Builder.FileAsync("good", "fine"));

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(CanaryContents(), Is.Empty);
            Assert.That(File.ReadAllText(InTarget("good")), Is.EqualTo("fine"));
            Assert.That(Directory.GetFileSystemEntries(Target), Has.Length.EqualTo(1));
            Assert.That(result.Skipped, Has.Count.EqualTo(1));
            Assert.That(result.Skipped[0].Reason, Does.Contain("not a single path component"));
        });
    }

    [TestCase("..")]
    [TestCase("../canary")]
    [TestCase("/")]
    public async Task Restore_DirectoryWithUnsafeName_RefusesItsWholeSubtree(string name)
    {
        var inner = await Builder.DirAsync("canary", await Builder.FileAsync("pwned", "evil"));
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir(name, await Builder.TreeAsync(inner, await Builder.FileAsync("pwned", "evil"))));

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(CanaryContents(), Is.Empty);
            Assert.That(File.Exists(Path.Combine(Root, "pwned")), Is.False);
            Assert.That(Directory.GetFileSystemEntries(Target), Is.Empty);
            Assert.That(result.Skipped, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Restore_SymlinkThenDirectoryOfSameName_NeverWritesThroughTheLink()
    {
        var link = SnapshotBuilder.Symlink("a", Canary);
        var dir = await Builder.DirAsync("a", await Builder.FileAsync("passwd", "evil"));
        var snapshot = await Builder.SnapshotAsync(link, dir);

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(CanaryContents(), Is.Empty);
            Assert.That(FileSystem.GetInfo(InTarget("a")).Type, Is.EqualTo(FileEntryType.SymbolicLink));
            Assert.That(result.Skipped.Select(s => s.Path), Is.EqualTo(new[] { "/a" }));
            Assert.That(result.Skipped[0].Reason, Does.Contain("twice"));
        });
    }

    [TestCase(RestoreOverwrite.Always)]
    [TestCase(RestoreOverwrite.Never)]
    public async Task Restore_SymlinkPlantedInTargetWhereDirectoryGoes_NeverFollowsIt(RestoreOverwrite overwrite)
    {
        Directory.CreateDirectory(Target);
        File.CreateSymbolicLink(InTarget("a"), Canary);
        File.CreateSymbolicLink(InTarget("f"), Path.Combine(Canary, "f"));
        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("a", await Builder.FileAsync("passwd", "evil")), await Builder.FileAsync("f", "evil"));

        var result = await RestoreAsync(snapshot, o => o.Overwrite = overwrite);

        Assert.That(CanaryContents(), Is.Empty);
        if (overwrite == RestoreOverwrite.Always)
        {
            Assert.Multiple(() =>
            {
                Assert.That(FileSystem.GetInfo(InTarget("a")).Type, Is.EqualTo(FileEntryType.Directory), "the link is replaced, not followed");
                Assert.That(File.ReadAllText(InTarget("a/passwd")), Is.EqualTo("evil"));
                Assert.That(FileSystem.GetInfo(InTarget("f")).Type, Is.EqualTo(FileEntryType.RegularFile));
                Assert.That(result.Skipped, Is.Empty);
            });
        }
        else
        {
            Assert.Multiple(() =>
            {
                Assert.That(FileSystem.GetInfo(InTarget("a")).Type, Is.EqualTo(FileEntryType.SymbolicLink));
                Assert.That(result.Skipped.Select(s => s.Path), Is.EquivalentTo(new[] { "/a", "/f" }));
            });
        }
    }

    [TestCase(RestoreOverwrite.Always)]
    [TestCase(RestoreOverwrite.Never)]
    public async Task Restore_LinksOverExistingFiles_ReplaceThemOrKeepThemAsTheOptionSays(RestoreOverwrite overwrite)
    {
        Directory.CreateDirectory(Target);
        File.WriteAllText(InTarget("l"), "old link place");
        File.WriteAllText(InTarget("h"), "old hard link place");
        var first = await Builder.FileAsync("a", "content"u8.ToArray(), inode: 7, links: 2);
        var second = await Builder.FileAsync("h", "content"u8.ToArray(), inode: 7, links: 2);
        var snapshot = await Builder.SnapshotAsync(first, second, SnapshotBuilder.Symlink("l", "a"));

        var result = await RestoreAsync(snapshot, o => o.Overwrite = overwrite);

        if (overwrite == RestoreOverwrite.Always)
        {
            Assert.Multiple(() =>
            {
                Assert.That(FileSystem.GetInfo(InTarget("l")).Type, Is.EqualTo(FileEntryType.SymbolicLink));
                Assert.That(File.ReadAllText(InTarget("h")), Is.EqualTo("content"));
                Assert.That(FileSystem.GetInfo(InTarget("h")).Inode, Is.EqualTo(FileSystem.GetInfo(InTarget("a")).Inode), "h is a link to a");
                Assert.That(result.Skipped, Is.Empty);
            });
        }
        else
        {
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(InTarget("l")), Is.EqualTo("old link place"));
                Assert.That(File.ReadAllText(InTarget("h")), Is.EqualTo("old hard link place"));
                Assert.That(result.Skipped.Select(s => s.Path), Is.EquivalentTo(new[] { "/h", "/l" }));
            });
        }
    }

    [Test]
    public async Task Restore_HardLinkWhoseFirstNodeIsRefused_RestoresLaterNodeAsPlainFile()
    {
        var refused = await Builder.FileAsync("../canary/x", "content"u8.ToArray(), inode: 9, links: 2);
        var later = await Builder.FileAsync("b", "content"u8.ToArray(), inode: 9, links: 2);
        var snapshot = await Builder.SnapshotAsync(refused, later);

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(CanaryContents(), Is.Empty);
            Assert.That(File.ReadAllText(InTarget("b")), Is.EqualTo("content"));
            Assert.That(result.FilesRestored, Is.EqualTo(1));
            Assert.That(result.HardLinksRestored, Is.Zero);
        });
    }

    [Test]
    public async Task Restore_HardLinkWhoseFirstNodeIsOutsideSelection_RestoresSelectedNodeAsPlainFile()
    {
        var first = await Builder.FileAsync("a", "content"u8.ToArray(), inode: 9, links: 2);
        var second = await Builder.FileAsync("b", "content"u8.ToArray(), inode: 9, links: 2);
        var snapshot = await Builder.SnapshotAsync(first, second);

        var result = await RestoreAsync(snapshot, o => o.Includes.Add("/b"));

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(InTarget("a")), Is.False);
            Assert.That(File.ReadAllText(InTarget("b")), Is.EqualTo("content"));
            Assert.That(result.HardLinksRestored, Is.Zero);
            Assert.That(CanaryContents(), Is.Empty);
        });
    }

    [Test]
    public async Task Plan_TreeContainingItself_RefusesTheCycle()
    {
        var self = new ContentId(Enumerable.Repeat((byte)7, 32).ToArray());
        var other = new ContentId(Enumerable.Repeat((byte)8, 32).ToArray());
        var trees = new Dictionary<ContentId, Tree>
        {
            [self] = new() { Nodes = [SnapshotBuilder.Dir("loop", self), SnapshotBuilder.Dir("down", other)] },
            [other] = new() { Nodes = [SnapshotBuilder.Dir("up", self)] },
        };
        var planner = new RestorePlanner((id, _) => Task.FromResult(trees[id]), new BlobIndex(), new RestoreOptions { Target = Target });

        var plan = await planner.PlanAsync(new Snapshot { Tree = self }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Entries.Select(e => e.Path), Is.EqualTo(new[] { "/down" }));
            Assert.That(plan.Refused.Select(r => r.Path), Is.EquivalentTo(new[] { "/loop", "/down/up" }));
            Assert.That(plan.Refused.Select(r => r.Reason), Has.All.Contain("contains itself"));
        });
    }

    [Test]
    public async Task Restore_TreeThatFansOutExponentially_IsRefusedBeforeWritingAnything()
    {
        var level = await Builder.TreeAsync(await Builder.FileAsync("f", "x"));
        for (var i = 0; i < 24; i++)
        {
            level = await Builder.TreeAsync(SnapshotBuilder.Dir("a", level), SnapshotBuilder.Dir("b", level));
        }

        var snapshot = await Builder.SnapshotOfTreeAsync(level);

        Assert.ThrowsAsync<RestorePlanLimitException>(() => RestoreAsync(snapshot, o => o.MaxEntries = 10_000));
        Assert.That(Directory.Exists(Target), Is.False);
    }

    [Test]
    public async Task Restore_TreeDeeperThanMaxDepth_RefusesTheDeepPart()
    {
        var node = await Builder.FileAsync("leaf", "x");
        for (var i = 0; i < 5; i++)
        {
            node = await Builder.DirAsync("d", node);
        }

        var result = await RestoreAsync(await Builder.SnapshotAsync(node), o => o.MaxDepth = 3);

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(InTarget("d/d/d")), Is.True);
            Assert.That(Directory.Exists(InTarget("d/d/d/d")), Is.False);
            Assert.That(result.Skipped.Single().Path, Is.EqualTo("/d/d/d/d"));
        });
    }

    [Test]
    public async Task Restore_TargetIsAFile_ThrowsRestoreTargetException()
    {
        await File.WriteAllTextAsync(Target, "not a directory");
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync("f", "x"));

        var ex = Assert.ThrowsAsync<RestoreTargetException>(() => RestoreAsync(snapshot));

        Assert.That(ex!.Message, Does.Contain("not a directory"));
    }

    [Test]
    public async Task Restore_MissingDataBlob_ThrowsObjectNotFoundNamingIt()
    {
        var missing = new ContentId(Enumerable.Repeat((byte)0xAB, 32).ToArray());
        var node = new TreeNode { Name = "f", Type = NodeType.File, Mode = SnapshotBuilder.FileMode, Size = 3, Content = [missing] };
        var snapshot = await Builder.SnapshotAsync(node);

        var ex = Assert.ThrowsAsync<ObjectNotFoundException>(() => RestoreAsync(snapshot));

        Assert.That(ex!.Message, Does.Contain(missing.ToString()).And.Contain("/f"));
    }

    [Test]
    public async Task Restore_CancelledPartWay_ThrowsAndKeepsFilesWritten()
    {
        var nodes = new List<TreeNode>();
        for (var i = 0; i < 100; i++)
        {
            nodes.Add(await Builder.FileAsync($"f{i:D3}", Encoding.UTF8.GetBytes($"file {i}")));
        }

        var snapshot = await Builder.SnapshotAsync([.. nodes]);
        using var cancel = new CancellationTokenSource();
        var progress = new CancellingProgress(cancel);

        Assert.CatchAsync<OperationCanceledException>(() =>
            new SnapshotRestorer(Repository).RestoreAsync(snapshot, Options(o => o.MaxConcurrency = 1), progress, cancel.Token));
        Assert.That(File.ReadAllText(InTarget("f000")), Is.EqualTo("file 0"));
        Assert.That(Directory.GetFiles(Target), Has.Length.LessThan(100));
    }

    private sealed class CancellingProgress(CancellationTokenSource cancel) : IProgress<RestoreProgress>
    {
        public void Report(RestoreProgress value) => cancel.Cancel();
    }
}
