using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Restore;

/// <summary>
/// An open directory shared by the walker and the writers of the files in it: closed when the last of them lets go, so a
/// writer can still set its file's metadata by name after the walker has left the directory. An explicit count, so the
/// lifetime does not rest on the finer points of <see cref="System.Runtime.InteropServices.SafeHandle.DangerousAddRef"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SharedDirectory(DirectoryHandle handle, bool ownsHandle = true)
{
    private int _references = 1;

    public DirectoryHandle Handle { get; } = handle;

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && ownsHandle)
        {
            Handle.Dispose();
        }
    }
}
