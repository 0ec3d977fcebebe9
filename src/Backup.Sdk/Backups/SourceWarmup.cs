using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>
/// Reads the metadata of the trees a file backup is about to walk (each directory's listing and each entry's lstat),
/// without keeping anything, so that the walk finds it in the kernel's caches. Meant to run while the repository is being
/// opened: the password's key derivation keeps one core busy for about half a second, during which the listing's disk
/// reads (a cold cache, a scheduled backup) cost nothing. Links are never followed; excluded subtrees and, with
/// <see cref="FileBackupOptions.OneFileSystem"/>, other file systems are not entered. Errors are ignored: the backup
/// reports what it cannot read.
/// </summary>
[SupportedOSPlatform("linux")]
public static class SourceWarmup
{
    /// <summary>Starts reading the metadata below <see cref="FileBackupOptions.Paths"/> on a thread-pool thread.</summary>
    /// <param name="options">The options of the backup to come.</param>
    /// <param name="cancellationToken">Stops the warm-up (cancel it once the backup is done).</param>
    /// <returns>A task that completes when the trees are read or the warm-up is cancelled; it never faults.</returns>
    public static Task RunAsync(FileBackupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = options.Paths.Select(Path.GetFullPath).ToArray();
        var filter = BackupFilter.Create(options);
        var oneFileSystem = options.OneFileSystem;
        return Task.Run(
            () =>
            {
                foreach (var path in paths)
                {
                    WarmTree(path, filter, oneFileSystem, cancellationToken);
                }
            },
            CancellationToken.None);
    }

    private static void WarmTree(string root, Sources.Filtering.PathFilter filter, bool oneFileSystem, CancellationToken cancellationToken)
    {
        DirectoryHandle top;
        try
        {
            top = DirectoryHandle.Open(root);
        }
        catch (FileSystemEntryException)
        {
            return; // not a directory (or unreadable): the backup deals with it
        }

        var device = oneFileSystem ? top.GetInfo().DeviceId : (ulong?)null;
        var pending = new Stack<(DirectoryHandle Handle, string Path)>();
        pending.Push((top, root));
        try
        {
            while (pending.TryPop(out var current))
            {
                using var directory = current.Handle;
                foreach (var entry in directory.EnumerateEntries())
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    FileEntryInfo info;
                    try
                    {
                        info = directory.GetInfo(entry.Name);
                    }
                    catch (FileSystemEntryException)
                    {
                        continue;
                    }

                    if (info.Type != FileEntryType.Directory || (device is { } d && info.DeviceId != d))
                    {
                        continue;
                    }

                    var path = current.Path.EndsWith('/') ? current.Path + UnixPath.ToDisplayString(entry.Name) : current.Path + "/" + UnixPath.ToDisplayString(entry.Name);
                    if (filter.IsExcluded(path, isDirectory: true))
                    {
                        continue;
                    }

                    try
                    {
                        pending.Push((directory.OpenDirectory(entry.Name), path));
                    }
                    catch (FileSystemEntryException)
                    {
                        // Unreadable: skipped here as the backup will report it.
                    }
                }
            }
        }
        catch (FileSystemEntryException)
        {
            // A listing that breaks off (a directory removed meanwhile): the rest is left to the backup.
        }
        finally
        {
            while (pending.TryPop(out var left))
            {
                left.Handle.Dispose();
            }
        }
    }
}
