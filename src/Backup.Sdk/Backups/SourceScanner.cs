using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Backups;

/// <summary>
/// Counts the files and bytes a backup will go through, with the walker's rules (excludes, one file system), so that
/// progress can show totals and an estimate of the time left. It runs beside the backup only when a host asks for
/// progress, reads metadata only, and gives up quietly: an entry it cannot read is simply not counted.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SourceScanner
{
    // Deeper trees are still backed up; their deepest levels are only left out of the totals.
    private const int MaxDepth = 2048;

    private readonly PathFilter _filter;
    private readonly bool _oneFileSystem;
    private readonly LinuxFileSystemMetadata _metadata = new();

    public SourceScanner(PathFilter filter, bool oneFileSystem)
    {
        _filter = filter;
        _oneFileSystem = oneFileSystem;
    }

    public long Files { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Counts below every backed-up path (a path inside another backed-up path is counted once).</summary>
    public void Scan(SourceRoot root, CancellationToken cancellationToken)
    {
        if (root.IsBackedUp)
        {
            ScanRoot(root.PathBytes, cancellationToken);
            return;
        }

        foreach (var child in root.Children)
        {
            Scan(child, cancellationToken);
        }
    }

    private void ScanRoot(byte[] path, CancellationToken cancellationToken)
    {
        FileEntryInfo info;
        try
        {
            info = _metadata.GetInfo(path);
        }
        catch (FileSystemEntryException)
        {
            return;
        }

        var isDirectory = info.Type == FileEntryType.Directory;
        if (_filter.IsExcluded(path, isDirectory))
        {
            return;
        }

        if (!isDirectory)
        {
            Count(info);
            return;
        }

        try
        {
            using var directory = DirectoryHandle.Open(path);
            ScanDirectory(directory, path, info.DeviceId, depth: 0, cancellationToken);
        }
        catch (FileSystemEntryException)
        {
        }
    }

    private void ScanDirectory(DirectoryHandle directory, byte[] path, ulong rootDevice, int depth, CancellationToken cancellationToken)
    {
        foreach (var entry in directory.EnumerateEntries())
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileEntryInfo info;
            try
            {
                info = directory.GetInfo(entry.Name);
            }
            catch (FileSystemEntryException)
            {
                continue;
            }

            var isDirectory = info.Type == FileEntryType.Directory;
            var childPath = UnixPath.Join(path, entry.Name);
            if (_filter.IsEntryExcluded(childPath, isDirectory))
            {
                continue;
            }

            if (!isDirectory)
            {
                Count(info);
                continue;
            }

            if ((_oneFileSystem && info.DeviceId != rootDevice) || depth >= MaxDepth)
            {
                continue;
            }

            try
            {
                using var child = directory.OpenDirectory(entry.Name);
                ScanDirectory(child, childPath, rootDevice, depth + 1, cancellationToken);
            }
            catch (FileSystemEntryException)
            {
            }
        }
    }

    private void Count(FileEntryInfo info)
    {
        if (info.Type == FileEntryType.RegularFile)
        {
            Files++;
            Bytes += info.Size;
        }
    }
}
