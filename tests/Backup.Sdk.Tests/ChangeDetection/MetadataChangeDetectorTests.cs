using System.Runtime.Versioning;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.ChangeDetection;

[SupportedOSPlatform("linux")]
public class MetadataChangeDetectorTests
{
    private static readonly FileEntryInfo Current = new()
    {
        Type = FileEntryType.RegularFile,
        Mode = 0x81A4,
        UserId = 1,
        GroupId = 1,
        Size = 100,
        AllocatedBlocks = 8,
        Inode = 42,
        DeviceId = 7,
        SpecialDeviceId = 0,
        LinkCount = 1,
        AccessTimeNs = 5,
        ModificationTimeNs = 1000,
        ChangeTimeNs = 2000,
    };

    private static readonly ContentId Blob = ContentId.Parse(new string('a', 64));

    private static IEnumerable<TestCaseData> Cases()
    {
        TreeNode Node(long size = 100, long mtime = 1000, long ctime = 2000, ulong inode = 42, NodeType type = NodeType.File, bool content = true) => new()
        {
            Name = "f",
            Type = type,
            Size = size,
            ModificationTimeNs = mtime,
            ChangeTimeNs = ctime,
            Inode = inode,
            Content = content ? [Blob] : null,
        };

        yield return new TestCaseData(null, FileChangeDecision.Read).SetName("NoPreviousNode_Reads");
        yield return new TestCaseData(Node(), FileChangeDecision.Reuse).SetName("SameMetadata_Reuses");
        yield return new TestCaseData(Node(size: 99), FileChangeDecision.Read).SetName("OtherSize_Reads");
        yield return new TestCaseData(Node(mtime: 999), FileChangeDecision.Read).SetName("OtherMtime_Reads");
        yield return new TestCaseData(Node(ctime: 1999), FileChangeDecision.Read).SetName("OtherCtime_Reads");
        yield return new TestCaseData(Node(inode: 43), FileChangeDecision.Read).SetName("OtherInode_Reads");
        yield return new TestCaseData(Node(type: NodeType.Symlink), FileChangeDecision.Read).SetName("PreviousNotAFile_Reads");
        yield return new TestCaseData(Node(content: false), FileChangeDecision.Read).SetName("PreviousWithoutContent_Reads");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Detect(TreeNode? previous, FileChangeDecision expected)
    {
        var decision = await MetadataChangeDetector.Instance.DetectAsync(new FileChangeContext("/x/f", Current, previous));

        Assert.That(decision, Is.EqualTo(expected));
    }
}
