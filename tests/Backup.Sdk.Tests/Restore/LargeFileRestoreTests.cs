using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

/// <summary>Files of many blobs: read ahead of the write, across packs, and through several writers at once.</summary>
[SupportedOSPlatform("linux")]
public class LargeFileRestoreTests : RestoreTestBase
{
    private const int BlobSize = 64 * 1024;

    [Test]
    public async Task Restore_FileWhoseBlobsSpanSeveralPacks_IsWrittenByteForByte()
    {
        // 40 blobs of 64 KiB into packs of 256 KiB: about ten packs, far more blobs than are read ahead.
        var content = TestRepositories.RandomBytes(40 * BlobSize + 1234, 7);
        var snapshot = await Builder.SnapshotAsync(await Builder.FileAsync("image.raw", content));
        var plan = await new SnapshotRestorer(Repository).PlanAsync(snapshot, Options());

        var result = await RestoreAsync(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Packs, Has.Count.GreaterThan(3));
            Assert.That(Builder.Repository.Blobs.Count, Is.GreaterThan(FileContent.ReadAhead * 2));
            Assert.That(result.BytesWritten, Is.EqualTo(content.Length));
            Assert.That(File.ReadAllBytes(InTarget("image.raw")), Is.EqualTo(content));
        });
    }

    [Test]
    public async Task Restore_SeveralLargeFilesAtOnce_WritesEachByteForByte()
    {
        var contents = Enumerable.Range(0, 6).Select(i => TestRepositories.RandomBytes((12 * BlobSize) + (i * 4099), 100 + i)).ToArray();
        var nodes = new List<Backup.Sdk.Repository.Trees.TreeNode>();
        for (var i = 0; i < contents.Length; i++)
        {
            nodes.Add(await Builder.FileAsync($"disk{i}.img", contents[i]));
        }

        var snapshot = await Builder.SnapshotAsync(await Builder.DirAsync("vms", [.. nodes]));

        var result = await RestoreAsync(snapshot, o => o.MaxConcurrency = 3);

        Assert.Multiple(() =>
        {
            Assert.That(result.FilesRestored, Is.EqualTo(contents.Length));
            for (var i = 0; i < contents.Length; i++)
            {
                Assert.That(File.ReadAllBytes(InTarget($"vms/disk{i}.img")), Is.EqualTo(contents[i]), $"disk{i}.img");
            }
        });
    }

    [Test]
    public async Task Restore_DamagedBlobBeyondTheReadAhead_FailsWithCorruptObject()
    {
        var content = TestRepositories.RandomBytes(20 * BlobSize, 9);
        var node = await Builder.FileAsync("image.raw", content);
        var snapshot = await Builder.SnapshotAsync(node);
        var damaged = node.Content![FileContent.ReadAhead + 3];
        Assert.That(Repository.Blobs.Index.TryGet(damaged, out var location), Is.True);
        var storage = (InMemoryStorageBackend)Repository.Storage;
        storage.Corrupt(PackLayout.NameOf(location.PackId), location.Offset + 10);

        Assert.That(() => RestoreAsync(snapshot), Throws.InstanceOf<CorruptObjectException>());
    }
}
