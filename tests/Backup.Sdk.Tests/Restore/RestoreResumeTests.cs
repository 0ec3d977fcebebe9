using System.Diagnostics;
using System.Runtime.Versioning;
using Backup.Sdk.Chunking;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Restore;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

[SupportedOSPlatform("linux")]
public class RestoreResumeTests : RestoreTestBase
{
    [Test]
    public async Task Resume_KeepsFilesRestoredCorrectlyAndRewritesDamagedAndMissingOnes()
    {
        var contents = Enumerable.Range(0, 4).Select(i => TestRepositories.RandomBytes(200_000 + (i * 1000), 40 + i)).ToArray();
        var files = new List<TreeNode>();
        for (var i = 0; i < contents.Length; i++)
        {
            files.Add(await ChunkedFileAsync($"f{i}.bin", contents[i]));
        }

        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync([.. files])));
        await RestoreAsync(snapshot);
        var kept0 = FileSystem.GetInfo(InTarget("data/f0.bin")).Inode;
        var kept3 = FileSystem.GetInfo(InTarget("data/f3.bin")).Inode;

        // f1: one byte changed, same size (and its time put back), so only its content tells; f2: gone, as if never written.
        var damaged = InTarget("data/f1.bin");
        var time = File.GetLastWriteTimeUtc(damaged);
        await using (var stream = new FileStream(damaged, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 150_000;
            var b = stream.ReadByte();
            stream.Position = 150_000;
            stream.WriteByte((byte)(b ^ 0x40));
        }

        File.SetLastWriteTimeUtc(damaged, time);
        File.Delete(InTarget("data/f2.bin"));

        var result = await RestoreAsync(snapshot, o =>
        {
            o.Resume = true;
            o.Verify = true;
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.FilesAlreadyRestored, Is.EqualTo(2));
            Assert.That(result.BytesAlreadyRestored, Is.EqualTo(contents[0].Length + contents[3].Length));
            Assert.That(result.FilesRestored, Is.EqualTo(2));
            Assert.That(result.Verified!.Mismatches, Is.Empty);
            Assert.That(File.ReadAllBytes(damaged), Is.EqualTo(contents[1]));
            Assert.That(File.ReadAllBytes(InTarget("data/f2.bin")), Is.EqualTo(contents[2]));
            Assert.That(FileSystem.GetInfo(InTarget("data/f0.bin")).Inode, Is.EqualTo(kept0), "kept, not written again");
            Assert.That(FileSystem.GetInfo(InTarget("data/f3.bin")).Inode, Is.EqualTo(kept3), "kept, not written again");
        });
    }

    [Test]
    public async Task Restore_OfSingleFileSourcePath_WritesItUnderTheTargetNameAndNothingElse()
    {
        var content = TestRepositories.RandomBytes(100_000, 5);
        var x = SnapshotBuilder.Dir("x", await Builder.TreeAsync(await Builder.FileAsync("report.bin", content, mode: 0x8000 | 0x1A0), await Builder.FileAsync("other", "o")));
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync(x)));
        var newPlace = Path.Combine(Root, "elsewhere", "renamed.bin");

        var result = await new SnapshotRestorer(Repository).RestoreAsync(snapshot, new RestoreOptions { Target = newPlace, SourcePath = "/data/x/report.bin", Verify = true });

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(newPlace), Is.EqualTo(content));
            Assert.That(FileSystem.GetInfo(newPlace).Mode & 0xFFF, Is.EqualTo(0x1A0));
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(Root, "elsewhere")), Is.EqualTo(new[] { newPlace }));
            Assert.That(result.FilesRestored, Is.EqualTo(1));
            Assert.That(result.Verified!.Mismatches, Is.Empty);
        });
    }

    [Test]
    public async Task Restore_OfDirectorySourcePath_PutsItsContentsIntoTheTarget()
    {
        var x = SnapshotBuilder.Dir("x", await Builder.TreeAsync(await Builder.DirAsync("sub", await Builder.FileAsync("a.txt", "a")), await Builder.FileAsync("b.txt", "b")));
        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync(x)));

        var result = await RestoreAsync(snapshot, o => o.SourcePath = "/data/x");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InTarget("sub/a.txt")), Is.EqualTo("a"));
            Assert.That(File.ReadAllText(InTarget("b.txt")), Is.EqualTo("b"));
            Assert.That(Directory.Exists(InTarget("data")), Is.False);
            Assert.That(result.Skipped, Is.Empty);
        });
    }

    [Test]
    public async Task Restore_OfMissingSourcePath_ThrowsNamingIt()
    {
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync("a", "a"));

        var ex = Assert.ThrowsAsync<SnapshotPathNotFoundException>(async () => await RestoreAsync(snapshot, o => o.SourcePath = "/data/none"));

        Assert.That(ex!.Path, Is.EqualTo("/data/none"));
    }

    [Test]
    public async Task Restore_IntoTargetThatRunsOutOfSpace_StopsNamingTheFileAndKeepsEarlierFilesIntact()
    {
        Assume.That(Environment.IsPrivilegedProcess, "mounting a small tmpfs needs root");
        var contents = Enumerable.Range(0, 5).Select(i => TestRepositories.RandomBytes(300 * 1024, 60 + i)).ToArray();
        var files = new List<TreeNode>();
        for (var i = 0; i < contents.Length; i++)
        {
            files.Add(await Builder.FileAsync($"f{i}.bin", contents[i]));
        }

        var snapshot = await Builder.SnapshotAsync(SnapshotBuilder.Dir("data", await Builder.TreeAsync([.. files])));
        var small = Path.Combine(Root, "small");
        Directory.CreateDirectory(small);
        Assume.That(await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small), Is.Zero, "tmpfs could not be mounted");
        try
        {
            var ex = Assert.ThrowsAsync<RestoreTargetFullException>(async () =>
                await new SnapshotRestorer(Repository).RestoreAsync(snapshot, new RestoreOptions { Target = small, MaxConcurrency = 1 }));

            Assert.Multiple(() =>
            {
                Assert.That(ex!.Path, Is.EqualTo("/data/f3.bin"));
                Assert.That(ex.Message, Does.Contain("/data/f3.bin"));
                for (var i = 0; i < 3; i++)
                {
                    Assert.That(File.ReadAllBytes(Path.Combine(small, $"data/f{i}.bin")), Is.EqualTo(contents[i]), $"f{i} intact");
                }

                Assert.That(File.Exists(Path.Combine(small, "data/f3.bin")), Is.False, "the partial file is removed");
            });
        }
        finally
        {
            await RunAsync("umount", "-l", small);
        }
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>A file whose blobs are cut by the repository's chunker, as a backup cuts them.</summary>
    private async Task<TreeNode> ChunkedFileAsync(string name, byte[] content)
    {
        var ids = new List<ContentId>();
        await foreach (var chunk in StreamChunker.ReadChunksAsync(new MemoryStream(content), Repository.CreateChunker()))
        {
            ids.Add((await Repository.Blobs.SaveAsync(BlobType.Data, chunk.ToArray())).Id);
        }

        Assert.That(ids, Has.Count.GreaterThan(1), "several chunks per file");
        return new TreeNode
        {
            Name = name,
            Type = NodeType.File,
            Mode = SnapshotBuilder.FileMode,
            Size = content.Length,
            ModificationTimeNs = SnapshotBuilder.DefaultTime,
            Content = ids,
        };
    }
}
