using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>
/// Walks the source depth-first, in name order, one directory handle per level (every call is relative to an open
/// directory, so paths of any length work), with the parent's tree alongside. Files go to the workers' bounded queue;
/// each entry yields a task for its node, and a directory's tree is saved when the nodes of all its entries are done
/// (bottom-up), without holding the walk back.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SourceTreeWalker
{
    private static readonly Task<TreeNode?> NoNode = Task.FromResult<TreeNode?>(null);
    private readonly BackupSession _session;
    private const int PrefetchPerDirectory = 16;
    private readonly Dictionary<(ulong Device, ulong Inode), Task<FileContent?>> _hardLinks = [];
    private readonly ConcurrentDictionary<ContentId, Task<Tree>> _prefetched = new();

    public SourceTreeWalker(BackupSession session)
    {
        _session = session;
    }

    /// <summary>
    /// Visits an entry of an open directory. <paramref name="rootDevice"/> is <see langword="null"/> for a backed-up path
    /// itself (its device becomes the root device; excludes are checked against its parents too).
    /// </summary>
    /// <returns>When the walk below the entry is done: a task for its node (<see langword="null"/> when it is skipped).</returns>
    public async Task<Task<TreeNode?>> VisitEntryAsync(SharedDirectory directory, byte[] name, byte[] path, TreeNode? previous, ulong? rootDevice, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var display = UnixPath.ToDisplayString(path);
        FileEntryInfo info;
        try
        {
            info = _session.Access.GetInfo(directory.Handle, name);
        }
        catch (FileSystemEntryException ex)
        {
            _session.AddError(display, rootDevice is null && ex is FileSystemEntryNotFoundException ? "the path does not exist" : $"cannot be read, skipped: {ex.Message}");
            return NoNode;
        }

        var isDirectory = info.Type == FileEntryType.Directory;
        var filter = _session.Filter;
        if (rootDevice is null ? filter.IsExcluded(path, isDirectory) : filter.IsEntryExcluded(path, isDirectory))
        {
            return NoNode;
        }

        if (rootDevice is null)
        {
            _session.RootFound();
        }

        var type = TreeNodes.TypeOf(info.Type);
        switch (type)
        {
            case NodeType.File:
                return await VisitFileAsync(directory, name, display, info, previous, cancellationToken).ConfigureAwait(false);
            case NodeType.Directory:
                var device = rootDevice ?? info.DeviceId;
                if (_session.Options.OneFileSystem && info.DeviceId != device)
                {
                    // Another file system: the mount point is kept, empty, so that a restore recreates it.
                    return CompleteDirectoryAsync(name, info, previous, [], PreviousNodes.Empty, cancellationToken);
                }

                if (_session.TryStartWalkAside())
                {
                    return WalkAside(directory, name, path, display, info, previous, device, cancellationToken);
                }

                return await VisitDirectoryAsync(directory, name, path, display, info, previous, device, cancellationToken).ConfigureAwait(false);
            case NodeType.Symlink:
                try
                {
                    var target = directory.Handle.ReadLink(name);
                    return Task.FromResult<TreeNode?>(TreeNodes.Create(name, info, NodeType.Symlink, linkTarget: target));
                }
                catch (FileSystemEntryException ex)
                {
                    _session.AddError(display, $"cannot be read, skipped: {ex.Message}");
                    return NoNode;
                }

            case { } other:
                return Task.FromResult<TreeNode?>(TreeNodes.Create(name, info, other));
            default:
                _session.AddError(display, "unknown entry type, skipped");
                return NoNode;
        }
    }

    /// <summary>Saves a directory's tree once all its entries' nodes are done and makes its node.</summary>
    public async Task<TreeNode?> CompleteDirectoryAsync(byte[] name, FileEntryInfo info, TreeNode? previous, IReadOnlyList<Task<TreeNode?>> children, PreviousNodes previousNodes, CancellationToken cancellationToken)
    {
        var subtree = await SaveTreeAsync(children, previousNodes, cancellationToken).ConfigureAwait(false);
        var counters = _session.Counters;
        if (previous is not { Type: NodeType.Directory })
        {
            Interlocked.Increment(ref counters.DirsNew);
        }
        else if (previous.Subtree == subtree)
        {
            Interlocked.Increment(ref counters.DirsUnmodified);
        }
        else
        {
            Interlocked.Increment(ref counters.DirsChanged);
        }

        return TreeNodes.Create(name, info, NodeType.Directory, subtree: subtree);
    }

    /// <summary>Saves the tree of the finished nodes (skipped entries left out), in raw-name order, unless it equals the parent's.</summary>
    public async Task<ContentId> SaveTreeAsync(IReadOnlyList<Task<TreeNode?>> children, PreviousNodes previousNodes, CancellationToken cancellationToken)
    {
        var nodes = new List<TreeNode>(children.Count);
        foreach (var child in children)
        {
            if (await child.ConfigureAwait(false) is { } node)
            {
                nodes.Add(node);
            }
        }

        if (previousNodes.TryMatch(nodes, out var unchanged))
        {
            return unchanged;
        }

        try
        {
            var saved = await _session.Repository.Trees.SaveAsync(new Tree { Nodes = nodes }, cancellationToken).ConfigureAwait(false);
            _session.Counters.BlobSaved(saved);
            return saved.Id;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A directory completes apart from the walk: stop the walk now rather than when the root tree is awaited.
            await _session.FailAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Loads the parent's tree of a directory, only when the directory is visited.</summary>
    public async Task<PreviousNodes> LoadPreviousAsync(TreeNode? previous, CancellationToken cancellationToken)
    {
        if (!_session.UseParent || previous is not { Type: NodeType.Directory, Subtree: { } subtree })
        {
            return PreviousNodes.Empty;
        }

        var tree = _prefetched.TryRemove(subtree, out var loading)
            ? await loading.ConfigureAwait(false)
            : await _session.Repository.Trees.LoadAsync(subtree, cancellationToken).ConfigureAwait(false);
        Prefetch(tree, cancellationToken);
        return new PreviousNodes(tree, subtree);
    }

    /// <summary>
    /// Starts loading the parent's subtrees of a directory's subdirectories (at most <see cref="PrefetchPerDirectory"/>)
    /// while its entries are listed and stat'ed: with a cold cache the walk no longer waits for one tree read after another.
    /// </summary>
    private void Prefetch(Tree tree, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var node in tree.Nodes)
        {
            // Subdirectories are walked on several threads, so the table is concurrent; a lost race loads a tree twice.
            if (node is { Type: NodeType.Directory, Subtree: { } id } && !_prefetched.ContainsKey(id))
            {
                var load = _session.Repository.Trees.LoadAsync(id, cancellationToken);
                _ = load.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _prefetched.TryAdd(id, load);
                if (++started == PrefetchPerDirectory)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Walks an open directory's entries in raw-name order; the handle is released when the walk is done.</summary>
    public async Task<List<Task<TreeNode?>>> WalkEntriesAsync(SharedDirectory directory, byte[] path, PreviousNodes previous, ulong rootDevice, CancellationToken cancellationToken)
    {
        List<DirectoryEntry> entries;
        try
        {
            entries = [.. directory.Handle.EnumerateEntries()];
        }
        catch (FileSystemEntryException ex)
        {
            _session.AddError(UnixPath.ToDisplayString(path), $"cannot be listed, stored empty: {ex.Message}");
            entries = [];
        }

        entries.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        var children = new List<Task<TreeNode?>>(entries.Count);
        foreach (var entry in entries)
        {
            var childPath = UnixPath.Join(path, entry.Name);
            children.Add(await VisitEntryAsync(directory, entry.Name, childPath, previous.Find(entry.Name), rootDevice, cancellationToken).ConfigureAwait(false));
        }

        return children;
    }

    /// <summary>
    /// Walks a subdirectory on another thread while this walk goes on with its siblings (a slot was taken): loading the
    /// parent's trees, lstat and saving trees then use more than one core. Its node keeps its place in the listing.
    /// </summary>
    private Task<TreeNode?> WalkAside(SharedDirectory parent, byte[] name, byte[] path, string display, FileEntryInfo info, TreeNode? previous, ulong rootDevice, CancellationToken cancellationToken)
    {
        parent.AddReference();
        var walk = Task.Run(
            async () =>
            {
                try
                {
                    return await VisitDirectoryAsync(parent, name, path, display, info, previous, rootDevice, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    parent.Release();
                    _session.EndWalkAside();
                }
            },
            CancellationToken.None);
        return walk.Unwrap();
    }

    private async Task<Task<TreeNode?>> VisitDirectoryAsync(SharedDirectory parent, byte[] name, byte[] path, string display, FileEntryInfo info, TreeNode? previous, ulong rootDevice, CancellationToken cancellationToken)
    {
        SharedDirectory directory;
        try
        {
            directory = new SharedDirectory(_session.Access.OpenDirectory(parent.Handle, name));
        }
        catch (FileSystemEntryException ex)
        {
            _session.AddError(display, $"cannot be opened, skipped: {ex.Message}");
            return NoNode;
        }

        List<Task<TreeNode?>> children;
        PreviousNodes previousNodes;
        try
        {
            previousNodes = await LoadPreviousAsync(previous, cancellationToken).ConfigureAwait(false);
            children = await WalkEntriesAsync(directory, path, previousNodes, rootDevice, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            directory.Release();
        }

        return CompleteDirectoryAsync(name, info, previous, children, previousNodes, cancellationToken);
    }

    private async Task<Task<TreeNode?>> VisitFileAsync(SharedDirectory directory, byte[] name, string display, FileEntryInfo info, TreeNode? previous, CancellationToken cancellationToken)
    {
        var previousFile = _session.UseParent && previous is { Type: NodeType.File } ? previous : null;
        if (previousFile is not null)
        {
            if (await DetectAsync(directory, name, display, info, previousFile, cancellationToken).ConfigureAwait(false) == FileChangeDecision.Reuse)
            {
                var counters = _session.Counters;
                Interlocked.Increment(ref counters.FilesUnmodified);
                Interlocked.Increment(ref counters.TotalFiles);
                Interlocked.Add(ref counters.TotalBytes, info.Size);
                _session.Progress.FileDone(info.Size);
                return Task.FromResult<TreeNode?>(TreeNodes.Create(name, info, NodeType.File, previousFile.Content, previousFile.DataRegions, checksum: previousFile.Checksum));
            }
        }

        Task<FileContent?> content;
        var isLaterLink = false;
        if (info.LinkCount > 1)
        {
            // Walks aside share the map: the first name to claim the inode reads it, the others wait for that read.
            var key = (info.DeviceId, info.Inode);
            TaskCompletionSource<FileContent?>? claim = null;
            lock (_hardLinks)
            {
                if (_hardLinks.TryGetValue(key, out var first))
                {
                    content = first;
                    isLaterLink = true;
                }
                else
                {
                    claim = new TaskCompletionSource<FileContent?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    content = claim.Task;
                    _hardLinks[key] = content;
                }
            }

            if (claim is not null)
            {
                try
                {
                    content = await _session.SubmitAsync(directory, name, display, info, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    claim.TrySetCanceled(CancellationToken.None);
                    throw;
                }

                _ = content.ContinueWith(
                    static (read, state) => ((TaskCompletionSource<FileContent?>)state!).TrySetFromTask(read),
                    claim,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        else
        {
            content = await _session.SubmitAsync(directory, name, display, info, cancellationToken).ConfigureAwait(false);
        }

        return CompleteFileAsync(name, display, info, previousFile, content, isLaterLink);
    }

    /// <summary>Asks the detector; a file the detector cannot open or read is read by the engine, which reports it if that fails too.</summary>
    private async ValueTask<FileChangeDecision> DetectAsync(SharedDirectory directory, byte[] name, string display, FileEntryInfo info, TreeNode previousFile, CancellationToken cancellationToken)
    {
        try
        {
            var context = new FileChangeContext(display, info, previousFile, directory.Handle, name);
            return await _session.Detector.DetectAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileSystemEntryException)
        {
            return FileChangeDecision.Read;
        }
    }

    private async Task<TreeNode?> CompleteFileAsync(byte[] name, string display, FileEntryInfo info, TreeNode? previousFile, Task<FileContent?> content, bool isLaterLink)
    {
        var read = await content.ConfigureAwait(false);
        if (read is null)
        {
            if (isLaterLink)
            {
                _session.AddError(display, "a hard link of a file that could not be read, skipped");
            }

            return null;
        }

        // A later hard link stores its own name and lstat, and the content read once through the first name.
        var stored = isLaterLink ? info with { Size = read.Info.Size } : read.Info;
        var counters = _session.Counters;
        Interlocked.Increment(ref previousFile is null ? ref counters.FilesNew : ref counters.FilesChanged);
        Interlocked.Increment(ref counters.TotalFiles);
        Interlocked.Add(ref counters.TotalBytes, stored.Size);
        _session.Progress.FileDone(stored.Size);
        return TreeNodes.Create(name, stored, NodeType.File, read.Content, read.DataRegions, checksum: read.Checksum);
    }
}
