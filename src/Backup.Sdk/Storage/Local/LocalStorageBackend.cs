using System.IO.Abstractions;

namespace Backup.Sdk.Storage.Local;

/// <summary>
/// An <see cref="IStorageBackend"/> over a directory: each object is a file under the root, with <c>/</c> in names mapped to
/// subdirectories (<c>data/ab/abcd</c> is <c>&lt;root&gt;/data/ab/abcd</c>). Works through <see cref="IFileSystem"/>, so
/// tests can run it on a mock file system.
/// </summary>
/// <remarks>
/// <para>A put writes the content to a temporary file under <c>&lt;root&gt;/.tmp/</c> (the same file system), flushes it to
/// the device, and only then renames it into place, so a crash or a cancellation never leaves part of an object under
/// its final name; the temporary file is removed when the put fails or is cancelled (a crash can leave one behind, which
/// no listing returns; it is safe to delete files in <c>.tmp</c> older than any running put). <see cref="PutMode.CreateOnly"/>
/// is atomic against racing writers in any process on local file systems and NFS (it uses <c>link(2)</c> on Unix and a
/// non-replacing move on Windows); on file systems without hard links, it is atomic only among writers in this process.</para>
/// <para>Names starting with <c>.</c> are never objects (see <see cref="StorageNames"/>), which keeps the backend's own files
/// apart. A file system cannot hold both a file <c>a</c> and a directory <c>a</c>, so an object name cannot also be a
/// directory prefix of another (the repository format never does this). On case-insensitive file systems, names that
/// differ only in case refer to one object.</para>
/// </remarks>
public sealed partial class LocalStorageBackend : IStorageBackend
{
    private const string TempDirectoryName = ".tmp";
    private const int WriteChunkSize = 1 << 20;

    private readonly IFileSystem _fileSystem;
    private readonly string _root;
    private readonly string _tempDirectory;
    private readonly bool _flushToDisk;

    /// <summary>Creates a backend rooted at <paramref name="rootPath"/>; the directory is created on the first put.</summary>
    /// <param name="fileSystem">The file system to use (<see cref="FileSystem"/> for the real one).</param>
    /// <param name="rootPath">The root directory.</param>
    public LocalStorageBackend(IFileSystem fileSystem, string rootPath)
        : this(fileSystem, new LocalStorageOptions { Path = rootPath })
    {
    }

    /// <summary>Creates a backend from options; the root directory is created on the first put.</summary>
    /// <param name="fileSystem">The file system to use (<see cref="FileSystem"/> for the real one).</param>
    /// <param name="options">Where the store lives and how it writes.</param>
    public LocalStorageBackend(IFileSystem fileSystem, LocalStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        _fileSystem = fileSystem;
        _root = fileSystem.Path.TrimEndingDirectorySeparator(fileSystem.Path.GetFullPath(options.Path));
        _tempDirectory = fileSystem.Path.Combine(_root, TempDirectoryName);
        _flushToDisk = options.FlushToDisk;
    }

    /// <inheritdoc />
    public string Location => _root;

    /// <inheritdoc />
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        PutCoreAsync(name, (file, token) => WriteInChunksAsync(file, content, token), mode, cancellationToken);

