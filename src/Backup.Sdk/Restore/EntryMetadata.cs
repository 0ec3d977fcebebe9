using System.Runtime.Versioning;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Restore;

/// <summary>
/// Sets an entry's metadata, by name relative to its parent and never through a symbolic link, in the one order that
/// works: owner first (a change of owner clears setuid and setgid), then mode, then times (each earlier step changes
/// ctime, and setting times last keeps mtime and atime as stored).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class EntryMetadata
{
    /// <summary>Whether owners can be set: only a privileged process may give files away; others keep their own uid.</summary>
    public static bool CanSetOwner { get; } = Environment.IsPrivilegedProcess;

    public static void Apply(DirectoryHandle parent, byte[] name, TreeNode node, bool isSymlink)
    {
        if (CanSetOwner)
        {
            parent.SetOwner(name, node.Uid, node.Gid);
        }

        if (!isSymlink)
        {
            parent.SetMode(name, Permissions(node));
        }

        // Backups do not record atime (it changes on every read); a node without one gets its mtime.
        parent.SetTimes(name, node.AccessTimeNs != 0 ? node.AccessTimeNs : node.ModificationTimeNs, node.ModificationTimeNs);
    }

    public static UnixFileMode Permissions(TreeNode node) => (UnixFileMode)(node.Mode & 0xFFF);

    public static byte[] LinkTarget(TreeNode node) =>
        node.LinkTargetBytes ?? System.Text.Encoding.UTF8.GetBytes(node.LinkTarget ?? "");
}
