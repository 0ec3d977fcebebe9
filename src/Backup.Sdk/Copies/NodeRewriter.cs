using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Copies;

/// <summary>Copies a tree node with other blob ids (the destination's), every other property kept.</summary>
internal static class NodeRewriter
{
    public static TreeNode WithIds(TreeNode node, IReadOnlyList<ContentId>? content, ContentId? subtree) => new()
    {
        Name = node.Name,
        NameBytes = node.NameBytes,
        Type = node.Type,
        Mode = node.Mode,
        Uid = node.Uid,
        Gid = node.Gid,
        User = node.User,
        Group = node.Group,
        ModificationTimeNs = node.ModificationTimeNs,
        ChangeTimeNs = node.ChangeTimeNs,
        AccessTimeNs = node.AccessTimeNs,
        Size = node.Size,
        Inode = node.Inode,
        DeviceId = node.DeviceId,
        Links = node.Links,
        RDev = node.RDev,
        LinkTarget = node.LinkTarget,
        LinkTargetBytes = node.LinkTargetBytes,
        Content = content,
        DataRegions = node.DataRegions,
        Subtree = subtree,
        Checksum = node.Checksum,
    };
}
