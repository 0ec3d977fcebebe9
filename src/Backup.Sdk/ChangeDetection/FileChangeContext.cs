using System.Runtime.Versioning;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.ChangeDetection;

/// <summary>One file that a <see cref="IChangeDetector"/> is asked about.</summary>
[SupportedOSPlatform("linux")]
public sealed class FileChangeContext
{
    private readonly DirectoryHandle? _directory;
    private readonly byte[]? _name;

    /// <summary>Creates a context for a file in an open directory.</summary>
    /// <param name="path">The file's absolute path, for messages (invalid UTF-8 shown as <c>\xNN</c>).</param>
    /// <param name="current">What <c>lstat</c> reports now.</param>
    /// <param name="previous">The node of the same path in the parent snapshot, or <see langword="null"/> when there is none.</param>
    /// <param name="directory">The open directory holding the file, or <see langword="null"/> when the file cannot be opened (tests).</param>
    /// <param name="name">The file's name in <paramref name="directory"/>.</param>
    public FileChangeContext(string path, FileEntryInfo current, TreeNode? previous, DirectoryHandle? directory = null, byte[]? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(current);
        if ((directory is null) != (name is null))
        {
            throw new ArgumentException("Give both the directory and the name, or neither.", nameof(name));
        }

        Path = path;
        Current = current;
        Previous = previous;
        _directory = directory;
        _name = name;
    }

    /// <summary>The file's absolute path, for messages. Not for I/O: it may exceed <c>PATH_MAX</c> or hold invalid UTF-8.</summary>
    public string Path { get; }

    /// <summary>What the file system reports now (<c>lstat</c>).</summary>
    public FileEntryInfo Current { get; }

    /// <summary>The file's node in the parent snapshot, or <see langword="null"/> when the parent has no file at this path.</summary>
    public TreeNode? Previous { get; }

    /// <summary>Opens the file for reading (relative to its directory, never following a symbolic link). Dispose the handle.</summary>
    /// <returns>The handle.</returns>
    /// <exception cref="InvalidOperationException">The context was made without a directory.</exception>
    /// <exception cref="FileSystemEntryException">The file cannot be opened.</exception>
    public SafeFileHandle OpenFile() =>
        _directory is null || _name is null
            ? throw new InvalidOperationException("This context has no directory to open the file from.")
            : _directory.OpenFile(_name);
}
