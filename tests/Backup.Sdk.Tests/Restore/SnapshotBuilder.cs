using System.Text;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Tests.Restore;

/// <summary>
/// Makes snapshots straight through the repository API (data blobs, trees bottom-up, flush, snapshot), so that restore
/// tests need no backup engine and can hand-make trees that no honest backup would write.
/// </summary>
internal sealed class SnapshotBuilder(BackupRepository repository)
{
    public const uint FileMode = 0x81A4;    // 0100644
    public const uint DirectoryMode = 0x41ED; // 040755
    public const uint SymlinkMode = 0xA1FF;   // 0120777
    public const long DefaultTime = 1_732_424_400_123_456_789;

    public BackupRepository Repository { get; } = repository;

    /// <summary>Stores content as data blobs of at most <paramref name="chunkSize"/> bytes.</summary>
    public async Task<IReadOnlyList<ContentId>> SaveContentAsync(byte[] content, int chunkSize = 64 * 1024)
    {
        var ids = new List<ContentId>();
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, content.Length - offset);
            ids.Add((await Repository.Blobs.SaveAsync(BlobType.Data, content.AsMemory(offset, length))).Id);
        }

        return ids;
    }

    public async Task<TreeNode> FileAsync(
        string name, byte[] content, uint mode = FileMode, uint uid = 0, uint gid = 0, long mtime = DefaultTime, long atime = DefaultTime,
        byte[]? rawName = null, ulong inode = 0, ulong links = 1, IReadOnlyList<FileDataRegion>? regions = null, long? size = null) =>
        new()
        {
            Name = rawName is null ? name : null,
            NameBytes = rawName,
            Type = NodeType.File,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTimeNs = mtime,
            AccessTimeNs = atime,
            Size = size ?? content.Length,
            Inode = inode,
            DeviceId = inode == 0 ? 0UL : 2049,
            Links = links,
            Content = await SaveContentAsync(content),
            DataRegions = regions,
        };

    public Task<TreeNode> FileAsync(string name, string content) => FileAsync(name, Encoding.UTF8.GetBytes(content));

    public async Task<TreeNode> DirAsync(string name, params TreeNode[] children) => Dir(name, await TreeAsync(children));

    public static TreeNode Dir(string name, ContentId subtree, uint mode = DirectoryMode, uint uid = 0, uint gid = 0, long mtime = DefaultTime, byte[]? rawName = null) =>
        new()
        {
            Name = rawName is null ? name : null,
            NameBytes = rawName,
            Type = NodeType.Directory,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTimeNs = mtime,
            AccessTimeNs = mtime,
            Subtree = subtree,
        };

    public static TreeNode Symlink(string name, string target, uint uid = 0, uint gid = 0, long mtime = DefaultTime, byte[]? targetBytes = null) =>
        new()
        {
            Name = name,
            Type = NodeType.Symlink,
            Mode = SymlinkMode,
            Uid = uid,
            Gid = gid,
            ModificationTimeNs = mtime,
            AccessTimeNs = mtime,
            LinkTarget = targetBytes is null ? target : null,
            LinkTargetBytes = targetBytes,
        };

    public static TreeNode Special(string name, NodeType type, uint mode, ulong rdev = 0) =>
        new() { Name = name, Type = type, Mode = mode, ModificationTimeNs = DefaultTime, AccessTimeNs = DefaultTime, RDev = rdev };

    /// <summary>Stores one directory listing and returns its id.</summary>
    public async Task<ContentId> TreeAsync(params TreeNode[] nodes) =>
        (await Repository.Trees.SaveAsync(new Tree { Nodes = nodes })).Id;

    /// <summary>Flushes the blobs and stores a snapshot whose root tree lists <paramref name="rootNodes"/>.</summary>
    public async Task<Snapshot> SnapshotAsync(params TreeNode[] rootNodes) => await SnapshotOfTreeAsync(await TreeAsync(rootNodes));

    public async Task<Snapshot> SnapshotOfTreeAsync(ContentId rootTree, string path = "/data")
    {
        await Repository.Blobs.FlushAsync();
        var snapshot = new Snapshot
        {
            Time = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero),
            Hostname = "test-host",
            Paths = [path],
            Tree = rootTree,
        };
        await Repository.Snapshots.SaveAsync(snapshot);
        return snapshot;
    }
}
