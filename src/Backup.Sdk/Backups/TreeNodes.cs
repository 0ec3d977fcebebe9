using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>Makes tree nodes from what <c>lstat</c> reports.</summary>
internal static class TreeNodes
{
    public static NodeType? TypeOf(FileEntryType type) => type switch
    {
        FileEntryType.RegularFile => NodeType.File,
        FileEntryType.Directory => NodeType.Directory,
        FileEntryType.SymbolicLink => NodeType.Symlink,
        FileEntryType.BlockDevice => NodeType.BlockDevice,
        FileEntryType.CharacterDevice => NodeType.CharDevice,
        FileEntryType.Fifo => NodeType.Fifo,
        FileEntryType.Socket => NodeType.Socket,
        _ => null,
    };

    public static TreeNode Create(
        ReadOnlySpan<byte> name,
        FileEntryInfo info,
        NodeType type,
        IReadOnlyList<ContentId>? content = null,
        IReadOnlyList<FileDataRegion>? dataRegions = null,
        ContentId? subtree = null,
        byte[]? linkTarget = null,
        string? checksum = null)
    {
        var (text, bytes) = TreeNode.EncodeName(name);
        var (targetText, targetBytes) = linkTarget is null ? (null, null) : TreeNode.EncodeName(linkTarget);
        var isFile = type == NodeType.File;
        return new TreeNode
        {
            Name = text,
            NameBytes = bytes,
            Type = type,
            Mode = info.Mode,
            Uid = info.UserId,
            Gid = info.GroupId,
            ModificationTimeNs = info.ModificationTimeNs,
            ChangeTimeNs = info.ChangeTimeNs,
            // No atime: reading a file changes it, so storing it would make every backup write new trees for unchanged
            // directories. A restore sets atime to the mtime.
            Size = isFile || type == NodeType.Symlink ? info.Size : 0,
            Inode = info.Inode,
            DeviceId = info.DeviceId,
            // Directories' link counts only count subdirectories; hard-link matching is for the other types.
            Links = type == NodeType.Directory ? 0 : info.LinkCount,
            RDev = info.SpecialDeviceId,
            LinkTarget = targetText,
            LinkTargetBytes = targetBytes,
            Content = isFile ? content ?? [] : null,
            DataRegions = dataRegions,
            Subtree = subtree,
            Checksum = isFile ? checksum : null,
        };
    }

    /// <summary>Whether two nodes hold the same values in every stored property (and so serialize to the same JSON).</summary>
    public static bool AreEqual(TreeNode a, TreeNode b) =>
        a.Type == b.Type
        && a.Mode == b.Mode
        && a.Uid == b.Uid
        && a.Gid == b.Gid
        && a.ModificationTimeNs == b.ModificationTimeNs
        && a.ChangeTimeNs == b.ChangeTimeNs
        && a.AccessTimeNs == b.AccessTimeNs
        && a.Size == b.Size
        && a.Inode == b.Inode
        && a.DeviceId == b.DeviceId
        && a.Links == b.Links
        && a.RDev == b.RDev
        && a.Subtree == b.Subtree
        && string.Equals(a.Name, b.Name, StringComparison.Ordinal)
        && string.Equals(a.User, b.User, StringComparison.Ordinal)
        && string.Equals(a.Group, b.Group, StringComparison.Ordinal)
        && string.Equals(a.LinkTarget, b.LinkTarget, StringComparison.Ordinal)
        && string.Equals(a.Checksum, b.Checksum, StringComparison.Ordinal)
        && SameBytes(a.NameBytes, b.NameBytes)
        && SameBytes(a.LinkTargetBytes, b.LinkTargetBytes)
        && SameItems(a.Content, b.Content)
        && SameItems(a.DataRegions, b.DataRegions);

    private static bool SameBytes(byte[]? a, byte[]? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.AsSpan().SequenceEqual(b));

    private static bool SameItems<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
        where T : IEquatable<T>
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
