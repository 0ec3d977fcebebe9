using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Backup.Sdk.Repository;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Restore;

/// <summary>
/// Re-reads what a restore wrote and compares it with the snapshot: type, size, mode, owner, mtime, link targets, hard
/// links sharing an inode, and file content byte for byte against the blobs (streamed, one blob at a time). It walks the
/// target the way the restore did, one name at a time and never through a symbolic link. Access times are not compared:
/// reading a file to compare it may change its own.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RestoreVerifier(BlobStore blobs, RestorePlan plan, int maxConcurrency)
{
    private readonly ConcurrentQueue<RestoreIssue> _mismatches = new();
    private readonly Dictionary<int, ulong> _inodes = [];
    private long _entries;
    private long _files;
    private long _bytes;

    public async Task<RestoreVerification> VerifyAsync(DirectoryHandle target, bool[]? restored, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<(SafeFileHandle File, RestoreEntry Entry)>(maxConcurrency * 2);
        var comparers = new Task[maxConcurrency];
        for (var i = 0; i < comparers.Length; i++)
        {
            comparers[i] = Task.Run(() => CompareFilesAsync(channel.Reader, cancellationToken), CancellationToken.None);
        }

        try
        {
            await WalkAsync(target, restored, channel.Writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            channel.Writer.TryComplete();
            try
            {
                await Task.WhenAll(comparers).ConfigureAwait(false);
            }
            finally
            {
                while (channel.Reader.TryRead(out var left))
                {
                    left.File.Dispose();
                }
            }
        }

        return new RestoreVerification { EntriesChecked = _entries, FilesChecked = _files, BytesChecked = _bytes, Mismatches = [.. _mismatches] };
    }

    private async Task WalkAsync(DirectoryHandle target, bool[]? restored, ChannelWriter<(SafeFileHandle, RestoreEntry)> files, CancellationToken cancellationToken)
    {
        var stack = new List<DirectoryHandle> { target };
        var skipBelow = int.MaxValue;
        try
        {
            for (var i = 0; i < plan.Entries.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = plan.Entries[i];
                if (entry.Depth > skipBelow)
                {
                    continue;
                }

                skipBelow = int.MaxValue;
                while (stack.Count > entry.Depth + 1)
                {
                    stack[^1].Dispose();
                    stack.RemoveAt(stack.Count - 1);
                }

                var parent = stack[^1];
                var isDirectory = entry.Kind == RestoreEntryKind.Directory;
                if (restored is not null && !restored[i] && !isDirectory)
                {
                    continue; // reported as skipped by the restore
                }

                try
                {
                    if (restored is null || restored[i])
                    {
                        CheckEntry(parent, entry, i);
                    }

                    if (isDirectory)
                    {
                        stack.Add(parent.OpenDirectory(entry.RawName, followSymlink: false));
                    }
                    else if (entry.Kind == RestoreEntryKind.File)
                    {
                        var file = parent.OpenFile(entry.RawName);
                        await files.WriteAsync((file, entry), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (FileSystemEntryException ex)
                {
                    Mismatch(entry, $"cannot be read back: {ex.Message}");
                    skipBelow = isDirectory ? entry.Depth : int.MaxValue;
                }
            }
        }
        finally
        {
            for (var i = stack.Count - 1; i > 0; i--)
            {
                stack[i].Dispose();
            }
        }
    }

    private void CheckEntry(DirectoryHandle parent, RestoreEntry entry, int index)
    {
        Interlocked.Increment(ref _entries);
        var node = entry.Node;
        var info = parent.GetInfo(entry.RawName);
        var expected = entry.Kind switch
        {
            RestoreEntryKind.Directory => FileEntryType.Directory,
            RestoreEntryKind.File or RestoreEntryKind.HardLink => FileEntryType.RegularFile,
            RestoreEntryKind.Symlink => FileEntryType.SymbolicLink,
            RestoreEntryKind.Fifo => FileEntryType.Fifo,
            _ => node.Type == Repository.Trees.NodeType.BlockDevice ? FileEntryType.BlockDevice : FileEntryType.CharacterDevice,
        };
        if (info.Type != expected)
        {
            Mismatch(entry, $"type: {info.Type} in the target, {expected} in the snapshot");
            return;
        }

        if (expected == FileEntryType.RegularFile && info.Size != node.Size)
        {
            Mismatch(entry, $"size: {info.Size} in the target, {node.Size} in the snapshot");
        }

        if (expected != FileEntryType.SymbolicLink && (info.Mode & 0xFFF) != (node.Mode & 0xFFF))
        {
            Mismatch(entry, $"mode: {Convert.ToString(info.Mode & 0xFFF, 8)} in the target, {Convert.ToString(node.Mode & 0xFFF, 8)} in the snapshot");
        }

        if (EntryMetadata.CanSetOwner && (info.UserId != node.Uid || info.GroupId != node.Gid))
        {
            Mismatch(entry, $"owner: {info.UserId}:{info.GroupId} in the target, {node.Uid}:{node.Gid} in the snapshot");
        }

        if (info.ModificationTimeNs != node.ModificationTimeNs)
        {
            Mismatch(entry, $"mtime: {info.ModificationTimeNs} ns in the target, {node.ModificationTimeNs} ns in the snapshot");
        }

        if (expected == FileEntryType.SymbolicLink && !parent.ReadLink(entry.RawName).AsSpan().SequenceEqual(EntryMetadata.LinkTarget(node)))
        {
            Mismatch(entry, "symbolic link target differs from the snapshot");
        }

        if (entry.Kind == RestoreEntryKind.File)
        {
            _inodes[index] = info.Inode;
        }
        else if (entry.Kind == RestoreEntryKind.HardLink && _inodes.TryGetValue(entry.HardLinkTo, out var inode) && inode != info.Inode)
        {
            Mismatch(entry, $"not a hard link of '{plan.Entries[entry.HardLinkTo].Path}'");
        }
    }

    private async Task CompareFilesAsync(ChannelReader<(SafeFileHandle File, RestoreEntry Entry)> reader, CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var job))
            {
                using (job.File)
                {
                    var (difference, bytes) = await FileContent.CompareAsync(blobs, job.File, job.Entry.Node, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _files);
                    Interlocked.Add(ref _bytes, bytes);
                    if (difference is not null)
                    {
                        Mismatch(job.Entry, difference);
                    }
                }
            }
        }
    }

    private void Mismatch(RestoreEntry entry, string reason) => _mismatches.Enqueue(new RestoreIssue(entry.Path, reason));
}
