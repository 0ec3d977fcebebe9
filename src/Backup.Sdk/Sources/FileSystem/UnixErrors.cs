using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>Turns the errno of a failed call into the SDK's typed exception, naming the entry.</summary>
[SupportedOSPlatform("linux")]
internal static class UnixErrors
{
    /// <summary>Reads errno of the last call: call this first, before any other native call.</summary>
    public static FileSystemEntryException Last(string operation, DirectoryHandle? directory, ReadOnlySpan<byte> path) =>
        Create(operation, Describe(directory, path), Marshal.GetLastPInvokeError());

    public static FileSystemEntryException Create(string operation, string path, int errno) =>
        errno == LibC.Enoent
            ? new FileSystemEntryNotFoundException(operation, path)
            : new FileSystemEntryException(operation, path, errno);

    /// <summary>The entry for messages: the path itself, or the directory's path and the name relative to it.</summary>
    public static string Describe(DirectoryHandle? directory, ReadOnlySpan<byte> path)
    {
        var text = UnixPath.ToDisplayString(path);
        return directory is null ? text
            : text.Length == 0 ? directory.Path
            : directory.Path.EndsWith('/') ? directory.Path + text
            : directory.Path + "/" + text;
    }
}

/// <summary>A directory handle's descriptor for an *at() call, kept alive for the call; <c>AT_FDCWD</c> for a plain path.</summary>
[SupportedOSPlatform("linux")]
internal ref struct DirectoryFd
{
    private readonly DirectoryHandle? _handle;
    private bool _added;

    public DirectoryFd(DirectoryHandle? handle)
    {
        _handle = handle;
        if (handle is null)
        {
            Value = LibC.AtFdCwd;
            return;
        }

        handle.DangerousAddRef(ref _added);
        Value = (int)handle.DangerousGetHandle();
    }

    public int Value { get; }

    public void Dispose()
    {
        if (_added)
        {
            _handle!.DangerousRelease();
            _added = false;
        }
    }
}
