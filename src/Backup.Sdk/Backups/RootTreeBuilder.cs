using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>
/// Builds the snapshot's root tree: the parent directories of the backed-up paths (metadata from lstat of the real
/// directories) and, below them, the walks of the paths themselves.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RootTreeBuilder
{
    private static readonly Task<TreeNode?> NoNode = Task.FromResult<TreeNode?>(null);
    private readonly BackupSession _session;
    private readonly SourceTreeWalker _walker;
    private readonly LinuxFileSystemMetadata _metadata = new();

    public RootTreeBuilder(BackupSession session, SourceTreeWalker walker)
    {
        _session = session;
        _walker = walker;
    }

    /// <summary>Walks everything and saves the root tree; returns its id once every tree below it is saved.</summary>
    public async Task<ContentId> BuildAsync(SourceRoot root, Tree? previousRoot, ContentId? previousRootId, CancellationToken cancellationToken)
    {
        var previous = new PreviousNodes(previousRoot, previousRootId);
        List<Task<TreeNode?>> children;
        if (root.IsBackedUp)
        {
            var info = _metadata.GetInfo("/");
            _session.RootFound();
            var directory = new SharedDirectory(DirectoryHandle.Open("/"));
            try
            {
                children = await _walker.WalkEntriesAsync(directory, "/"u8.ToArray(), previous, info.DeviceId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                directory.Release();
            }
        }
        else
        {
            children = await VisitChildrenAsync(root, previous, cancellationToken).ConfigureAwait(false);
        }

        return await _walker.SaveTreeAsync(children, previous, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Task<TreeNode?>>> VisitChildrenAsync(SourceRoot parent, PreviousNodes previous, CancellationToken cancellationToken)
    {
        var children = new List<Task<TreeNode?>>(parent.Children.Count);
        SharedDirectory? directory = null;
        try
        {
            foreach (var child in parent.Children)
            {
                var previousChild = previous.Find(child.Name);
                if (!child.IsBackedUp)
                {
                    children.Add(await VisitIntermediateAsync(child, previousChild, cancellationToken).ConfigureAwait(false));
                    continue;
                }

                if (directory is null)
                {
                    try
                    {
                        directory = new SharedDirectory(DirectoryHandle.Open(parent.PathBytes));
                    }
                    catch (FileSystemEntryException ex)
                    {
                        _session.AddError(child.Path, ex is FileSystemEntryNotFoundException ? "the path does not exist" : $"cannot be read, skipped: {ex.Message}");
                        continue;
                    }
                }

                children.Add(await _walker.VisitEntryAsync(directory, child.Name, child.PathBytes, previousChild, rootDevice: null, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            directory?.Release();
        }

        return children;
    }

    private async Task<Task<TreeNode?>> VisitIntermediateAsync(SourceRoot directory, TreeNode? previous, CancellationToken cancellationToken)
    {
        FileEntryInfo info;
        try
        {
            info = _metadata.GetInfo(directory.PathBytes);
        }
        catch (FileSystemEntryException ex)
        {
            _session.AddError(directory.Path, ex is FileSystemEntryNotFoundException ? "the path does not exist" : $"cannot be read, skipped: {ex.Message}");
            return NoNode;
        }

        if (info.Type != FileEntryType.Directory)
        {
            _session.AddError(directory.Path, "is not a directory, so the paths below it do not exist");
            return NoNode;
        }

        var previousNodes = await _walker.LoadPreviousAsync(previous, cancellationToken).ConfigureAwait(false);
        var children = await VisitChildrenAsync(directory, previousNodes, cancellationToken).ConfigureAwait(false);
        return _walker.CompleteDirectoryAsync(directory.Name, info, previous, children, previousNodes, cancellationToken);
    }
}
