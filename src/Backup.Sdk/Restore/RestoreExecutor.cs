using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Backup.Sdk.Repository;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Restore;

/// <summary>
/// Carries out a <see cref="RestorePlan"/> below an open target. One walker creates the entries in plan order, each
/// relative to its parent's <see cref="DirectoryHandle"/> (create-exclusive, never following a symbolic link), and hands
/// every new file, open, to a pool of writers that fill it in place and then set its metadata. A directory's metadata is
/// set when the walker leaves it, once everything in it exists.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class RestoreExecutor : IDisposable
{
    private const int Eexist = 17;
    private const int Enospc = 28;
    private const int Edquot = 122;
    private readonly BlobStore _blobs;
    private readonly Chunking.IChunker? _chunker;
    private readonly RestorePlan _plan;
    private readonly RestoreOptions _options;
    private readonly IProgress<RestoreProgress>? _progress;
    private readonly ConcurrentQueue<RestoreIssue> _issues = new();
    private readonly DirectoryStack _stack;
    private readonly bool[] _created;
    private long _files;
    private long _directories;
    private long _symlinks;
    private long _hardLinks;
    private long _special;
    private long _bytes;

    public RestoreExecutor(BlobStore blobs, RestorePlan plan, RestoreOptions options, IProgress<RestoreProgress>? progress, DirectoryHandle target, Chunking.IChunker? chunker = null)
    {
        _blobs = blobs;
        _chunker = chunker;
        _plan = plan;
        _options = options;
        _progress = progress;
        _stack = new DirectoryStack(plan, target);
        Restored = new bool[plan.Entries.Count];
        _created = new bool[plan.Entries.Count];
    }

    /// <summary>Closes the directories still open (the target belongs to the caller).</summary>
    public void Dispose() => _stack.Dispose();

    /// <summary>Which plan entries were restored completely (for verification).</summary>
    public bool[] Restored { get; }

    public async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var issue in _plan.Refused)
        {
            _issues.Enqueue(issue);
        }

        var channel = Channel.CreateBounded<FileJob>(new BoundedChannelOptions(_options.MaxConcurrency * 2) { SingleWriter = true });
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writers = new Task[_options.MaxConcurrency];
        for (var i = 0; i < writers.Length; i++)
        {
            writers[i] = Task.Run(() => WriteFilesAsync(channel.Reader, failure), CancellationToken.None);
        }

        try
        {
            await WalkAsync(channel.Writer, failure.Token).ConfigureAwait(false);
            channel.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (failure.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A writer failed and stopped the walk; its exception is thrown below.
            channel.Writer.TryComplete();
        }
        catch
        {
            channel.Writer.TryComplete();
            await failure.CancelAsync().ConfigureAwait(false);
            await WhenAllQuietly(writers).ConfigureAwait(false);
            Drain(channel.Reader);
            throw;
        }
        finally
        {
            _stack.Dispose();
        }

        await WhenAllQuietly(writers).ConfigureAwait(false);
        Drain(channel.Reader);
        ThrowFirstFailure(writers, cancellationToken);

        return new RestoreResult
        {
            FilesRestored = _files,
            DirectoriesRestored = _directories,
            SymlinksRestored = _symlinks,
            HardLinksRestored = _hardLinks,
            SpecialFilesRestored = _special,
            BytesWritten = _bytes,
            FilesAlreadyRestored = _resumed,
            BytesAlreadyRestored = _resumedBytes,
            Skipped = [.. _issues],
        };
    }

    private async Task WalkAsync(ChannelWriter<FileJob> files, CancellationToken cancellationToken)
    {
        var entries = _plan.Entries;
        var skipBelow = int.MaxValue;
        for (var i = 0; i < entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = entries[i];
            if (entry.Depth > skipBelow)
            {
                continue; // inside a directory that could not be restored (reported once, for the directory)
            }

            skipBelow = int.MaxValue;
            LeaveDirectories(entry.Depth);
            var shared = _stack.Current;
            var parent = shared.Handle;
            try
            {
                switch (entry.Kind)
                {
                    case RestoreEntryKind.Directory:
                        _stack.Push(CreateDirectory(parent, entry), i);
                        Interlocked.Increment(ref _directories);
                        break;
                    case RestoreEntryKind.File:
                        if (IsResumeCandidate(parent, entry) && await ExistingMatchesAsync(parent, entry, cancellationToken).ConfigureAwait(false))
                        {
                            // Checked here, by the walker, so that a file rewritten instead never changes its directory after
                            // the directory's times are set.
                            KeepExisting(parent, entry, i);
                            break;
                        }

                        SafeFileHandle? handle = null;
                        if (!CreateClearing(parent, entry, () => handle = parent.CreateFile(entry.RawName, (UnixFileMode)0x180))) // 0600 until its metadata is set
                        {
                            break;
                        }

                        _created[i] = true;
                        shared.AddReference();
                        try
                        {
                            await files.WriteAsync(new FileJob(i, handle!, shared), cancellationToken).ConfigureAwait(false);
                        }
                        catch
                        {
                            handle!.Dispose();
                            shared.Release();
                            throw;
                        }

                        break;
                    case RestoreEntryKind.HardLink:
                        CreateHardLink(parent, entry, i);
                        break;
                    default:
                        CreateOther(parent, entry, i);
                        break;
                }
            }
            catch (EntryRefusedException)
            {
                skipBelow = entry.Depth;
            }
            catch (FileSystemEntryException ex) when (IsOutOfSpace(ex))
            {
                throw new RestoreTargetFullException(entry.Path, ex);
            }
            catch (FileSystemEntryException ex)
            {
                var more = entry.Kind == RestoreEntryKind.Directory ? "; its contents are not restored" : "";
                Report(entry, $"{ex.Message}{more}");
                if (entry.Kind == RestoreEntryKind.Directory)
                {
                    skipBelow = entry.Depth;
                }
            }
        }

        LeaveDirectories(0);
    }

    private void LeaveDirectories(int depth)
    {
        while (_stack.Depth > depth)
        {
            var (index, parent) = _stack.Pop();
            var entry = _plan.Entries[index];
            try
            {
                EntryMetadata.Apply(parent, entry.RawName, entry.Node, isSymlink: false);
                Restored[index] = true;
            }
            catch (FileSystemEntryException ex)
            {
                Report(entry, $"metadata not restored: {ex.Message}");
            }
        }
    }

    private DirectoryHandle CreateDirectory(DirectoryHandle parent, RestoreEntry entry)
    {
        try
        {
            parent.CreateDirectory(entry.RawName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (FileSystemEntryException ex) when (ex.Errno == Eexist)
        {
            // Reuse a directory that is there; anything else (a symbolic link above all) is replaced or refused, never entered.
            if (parent.GetInfo(entry.RawName).Type != FileEntryType.Directory)
            {
                if (!Clear(parent, entry))
                {
                    throw new EntryRefusedException(); // reported by Clear
                }

                parent.CreateDirectory(entry.RawName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return parent.OpenDirectory(entry.RawName, followSymlink: false);
    }

    /// <summary>
    /// Creates a non-directory: first as if the name were free (every create call fails with EEXIST rather than replace or
    /// follow what is there), and only when it is taken, makes room (<see cref="Clear"/>) and creates it again. So a restore
    /// into an empty target costs one call per entry, not a failed lookup before each. False when the entry is skipped (reported).
    /// </summary>
    private bool CreateClearing(DirectoryHandle parent, RestoreEntry entry, Action create)
    {
        try
        {
            create();
            return true;
        }
        catch (FileSystemEntryException ex) when (ex.Errno == Eexist)
        {
            // Taken: replaced or kept below, as the overwrite option says.
        }

        if (!Clear(parent, entry))
        {
            return false;
        }

        create();
        return true;
    }

    /// <summary>Makes room for a non-directory: true when the name is free (or was freed by replacing what was there).</summary>
    private bool Clear(DirectoryHandle parent, RestoreEntry entry)
    {
        FileEntryInfo existing;
        try
        {
            existing = parent.GetInfo(entry.RawName);
        }
        catch (FileSystemEntryNotFoundException)
        {
            return true;
        }

        if (_options.Overwrite == RestoreOverwrite.Never)
        {
            Report(entry, "an entry of that name exists in the target and is kept (RestoreOverwrite.Never)");
            return false;
        }

        if (existing.Type == FileEntryType.Directory)
        {
            Report(entry, "a directory of that name exists in the target; it is not replaced");
            return false;
        }

        parent.Delete(entry.RawName); // unlinks the name; a symbolic link is removed, never followed
        return true;
    }

    private void CreateHardLink(DirectoryHandle parent, RestoreEntry entry, int index)
    {
        var primary = _plan.Entries[entry.HardLinkTo];
        if (!_created[entry.HardLinkTo])
        {
            Report(entry, $"hard link to '{primary.Path}', which was not restored; not linked");
            return;
        }

        using var reopened = _stack.OpenParentOf(entry.HardLinkTo, out var primaryDirectory);
        if (!CreateClearing(parent, entry, () => parent.CreateHardLink(primaryDirectory, primary.RawName, entry.RawName)))
        {
            return;
        }

        Restored[index] = true;
        Interlocked.Increment(ref _hardLinks);
    }

    private void CreateOther(DirectoryHandle parent, RestoreEntry entry, int index)
    {
        var node = entry.Node;
        var mode = EntryMetadata.Permissions(node);
        var created = CreateClearing(parent, entry, () =>
        {
            switch (entry.Kind)
            {
                case RestoreEntryKind.Symlink:
                    parent.CreateSymlink(EntryMetadata.LinkTarget(node), entry.RawName);
                    break;
                case RestoreEntryKind.Fifo:
                    parent.CreateFifo(entry.RawName, mode);
                    break;
                default:
                    var type = node.Type == Repository.Trees.NodeType.BlockDevice ? FileEntryType.BlockDevice : FileEntryType.CharacterDevice;
                    parent.CreateDevice(entry.RawName, type, mode, node.RDev);
                    break;
            }
        });
        if (!created)
        {
            return;
        }

        try
        {
            EntryMetadata.Apply(parent, entry.RawName, node, entry.Kind == RestoreEntryKind.Symlink);
            Restored[index] = true;
        }
        catch (FileSystemEntryException ex)
        {
            Report(entry, $"metadata not restored: {ex.Message}");
        }

        Interlocked.Increment(ref entry.Kind == RestoreEntryKind.Symlink ? ref _symlinks : ref _special);
    }

    /// <summary>
    /// With <see cref="RestoreOptions.Resume"/>: whether a regular file of the right size is already there, to be checked by
    /// a writer (and kept when its content matches) rather than replaced here.
    /// </summary>
    private bool IsResumeCandidate(DirectoryHandle parent, RestoreEntry entry)
    {
        if (!_options.Resume || _chunker is null)
        {
            return false;
        }

        try
        {
            var info = parent.GetInfo(entry.RawName);
            return info.Type == FileEntryType.RegularFile && info.Size == entry.Node.Size;
        }
        catch (FileSystemEntryException)
        {
            return false;
        }
    }

    private static bool IsOutOfSpace(Exception ex) =>
        ex is IOException { HResult: Enospc or Edquot } || ex is FileSystemEntryException { Errno: Enospc or Edquot };

    private void Report(RestoreEntry entry, string reason) => _issues.Enqueue(new RestoreIssue(entry.Path, reason));

    private sealed class EntryRefusedException : Exception;

    private readonly record struct FileJob(int Index, SafeFileHandle File, SharedDirectory Parent);
}
