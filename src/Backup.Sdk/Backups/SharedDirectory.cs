using System.Runtime.Versioning;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>
/// An open directory shared by the walker and the file jobs queued from it, closed when the last of them is done. A
/// <see cref="System.Runtime.InteropServices.SafeHandle"/> cannot be used after <c>Dispose</c> even while referenced, so
/// the count lives here.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SharedDirectory
{
    private int _references = 1;

    public SharedDirectory(DirectoryHandle handle)
    {
        Handle = handle;
    }

    public DirectoryHandle Handle { get; }

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Handle.Dispose();
        }
    }
}
