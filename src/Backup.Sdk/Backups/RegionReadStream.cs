using System.IO.Hashing;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Backups;

/// <summary>
/// A read-only stream over the data regions of a file, back to back, read with positioned reads (holes are never read).
/// Each region is read to its end or to the end of the file, whichever comes first; <see cref="ReadRegions"/> gives the
/// ranges actually read, which is what the snapshot records. Counts the bytes read, and hashes the logical content as it
/// goes (XXH3-128, holes as zeros), so that the checksum costs no second pass over the file.
/// </summary>
internal sealed class RegionReadStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly IReadOnlyList<FileRegion> _regions;
    private static readonly byte[] Zeros = new byte[64 * 1024];
    private readonly List<FileDataRegion> _read = [];
    private readonly XxHash128 _checksum = new();
    private long _hashedTo;
    private int _index;
    private long _offsetInRegion;

    public RegionReadStream(SafeFileHandle file, IReadOnlyList<FileRegion> regions)
    {
        _file = file;
        _regions = regions;
    }

    public long BytesRead { get; private set; }

    public IReadOnlyList<FileDataRegion> ReadRegions => _read;

    /// <summary>The XXH3-128 of the logical content up to <paramref name="logicalSize"/> (a hole at the end as zeros), as hex.</summary>
    public string FinishChecksum(long logicalSize)
    {
        AppendZeros(logicalSize);
        return ContentChecksum.ToHex(_checksum);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_index < _regions.Count && !buffer.IsEmpty)
        {
            var region = _regions[_index];
            var left = region.Length - _offsetInRegion;
            var read = left <= 0 ? 0 : RandomAccess.Read(_file, buffer[..(int)Math.Min(buffer.Length, left)], region.Offset + _offsetInRegion);
            if (read == 0)
            {
                NextRegion();
                continue;
            }

            AppendZeros(region.Offset + _offsetInRegion);
            _checksum.Append(buffer[..read]);
            _hashedTo += read;
            _offsetInRegion += read;
            BytesRead += read;
            return read;
        }

        return 0;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Hashes the hole between what was hashed and <paramref name="offset"/> as zeros.</summary>
    private void AppendZeros(long offset)
    {
        while (_hashedTo < offset)
        {
            var length = (int)Math.Min(Zeros.Length, offset - _hashedTo);
            _checksum.Append(Zeros.AsSpan(0, length));
            _hashedTo += length;
        }
    }

    private void NextRegion()
    {
        if (_offsetInRegion > 0)
        {
            _read.Add(new FileDataRegion(_regions[_index].Offset, _offsetInRegion));
        }

        _index++;
        _offsetInRegion = 0;
    }
}
