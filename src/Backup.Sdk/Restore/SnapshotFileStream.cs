using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Restore;

/// <summary>
/// A read-only stream of one file of a snapshot: its blobs read, authenticated and decompressed one at a time (the next one
/// fetched while the current one is consumed), holes of a sparse file as zeros. Its length is the node's size. It reports
/// itself seekable so that <see cref="System.Formats.Tar.TarWriter"/> takes its length, but it seeks only to where it is
/// or back to the start (which reads again from the first blob).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SnapshotFileStream : Stream
{
    private readonly BlobStore _blobs;
    private readonly TreeNode _node;
    private readonly string _path;
    private readonly IReadOnlyList<FileDataRegion> _ranges;
    private readonly IReadOnlyList<ContentId> _content;
    private long _position;
    private int _range;
    private int _nextBlob;
    private RentedBlob? _blob;
    private int _blobOffset;
    private Task<RentedBlob>? _ahead;

    public SnapshotFileStream(BlobStore blobs, TreeNode node, string path)
    {
        _blobs = blobs;
        _node = node;
        _path = path;
        try
        {
            _ranges = FileContent.RangesOf(node);
        }
        catch (ContentMismatchException ex)
        {
            throw new CorruptObjectException(path, ex.Message);
        }

        _content = node.Content ?? [];
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _node.Size;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the snapshot's content asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= _node.Size)
        {
            if (_position >= _node.Size)
            {
                await EnsureFullyConsumedAsync().ConfigureAwait(false);
            }

            return 0;
        }

        while (_range < _ranges.Count && _position >= _ranges[_range].Offset + _ranges[_range].Length)
        {
            _range++;
        }

        var holeEnd = _range < _ranges.Count ? _ranges[_range].Offset : _node.Size;
        if (_position < holeEnd)
        {
            var zeros = (int)Math.Min(buffer.Length, holeEnd - _position);
            buffer.Span[..zeros].Clear();
            _position += zeros;
            return zeros;
        }

        if (_blob is null || _blobOffset == _blob.Length)
        {
            await NextBlobAsync(cancellationToken).ConfigureAwait(false);
        }

        var regionEnd = _ranges[_range].Offset + _ranges[_range].Length;
        var take = (int)Math.Min(Math.Min(buffer.Length, regionEnd - _position), _blob!.Length - _blobOffset);
        _blob.Memory.Span.Slice(_blobOffset, take).CopyTo(buffer.Span);
        _blobOffset += take;
        _position += take;
        return take;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _node.Size + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target == _position)
        {
            return _position;
        }

        if (target != 0)
        {
            throw new NotSupportedException("The content of a snapshot's file is read in order: it can seek only to where it is or back to the start.");
        }

        Restart();
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Restart();
        }

        base.Dispose(disposing);
    }

    private async Task NextBlobAsync(CancellationToken cancellationToken)
    {
        _blob?.Dispose();
        _blob = null;
        if (_nextBlob >= _content.Count)
        {
            throw new CorruptObjectException(_path, $"the content is shorter than the file's size ({_node.Size}) or data regions");
        }

        var pending = _ahead ?? _blobs.ReadRentedAsync(BlobType.Data, _content[_nextBlob], cancellationToken);
        _ahead = null;
        _nextBlob++;
        _blob = await pending.ConfigureAwait(false);
        _blobOffset = 0;
        if (_nextBlob < _content.Count)
        {
            _ahead = _blobs.ReadRentedAsync(BlobType.Data, _content[_nextBlob], CancellationToken.None);
        }
    }

    private async Task EnsureFullyConsumedAsync()
    {
        var leftInBlob = _blob is null ? 0 : _blob.Length - _blobOffset;
        if (leftInBlob > 0 || _nextBlob < _content.Count)
        {
            // A blob left over means the content is longer than the size says; read nothing more.
            if (_ahead is { } ahead)
            {
                _ahead = null;
                (await ahead.ConfigureAwait(false)).Dispose();
            }

            throw new CorruptObjectException(_path, $"the content is longer than the file's size ({_node.Size}) or data regions");
        }
    }

    private void Restart()
    {
        _blob?.Dispose();
        _blob = null;
        if (_ahead is { } ahead)
        {
            _ahead = null;
            ahead.ContinueWith(static t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _position = 0;
        _range = 0;
        _nextBlob = 0;
        _blobOffset = 0;
    }
}
