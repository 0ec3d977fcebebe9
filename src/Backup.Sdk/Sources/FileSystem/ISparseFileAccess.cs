using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Sources.FileSystem;

/// <summary>
/// Finds the data and the holes of sparse files, and makes files with holes. To restore a sparse file: create it, set its
/// logical length with <see cref="SetLength"/> (which allocates nothing), then write only the data regions at their
/// offsets (<see cref="RandomAccess.Write(SafeFileHandle, ReadOnlySpan{byte}, long)"/>); every range not written stays a hole.
/// </summary>
public interface ISparseFileAccess
{
    /// <summary>
    /// Lists the ranges of a file that hold data, in order (<c>lseek</c> with <c>SEEK_DATA</c>/<c>SEEK_HOLE</c>). Ranges are
    /// rounded to the file system's block size, so a range may include some zeros around the data. Where the file system
    /// cannot tell holes apart, the whole file is one range. An empty file has none.
    /// </summary>
    /// <param name="file">An open handle to the file. Its file offset is moved; positioned reads and writes are unaffected.</param>
    /// <returns>The data ranges, read lazily.</returns>
    /// <exception cref="FileSystemEntryException">The file system reported an error.</exception>
    IEnumerable<FileRegion> GetDataRegions(SafeFileHandle file);

    /// <summary>Sets a file's logical length (<c>ftruncate</c>): growing it adds a hole, shrinking it drops the data past the end.</summary>
    /// <param name="file">A handle open for writing.</param>
    /// <param name="length">The new length in bytes.</param>
    /// <exception cref="FileSystemEntryException">The length cannot be set.</exception>
    void SetLength(SafeFileHandle file, long length);
}
