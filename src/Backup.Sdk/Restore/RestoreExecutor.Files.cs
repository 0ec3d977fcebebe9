using System.Runtime.Versioning;
using System.Threading.Channels;

namespace Backup.Sdk.Restore;

/// <content>The writers that fill files in place, and their failure handling.</content>
internal sealed partial class RestoreExecutor
{
    private long _filesDone;
    private long _resumed;
    private long _resumedBytes;
    private long _bytesDone;

    private async Task WriteFilesAsync(ChannelReader<FileJob> reader, CancellationTokenSource failure)
    {
        try
        {
            var cancellationToken = failure.Token;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var job))
                {
                    await WriteFileAsync(job, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            // Stop the walk and the other writers: the restore cannot go on (missing or damaged blob, cancellation).
            await failure.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WriteFileAsync(FileJob job, CancellationToken cancellationToken)
    {
        var entry = _plan.Entries[job.Index];
        var parent = job.Parent.Handle;
        var file = job.File;
        try
        {
            long bytes;
            using (file)
            {
                bytes = await FileContent.WriteAsync(_blobs, file, entry.Node, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Add(ref _bytes, bytes);
            EntryMetadata.Apply(parent, entry.RawName, entry.Node, isSymlink: false);
            Restored[job.Index] = true;
            Interlocked.Increment(ref _files);
            Completed(entry, bytes);
        }
        catch (Exception ex) when (IsOutOfSpace(ex))
        {
            // Stop here: the files finished before are intact; this one is removed so that no truncated file keeps its name.
            try
            {
                parent.Delete(entry.RawName);
            }
            catch (FileSystemEntryException)
            {
                // Nothing more to do: the exception below names the file.
            }

            throw new RestoreTargetFullException(entry.Path, ex);
        }
        catch (Exception ex) when (ex is FileSystemEntryException or IOException or UnauthorizedAccessException or ContentMismatchException)
        {
            Report(entry, ex.Message);
        }
        finally
        {
            job.Parent.Release();
        }
    }

    private async Task<bool> ExistingMatchesAsync(Sources.FileSystem.DirectoryHandle parent, RestoreEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            using var existing = parent.OpenFile(entry.RawName);
            return await ExistingFileCheck.MatchesAsync(_blobs, _chunker!, existing, entry.Node, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileSystemEntryException or IOException)
        {
            return false;
        }
    }

    /// <summary>Keeps a file that a resumed restore found complete: only its metadata is set again.</summary>
    private void KeepExisting(Sources.FileSystem.DirectoryHandle parent, RestoreEntry entry, int index)
    {
        _created[index] = true;
        EntryMetadata.Apply(parent, entry.RawName, entry.Node, isSymlink: false);
        Restored[index] = true;
        Interlocked.Increment(ref _resumed);
        Interlocked.Add(ref _resumedBytes, entry.Node.Size);
        Completed(entry, entry.Node.Size);
    }

    private void Completed(RestoreEntry entry, long bytes)
    {
        var done = Interlocked.Increment(ref _filesDone);
        var bytesDone = Interlocked.Add(ref _bytesDone, bytes);
        _progress?.Report(new RestoreProgress(done, _plan.FileCount, bytesDone, _plan.TotalBytes, entry.Path));
    }

    /// <summary>Closes the files still queued when the restore stops early.</summary>
    private static void Drain(ChannelReader<FileJob> reader)
    {
        while (reader.TryRead(out var job))
        {
            job.File.Dispose();
            job.Parent.Release();
        }
    }

    private static async Task WhenAllQuietly(Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Inspected by ThrowFirstFailure.
        }
    }

    /// <summary>Throws the failure that stopped the writers: a real error before the cancellations it caused.</summary>
    private static void ThrowFirstFailure(Task[] writers, CancellationToken cancellationToken)
    {
        foreach (var task in writers)
        {
            if (task.Exception?.InnerException is { } ex and not OperationCanceledException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var task in writers)
        {
            if (task.Exception?.InnerException is { } ex)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
            }
        }
    }
}

/// <summary>The directories the walker is in: the target at the bottom, then one open directory per level.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DirectoryStack(RestorePlan plan, Sources.FileSystem.DirectoryHandle target) : IDisposable
{
    private readonly List<(SharedDirectory Directory, int Index)> _stack = [(new SharedDirectory(target, ownsHandle: false), -1)];

    /// <summary>How many directories are open above the target.</summary>
    public int Depth => _stack.Count - 1;

    public SharedDirectory Current => _stack[^1].Directory;

    public void Push(Sources.FileSystem.DirectoryHandle handle, int index) => _stack.Add((new SharedDirectory(handle), index));

    /// <summary>Leaves the innermost directory; returns its entry and its parent's handle, to set its metadata.</summary>
    public (int Index, Sources.FileSystem.DirectoryHandle Parent) Pop()
    {
        var (directory, index) = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        directory.Release();
        return (index, _stack[^1].Directory.Handle);
    }

    /// <summary>
    /// The open directory of an earlier entry's parent: from the stack when the walker is in it, else opened anew from the
    /// target one name at a time (never following a link). Dispose the returned handle (null when borrowed from the stack).
    /// </summary>
    public Sources.FileSystem.DirectoryHandle? OpenParentOf(int index, out Sources.FileSystem.DirectoryHandle directory)
    {
        var parent = plan.Entries[index].Parent;
        foreach (var (shared, at) in _stack)
        {
            if (at == parent)
            {
                directory = shared.Handle;
                return null;
            }
        }

        var chain = new Stack<int>();
        for (var p = parent; p >= 0; p = plan.Entries[p].Parent)
        {
            chain.Push(p);
        }

        var current = _stack[0].Directory.Handle.OpenDirectory(plan.Entries[chain.Pop()].RawName, followSymlink: false);
        while (chain.Count > 0)
        {
            try
            {
                var next = current.OpenDirectory(plan.Entries[chain.Pop()].RawName, followSymlink: false);
                current.Dispose();
                current = next;
            }
            catch
            {
                current.Dispose();
                throw;
            }
        }

        directory = current;
        return current;
    }

    /// <summary>Lets go of every directory above the target (the target belongs to the caller).</summary>
    public void Dispose()
    {
        for (var i = _stack.Count - 1; i > 0; i--)
        {
            _stack[i].Directory.Release();
        }

        _stack.RemoveRange(1, _stack.Count - 1);
    }
}
