using System.IO.Abstractions;
using System.Runtime.CompilerServices;

namespace Backup.Sdk.Storage.Local;

/// <content>Listing: a walk of the directories under the prefix that skips the backend's own dot-names.</content>
public sealed partial class LocalStorageBackend
{
    /// <inheritdoc />
    /// <remarks>Directories are read synchronously, one at a time, as the listing is consumed (file systems offer no
    /// asynchronous enumeration); objects are returned in no particular order.</remarks>
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var startName = lastSlash < 0 ? string.Empty : prefix[..lastSlash];
        var pending = new Stack<string>();
        pending.Push(startName);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directoryName = pending.Pop();
            var entries = ReadDirectory(directoryName, prefix);
            foreach (var subdirectory in entries.Subdirectories)
            {
                pending.Push(subdirectory);
            }

            foreach (var file in entries.Files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return file;
            }
        }
    }

    private (List<StorageObjectInfo> Files, List<string> Subdirectories) ReadDirectory(string directoryName, string prefix)
    {
        var files = new List<StorageObjectInfo>();
        var subdirectories = new List<string>();
        var directoryPath = directoryName.Length == 0 ? _root : ToPath(directoryName);
        try
        {
            foreach (var entry in _fileSystem.DirectoryInfo.New(directoryPath).EnumerateFileSystemInfos())
            {
                var name = directoryName.Length == 0 ? entry.Name : directoryName + "/" + entry.Name;
                if (entry.Name.StartsWith('.') || !StorageNames.IsValid(name))
                {
                    continue; // the backend's own files, and files no object name maps to
                }

                if (entry is IFileInfo file)
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        files.Add(new StorageObjectInfo(name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
                    }
                }
                else if ((entry.Attributes & FileAttributes.ReparsePoint) == 0 && IsRelevant(name + "/", prefix))
                {
                    subdirectories.Add(name); // linked directories are skipped: they could loop, and are not ours
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was stored under this directory yet, or it went away while listing: no objects here.
        }
        catch (Exception e) when (LocalStorageErrors.Map(e, "list", directoryName.Length == 0 ? prefix : directoryName, Location, missingMeansNotFound: false) is { } mapped)
        {
            throw mapped;
        }

        return (files, subdirectories);
    }

    private static bool IsRelevant(string directoryPrefix, string prefix) =>
        directoryPrefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(directoryPrefix, StringComparison.Ordinal);
}