    /// <inheritdoc />
    public Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        StorageStreams.RemainingLength(content);
        return PutCoreAsync(name, (file, token) => content.CopyToAsync(file, WriteChunkSize, token), mode, cancellationToken);
    }

    /// <summary>Writes the content into a temporary file with <paramref name="write"/>, then moves it into place.</summary>
    private async Task PutCoreAsync(string name, Func<Stream, CancellationToken, Task> write, PutMode mode, CancellationToken cancellationToken)
    {
        var finalPath = ToPath(name);
        if (mode is not (PutMode.Overwrite or PutMode.CreateOnly))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown put mode.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var tempPath = _fileSystem.Path.Combine(_tempDirectory, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            _fileSystem.Directory.CreateDirectory(_tempDirectory);
            await WriteFileAsync(tempPath, write, cancellationToken).ConfigureAwait(false);
            _fileSystem.Directory.CreateDirectory(_fileSystem.Path.GetDirectoryName(finalPath)!);
            if (_fileSystem.Directory.Exists(finalPath))
            {
                throw new StorageUnavailableException(
                    $"Cannot write object '{name}' in '{Location}': a directory of that name holds other objects.", isTransient: false);
            }

            // The last point where cancelling leaves nothing behind; after the rename the object exists.
            cancellationToken.ThrowIfCancellationRequested();
            if (mode == PutMode.Overwrite)
            {
                _fileSystem.File.Move(tempPath, finalPath, overwrite: true);
            }
            else if (!NoReplaceMove.TryMove(_fileSystem, tempPath, finalPath))
            {
                throw new ObjectAlreadyExistsException(name);
            }
        }
        catch (Exception e) when (LocalStorageErrors.Map(e, "write", name, Location, missingMeansNotFound: false) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            DeleteTempFile(tempPath);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ToPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var stream = OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[stream.Length];
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer;
            }
        }
        catch (Exception e) when (MapRead(e, path, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var path = ToPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var stream = OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var length = stream.Length;
                if (offset < 0 || offset > length - destination.Length)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(offset), offset, $"Range {offset}+{destination.Length} lies outside object '{name}' of {length} bytes.");
                }

                stream.Position = offset;
                await stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (MapRead(e, path, name) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ToPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var info = _fileSystem.FileInfo.New(path);
            StorageObjectInfo? result = info.Exists
                ? new StorageObjectInfo(name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero))
                : null;
            return Task.FromResult(result);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted between the existence check and reading its length.
            return Task.FromResult<StorageObjectInfo?>(null);
        }
        catch (Exception e) when (LocalStorageErrors.Map(e, "stat", name, Location, missingMeansNotFound: false) is { } mapped)
        {
            return Task.FromException<StorageObjectInfo?>(mapped);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ToPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _fileSystem.File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The parent directory is missing, so the object is too: deleting a missing object succeeds.
        }
        catch (UnauthorizedAccessException) when (_fileSystem.Directory.Exists(path))
        {
            // A directory holding other objects is not an object of this name.
        }
        catch (Exception e) when (LocalStorageErrors.Map(e, "delete", name, Location, missingMeansNotFound: false) is { } mapped)
        {
            return Task.FromException(mapped);
        }

        return Task.CompletedTask;
    }

    private string ToPath(string name)
    {
        StorageNames.Validate(name);
        var path = _fileSystem.Path.Combine(_root, name.Replace('/', _fileSystem.Path.DirectorySeparatorChar));

        // Valid names cannot climb out of the root; this guards the mapping itself.
        if (!path.StartsWith(_root + _fileSystem.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' does not map to a path under '{_root}'.", nameof(name));
        }

        return path;
    }

    private FileSystemStream OpenRead(string path) =>
        _fileSystem.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);

    private Exception? MapRead(Exception exception, string path, string name)
    {
        // Opening a directory is refused; a directory is not an object.
        if (exception is UnauthorizedAccessException && _fileSystem.Directory.Exists(path))
        {
            return new ObjectNotFoundException(name, exception);
        }

        return LocalStorageErrors.Map(exception, "read", name, Location, missingMeansNotFound: true);
    }

    private async Task WriteFileAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var stream = _fileSystem.FileStream.New(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
            if (_flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }
        }
    }

    private static async Task WriteInChunksAsync(Stream file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Chunks keep a large write cancellable: file writes check the token only when they start.
        for (var offset = 0; offset < content.Length; offset += WriteChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = content.Slice(offset, Math.Min(WriteChunkSize, content.Length - offset));
            await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    private void DeleteTempFile(string path)
    {
        try
        {
            _fileSystem.File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the put's own outcome matters more, and a leftover temp file is never listed.
        }
    }
}
