using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Tests.Backups;

/// <summary>The real file system calls, with hooks that make an entry fail, change while read, or sit on another device.</summary>
[SupportedOSPlatform("linux")]
internal sealed class TestSourceAccess : IBackupSourceAccess
{
    private readonly LinuxBackupSourceAccess _real = LinuxBackupSourceAccess.Instance;

    public Func<string, bool> FailOpen { get; init; } = _ => false;

    public Func<string, ulong?> DeviceOverride { get; init; } = _ => null;

    public Action<DirectoryHandle, byte[], int>? AfterChunk { get; init; }

    public int ChunksSaved => _chunks;

    private int _chunks;

    public FileEntryInfo GetInfo(DirectoryHandle directory, byte[] name)
    {
        var info = _real.GetInfo(directory, name);
        return DeviceOverride(Name(name)) is { } device ? info with { DeviceId = device } : info;
    }

    public SafeFileHandle OpenFile(DirectoryHandle directory, byte[] name) =>
        FailOpen(Name(name))
            ? throw new FileSystemEntryException("openat", UnixPath.ToDisplayString(name), 13)
            : _real.OpenFile(directory, name);

    public DirectoryHandle OpenDirectory(DirectoryHandle directory, byte[] name) => _real.OpenDirectory(directory, name);

    public IReadOnlyList<FileRegion> GetDataRegions(SafeFileHandle file) => _real.GetDataRegions(file);

    public void ChunkSaved(DirectoryHandle directory, byte[] name, int chunkIndex)
    {
        Interlocked.Increment(ref _chunks);
        AfterChunk?.Invoke(directory, name, chunkIndex);
    }

    private static string Name(byte[] name) => UnixPath.ToDisplayString(name);
}
