using System.Formats.Tar;
using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Restore;

/// <summary>
/// Writes a snapshot directory as a pax tar stream. Names are built from checked components only (never empty, <c>.</c>,
/// <c>..</c>, or holding <c>/</c> or NUL) and are relative, so no entry can point outside the directory an archive is
/// extracted into by name; hard links point only at names written earlier in the same archive. Cycles, depth and the
/// number of entries are bounded as a restore bounds them.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TarExport(BackupRepository repository, Stream destination)
{
    private const int MaxDepth = 1024;
    private const long MaxEntries = 50_000_000;
    private readonly List<RestoreIssue> _skipped = [];
    private readonly Dictionary<(ulong Device, ulong Inode), string> _links = [];
    private readonly HashSet<ContentId> _ancestors = [];
    private long _entries;
    private long _bytes;
    private long _visited;

    public async Task<DumpResult> WriteAsync(TreeNode directory, string snapshotPath, CancellationToken cancellationToken)
    {
        await using (var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true))
        {
            var prefix = "";
            if (snapshotPath != "/")
            {
                prefix = ArchiveName(snapshotPath[(snapshotPath.LastIndexOf('/') + 1)..], snapshotPath);
                await WriteEntryAsync(writer, directory, prefix + "/", snapshotPath, cancellationToken).ConfigureAwait(false);
            }

            if (directory.Subtree is { } subtree)
            {
                _ancestors.Add(subtree);
                await WalkAsync(writer, subtree, prefix, UnixPath.Encode(snapshotPath), 0, cancellationToken).ConfigureAwait(false);
            }
        }

        return new DumpResult(DumpFormat.Tar, _entries, _bytes, _skipped);
    }

    private async Task WalkAsync(TarWriter writer, ContentId treeId, string prefix, byte[] directoryPath, int depth, CancellationToken cancellationToken)
    {
        var tree = await repository.Trees.LoadAsync(treeId, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var raw = node.RawName;
            var path = UnixPath.Join(directoryPath, raw);
            var display = UnixPath.ToDisplayString(path);
            if (++_visited > MaxEntries)
            {
                throw new RestorePlanLimitException(MaxEntries, display);
            }

            if (!UnixPath.IsSingleComponent(raw))
            {
                _skipped.Add(new RestoreIssue(display, "the name is not a single path component (empty, '.', '..', or holding '/' or NUL)"));
                continue;
            }

            if (!seen.Add(Convert.ToBase64String(raw)))
            {
                _skipped.Add(new RestoreIssue(display, "the name appears twice in its directory; only the first entry is written"));
                continue;
            }

            if (depth >= MaxDepth)
            {
                _skipped.Add(new RestoreIssue(display, $"the entry lies deeper than {MaxDepth} levels"));
                continue;
            }

            var name = prefix.Length == 0 ? ArchiveName(raw, display) : prefix + "/" + ArchiveName(raw, display);
            if (node.Type == NodeType.Directory)
            {
                if (node.Subtree is { } sub && _ancestors.Contains(sub))
                {
                    _skipped.Add(new RestoreIssue(display, "the directory contains itself; the cycle is not followed"));
                    continue;
                }

                await WriteEntryAsync(writer, node, name + "/", display, cancellationToken).ConfigureAwait(false);
                if (node.Subtree is { } subtree)
                {
                    _ancestors.Add(subtree);
                    try
                    {
                        await WalkAsync(writer, subtree, name, path, depth + 1, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _ancestors.Remove(subtree);
                    }
                }
            }
            else
            {
                await WriteEntryAsync(writer, node, name, display, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteEntryAsync(TarWriter writer, TreeNode node, string name, string display, CancellationToken cancellationToken)
    {
        PaxTarEntry entry;
        SnapshotFileStream? content = null;
        switch (node.Type)
        {
            case NodeType.Directory:
                entry = new PaxTarEntry(TarEntryType.Directory, name);
                break;
            case NodeType.File when node.Links > 1 && node.Inode != 0 && _links.TryGetValue((node.DeviceId, node.Inode), out var first):
                entry = new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = first };
                break;
            case NodeType.File:
                if (node.Links > 1 && node.Inode != 0)
                {
                    _links[(node.DeviceId, node.Inode)] = name;
                }

                entry = new PaxTarEntry(TarEntryType.RegularFile, name);
                content = new SnapshotFileStream(repository.Blobs, node, display);
                entry.DataStream = content;
                break;
            case NodeType.Symlink:
                var target = EntryMetadata.LinkTarget(node);
                if (!UnixPath.TryDecode(target, out var linkName))
                {
                    linkName = UnixPath.ToDisplayString(target);
                    _skipped.Add(new RestoreIssue(display, "the link target is not valid UTF-8; written with its bad bytes as \\xNN"));
                }

                entry = new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = linkName };
                break;
            case NodeType.Fifo:
                entry = new PaxTarEntry(TarEntryType.Fifo, name);
                break;
            case NodeType.BlockDevice or NodeType.CharDevice:
                entry = new PaxTarEntry(node.Type == NodeType.BlockDevice ? TarEntryType.BlockDevice : TarEntryType.CharacterDevice, name)
                {
                    DeviceMajor = (int)(((node.RDev >> 8) & 0xFFF) | ((node.RDev >> 32) & ~0xFFFUL)),
                    DeviceMinor = (int)((node.RDev & 0xFF) | ((node.RDev >> 12) & ~0xFFUL)),
                };
                break;
            default:
                _skipped.Add(new RestoreIssue(display, $"a {node.Type} has no place in a tar archive; left out"));
                return;
        }

        entry.Mode = EntryMetadata.Permissions(node);
        entry.Uid = (int)node.Uid;
        entry.Gid = (int)node.Gid;
        entry.UserName = node.User ?? "";
        entry.GroupName = node.Group ?? "";
        entry.ModificationTime = DateTimeOffset.UnixEpoch.AddTicks(node.ModificationTimeNs / 100);
        try
        {
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (content is not null)
            {
                await content.DisposeAsync().ConfigureAwait(false);
            }
        }

        _entries++;
        if (content is not null)
        {
            _bytes += node.Size;
        }
    }

    private string ArchiveName(byte[] raw, string display)
    {
        if (UnixPath.TryDecode(raw, out var text))
        {
            return text;
        }

        _skipped.Add(new RestoreIssue(display, "the name is not valid UTF-8; written with its bad bytes as \\xNN"));
        return UnixPath.ToDisplayString(raw);
    }

    private string ArchiveName(string name, string display) => ArchiveName(UnixPath.Encode(name), display);
}
