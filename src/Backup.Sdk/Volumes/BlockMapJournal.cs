using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Volumes;

/// <summary>
/// An append-only file of block map entries, 24 bytes each: <c>u64 block ‖ i64 slot ‖ u32 CRC-32 of the 16 bytes before
/// ‖ u32 magic "BMJ1"</c>. A batch is appended and fsynced before anything that depends on it is written; a record torn by a
/// crash fails its check and, with everything after it, is cut off when the journal is opened. Not thread-safe: callers
/// serialize appends.
/// </summary>
internal sealed class BlockMapJournal : IDisposable
{
    public const int RecordSize = 24;
    private const uint Magic = 0x314A4D42; // "BMJ1" little-endian
    private readonly SafeFileHandle _handle;
    private long _length;

    private BlockMapJournal(SafeFileHandle handle, long length)
    {
        _handle = handle;
        _length = length;
    }

    /// <summary>The number of records.</summary>
    public long Count => _length / RecordSize;

    /// <summary>Opens (or creates) a journal and replays its valid records, in order, into <paramref name="onRecord"/>.</summary>
    public static BlockMapJournal Open(string path, Action<long, long> onRecord)
    {
        var handle = VolumeFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var buffer = new byte[RecordSize * 4096];
            long valid = 0;
            var torn = false;
            while (valid < length && !torn)
            {
                var read = RandomAccess.Read(handle, buffer, valid);
                var whole = read / RecordSize * RecordSize;
                if (whole == 0)
                {
                    break;
                }

                for (var at = 0; at < whole; at += RecordSize)
                {
                    if (!TryDecode(buffer.AsSpan(at, RecordSize), out var block, out var slot))
                    {
                        torn = true;
                        break;
                    }

                    onRecord(block, slot);
                    valid += RecordSize;
                }
            }

            if (valid != length)
            {
                RandomAccess.SetLength(handle, valid);
                VolumeFiles.Sync(handle);
            }

            return new BlockMapJournal(handle, valid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends the entries and fsyncs: when this returns they survive a crash.</summary>
    public void AppendDurably(ReadOnlySpan<long> blocks, ReadOnlySpan<long> slots)
    {
        var buffer = new byte[blocks.Length * RecordSize];
        for (var i = 0; i < blocks.Length; i++)
        {
            Encode(buffer.AsSpan(i * RecordSize, RecordSize), blocks[i], slots[i]);
        }

        RandomAccess.Write(_handle, buffer, _length);
        VolumeFiles.Sync(_handle);
        _length += buffer.Length;
    }

    /// <summary>Empties the journal (after its content was checkpointed elsewhere).</summary>
    public void Truncate()
    {
        RandomAccess.SetLength(_handle, 0);
        VolumeFiles.Sync(_handle);
        _length = 0;
    }

    public void Dispose() => _handle.Dispose();

    private static void Encode(Span<byte> record, long block, long slot)
    {
        BinaryPrimitives.WriteInt64LittleEndian(record, block);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], slot);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], Crc32.HashToUInt32(record[..16]));
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], Magic);
    }

    private static bool TryDecode(ReadOnlySpan<byte> record, out long block, out long slot)
    {
        block = BinaryPrimitives.ReadInt64LittleEndian(record);
        slot = BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(record[20..]) == Magic
            && BinaryPrimitives.ReadUInt32LittleEndian(record[16..]) == Crc32.HashToUInt32(record[..16]);
    }
}
