using System.IO.Hashing;
using System.Runtime.Versioning;
using System.Text;
using Backup.Sdk.Backups;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Backups;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.ChangeDetection;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class ChecksumChangeDetectorTests : FileBackupFixture
{
    private readonly LinuxFileSystemMetadata _metadata = new();

    private FileBackupOptions Options() => new() { Paths = [Source.Path], Hostname = "test-host" };

    private static string Xxh3(byte[] content) => Convert.ToHexStringLower(XxHash128.Hash(content));

    /// <summary>Rewrites the file with other bytes of the same size and puts its mtime back, to the nanosecond.</summary>
    private byte[] RewriteKeepingSizeAndMtime(string path, int seed)
    {
        var before = _metadata.GetInfo(path);
        var content = TestRepositories.RandomBytes((int)before.Size, seed);
        File.WriteAllBytes(path, content);
        _metadata.SetTimes(path, before.AccessTimeNs, before.ModificationTimeNs);
        return content;
    }

    private async Task<FileChangeDecision> DecideAsync(IChangeDetector detector, string path, TreeNode previous)
    {
        using var directory = DirectoryHandle.Open(Path.GetDirectoryName(path)!);
        var name = Encoding.UTF8.GetBytes(Path.GetFileName(path));
        var context = new FileChangeContext(path, directory.GetInfo(name), previous, directory, name);
        return await detector.DetectAsync(context);
    }

    [Test]
    public async Task Backup_StoresTheXxh3OfEachFile_AndKeepsItForFilesTakenFromTheParent()
    {
        var content = TestRepositories.RandomBytes(300_000, 1);
        var path = Write("a", content);
        var empty = Write("empty", []);

        var first = await ReadBackAsync(await BackupAsync(Options()));
        var second = await ReadBackAsync(await BackupAsync(Options()));

        Assert.Multiple(() =>
        {
            Assert.That(first[path].Node.Checksum, Is.EqualTo(Xxh3(content)), "several chunks, one streaming hash");
            Assert.That(first[empty].Node.Checksum, Is.EqualTo(Xxh3([])));
            Assert.That(second[path].Node.Checksum, Is.EqualTo(Xxh3(content)), "reused from the parent");
        });
    }

    [Test]
    public async Task Backup_OfASparseFile_StoresTheChecksumOfItsLogicalContent()
    {
        var path = Source.Combine("sparse");
        using (var stream = File.Create(path))
        {
            stream.SetLength(3 * 1024 * 1024);
            stream.Position = 1024 * 1024;
            stream.Write(TestRepositories.RandomBytes(4096, 3));
        }

        var entries = await ReadBackAsync(await BackupAsync(Options()));

        Assert.That(entries[path].Node.Checksum, Is.EqualTo(Xxh3(File.ReadAllBytes(path))), "holes hashed as zeros");
    }

    [Test]
    public async Task Checksum_SameSizeAndMtimeButOtherContent_DecidesToRead()
    {
        var path = Write("a", TestRepositories.RandomBytes(20_000, 1));
        var parent = await ReadBackAsync(await BackupAsync(Options()));
        var changed = RewriteKeepingSizeAndMtime(path, 2);

        var withChecksum = await DecideAsync(ChecksumChangeDetector.Instance, path, parent[path].Node);
        var withSizeAndMtime = await DecideAsync(new SizeAndMtimeDetector(), path, parent[path].Node);
        var result = await BackupAsync(Options(), detector: ChecksumChangeDetector.Instance);
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(withSizeAndMtime, Is.EqualTo(FileChangeDecision.Reuse), "size and mtime alone see no change");
            Assert.That(withChecksum, Is.EqualTo(FileChangeDecision.Read));
            Assert.That(result.FilesChanged, Is.EqualTo(1));
            Assert.That(entries[path].Content, Is.EqualTo(changed));
            Assert.That(entries[path].Node.Checksum, Is.EqualTo(Xxh3(changed)));
        });
    }

    [Test]
    public async Task Checksum_FileTouchedWithoutChange_IsReused()
    {
        var path = Write("a", TestRepositories.RandomBytes(20_000, 1));
        var first = await BackupAsync(Options());
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(3));

        var result = await BackupAsync(Options(), detector: ChecksumChangeDetector.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(result.FilesUnmodified, Is.EqualTo(1));
            Assert.That(result.BytesRead, Is.Zero, "hashed by the detector, not read to be stored");
            Assert.That(result.Snapshot.Tree, Is.Not.EqualTo(first.Snapshot.Tree), "the new mtime is recorded");
        });
    }

    [Test]
    public async Task Checksum_ParentWithoutChecksum_Reads()
    {
        var path = Write("a", [1, 2, 3]);
        var node = (await ReadBackAsync(await BackupAsync(Options()))).Single(e => e.Key == path).Value.Node;
        var withoutChecksum = new TreeNode { Name = node.Name, Type = NodeType.File, Size = node.Size, Content = node.Content };

        Assert.That(await DecideAsync(ChecksumChangeDetector.Instance, path, withoutChecksum), Is.EqualTo(FileChangeDecision.Read));
    }

    [Test]
    public async Task Always_ReadsEveryFile_AndKeepsTheLevelAndParent()
    {
        Write("a", TestRepositories.RandomBytes(10_000, 1));
        Write("b", TestRepositories.RandomBytes(20_000, 2));
        var first = await BackupAsync(Options());

        var result = await BackupAsync(Options(), detector: AlwaysChangedDetector.Instance);
        var firstEntries = await ReadBackAsync(first);
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.BytesRead, Is.EqualTo(30_000));
            Assert.That(result.Level, Is.EqualTo(BackupLevel.Incremental));
            Assert.That(result.Parent, Is.EqualTo(first.Snapshot.Id));

            // The backed-up directory's subtree, not the root tree: other tests may touch /tmp, a parent of the path.
            Assert.That(entries[Source.Path].Node.Subtree, Is.EqualTo(firstEntries[Source.Path].Node.Subtree), "same content, same metadata: same trees");
        });
    }

    /// <summary>A detector that ignores ctime, to show that the checksum, not the ctime, catches the change.</summary>
    private sealed class SizeAndMtimeDetector : IChangeDetector
    {
        public ValueTask<FileChangeDecision> DetectAsync(FileChangeContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(context.Previous is { } previous && previous.Size == context.Current.Size && previous.ModificationTimeNs == context.Current.ModificationTimeNs
                ? FileChangeDecision.Reuse
                : FileChangeDecision.Read);
    }
}
