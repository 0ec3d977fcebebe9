using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Sources.FileSystem;

/// <content>Opening files and their sparse layout.</content>
public sealed partial class LinuxFileSystemMetadata
{
    private const string HandleDescription = "(open file)";

    /// <inheritdoc />
    public SafeFileHandle OpenFile(string path) => OpenFile(UnixPath.Encode(path));

    /// <inheritdoc />
    public SafeFileHandle OpenFile(ReadOnlySpan<byte> path) =>
        new(UnixCalls.Open(null, path, LibC.ORdOnly | LibC.ONoFollow, 0), ownsHandle: true);

    /// <inheritdoc />
    public SafeFileHandle CreateFile(string path, UnixFileMode mode) => CreateFile(UnixPath.Encode(path), mode);

    /// <inheritdoc />
    public SafeFileHandle CreateFile(ReadOnlySpan<byte> path, UnixFileMode mode) =>
        new(UnixCalls.Open(null, path, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow, mode), ownsHandle: true);

    /// <inheritdoc />
    public IEnumerable<FileRegion> GetDataRegions(SafeFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return DataRegions(file, RandomAccess.GetLength(file));
    }

    /// <inheritdoc />
    public void SetLength(SafeFileHandle file, long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        while (LibC.FTruncate(file, length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.Eintr)
            {
                throw UnixErrors.Create("ftruncate", HandleDescription, errno);
            }
        }
    }

    private static IEnumerable<FileRegion> DataRegions(SafeFileHandle file, long length)
    {
        var position = 0L;
        while (position < length)
        {
            var data = LibC.LSeek(file, position, LibC.SeekData);
            if (data < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.Enxio)
                {
                    yield break; // only a hole from here to the end
                }

                if (position == 0 && errno is LibC.Einval or LibC.Eopnotsupp)
                {
                    yield return new FileRegion(0, length); // the file system cannot tell: all data
                    yield break;
                }

                throw UnixErrors.Create("lseek(SEEK_DATA)", HandleDescription, errno);
            }

            var hole = LibC.LSeek(file, data, LibC.SeekHole);
            if (hole < 0)
            {
                throw UnixErrors.Create("lseek(SEEK_HOLE)", HandleDescription, Marshal.GetLastPInvokeError());
            }

            // The file may have changed length since it was measured; report no more than that length.
            var end = Math.Min(hole, length);
            if (end > data)
            {
                yield return new FileRegion(data, end - data);
            }

            position = Math.Max(hole, data + 1);
        }
    }
}
