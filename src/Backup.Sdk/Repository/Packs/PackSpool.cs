using System.IO.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// The temporary file a pack is written into while it fills and until it is uploaded, so that packs being built take disk
/// (page cache) rather than process memory. The file has no name once created (removed at once where the system allows,
/// else when closed), so a crashed process leaves nothing behind. Writes and reads go to explicit offsets; several threads
/// may use it at once. Every I/O failure surfaces as <see cref="TemporaryStorageException"/>.
/// </summary>
internal sealed class PackSpool : IDisposable
{
    /// <summary>Always the real file system: the offsets-based I/O needs a real file handle.</summary>
    private static readonly FileSystem RealFileSystem = new FileSystem();

    private readonly SafeFileHandle _handle;

    private PackSpool(SafeFileHandle handle, string directory)
    {
        _handle = handle;
        Directory = directory;
    }

    /// <summary>The directory the file was created in.</summary>
    public string Directory { get; }

    /// <summary>Creates an empty spool file in <paramref name="directory"/>.</summary>
    /// <exception cref="TemporaryStorageException">It cannot be created.</exception>
    public static PackSpool Create(string directory)
    {
        try
        {
            var path = RealFileSystem.Path.Combine(directory, $"backup-sdk-pack-{Guid.NewGuid():N}.tmp");
            var handle = RealFileSystem.File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    RealFileSystem.File.Delete(path);
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }
            }

            return new PackSpool(handle, directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new TemporaryStorageException(directory, ex);
        }
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="TemporaryStorageException">The write failed (e.g. the disk is full).</exception>
    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        try
        {
            RandomAccess.Write(_handle, data, offset);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TemporaryStorageException(Directory, ex);
        }
    }

    /// <summary>Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/>.</summary>
    /// <exception cref="TemporaryStorageException">The read failed or the file ends before.</exception>
    public void Read(Span<byte> destination, long offset)
    {
        try
        {
            while (!destination.IsEmpty)
            {
                var read = RandomAccess.Read(_handle, destination, offset);
                if (read == 0)
                {
                    throw new EndOfStreamException($"The temporary file ends at {offset}, before the bytes written there.");
                }

                destination = destination[read..];
                offset += read;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TemporaryStorageException(Directory, ex);
        }
    }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many.</summary>
    /// <exception cref="TemporaryStorageException">The read failed.</exception>
    public async ValueTask<int> ReadSomeAsync(Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await RandomAccess.ReadAsync(_handle, destination, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TemporaryStorageException(Directory, ex);
        }
    }

    /// <summary>Closes (and so removes) the file.</summary>
    public void Dispose() => _handle.Dispose();
}

/// <summary>
/// A read-only, seekable view of the first <see cref="Length"/> bytes of a spool file, with a position of its own: what a
/// finished pack hands to <see cref="Storage.IStorageBackend.PutAsync(string, Stream, Storage.PutMode, CancellationToken)"/>.
/// Disposing it leaves the spool open.
/// </summary>
internal sealed class PackSpoolStream(PackSpool spool, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var take = (int)Math.Clamp(length - _position, 0, buffer.Length);
        if (take == 0)
        {
            return 0;
        }

        spool.Read(buffer[..take], _position);
        _position += take;
        return take;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var take = (int)Math.Clamp(length - _position, 0, buffer.Length);
        if (take == 0)
        {
            return 0;
        }

        var read = await spool.ReadSomeAsync(buffer[..take], _position, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new TemporaryStorageException(spool.Directory, new EndOfStreamException($"The temporary file ends at {_position}, before {length}."));
        }

        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
