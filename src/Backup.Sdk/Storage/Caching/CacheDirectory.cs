using System.IO.Abstractions;

namespace Backup.Sdk.Storage.Caching;

/// <summary>
/// The files of one repository's cache. Every failure of the cache's own file system (missing, unreadable, full disk,
/// a file that another process is replacing) is a miss or a skipped write, never an error: the repository stays the truth.
/// </summary>
internal sealed class CacheDirectory(IFileSystem fileSystem, string root)
{
    private const string TempPrefix = ".tmp-";

    public string Root => root;

    public string PathOf(string relative) => fileSystem.Path.Combine(root, relative.Replace('/', fileSystem.Path.DirectorySeparatorChar));

    /// <summary>The file's bytes, or <see langword="null"/> when it cannot be read.</summary>
    public async Task<byte[]?> TryReadAsync(string relative, CancellationToken cancellationToken)
    {
        try
        {
            return await fileSystem.File.ReadAllBytesAsync(PathOf(relative), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes a file atomically: to a temporary file in the same directory, then renamed over the name, so that another
    /// process reading the cache sees the whole file or none (a torn file would still fail verification).
    /// </summary>
    public async Task TryWriteAsync(string relative, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(relative);
        var directory = fileSystem.Path.GetDirectoryName(path)!;
        var temp = fileSystem.Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            fileSystem.Directory.CreateDirectory(directory);
            await using (var stream = fileSystem.File.Create(temp))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }

            fileSystem.File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temp);
            throw;
        }
    }

    public void TryDelete(string relativeOrFull)
    {
        try
        {
            var path = fileSystem.Path.IsPathRooted(relativeOrFull) ? relativeOrFull : PathOf(relativeOrFull);
            if (fileSystem.Directory.Exists(path))
            {
                fileSystem.Directory.Delete(path, recursive: true);
            }
            else
            {
                fileSystem.File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process removed or holds it; a stale entry is only ever a miss.
        }
    }

    /// <summary>Deletes the entries (files or directories) of a folder whose names <paramref name="keep"/> rejects.</summary>
    public void Evict(string folder, Func<string, bool> keep)
    {
        var path = PathOf(folder);
        string[] entries;
        try
        {
            entries = fileSystem.Directory.GetFileSystemEntries(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            var name = fileSystem.Path.GetFileName(entry);
            // Temporary files of a write in progress (here or in another process) are left to their writer.
            if (!name.StartsWith(TempPrefix, StringComparison.Ordinal) && !keep(name))
            {
                TryDelete(entry);
            }
        }
    }
}
