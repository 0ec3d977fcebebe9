using System.Buffers.Binary;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Repository.Index;

/// <summary>The binary plaintext of index files (docs/format.md, "Index").</summary>
internal static class IndexFileCodec
{
    private const int PackHeaderLength = ContentId.Size + PackLayout.SaltLength + 4;

    public static byte[] Encode(IReadOnlyCollection<ContentId> supersedes, IReadOnlyCollection<IndexedPack> packs)
    {
        long length = 4 + ((long)supersedes.Count * ContentId.Size) + 4;
        foreach (var pack in packs)
        {
            length += PackHeaderLength + ((long)pack.Blobs.Count * PackLayout.EntryLength);
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)supersedes.Count);
        var at = 4;
        foreach (var id in supersedes)
        {
            id.WriteTo(span[at..]);
            at += ContentId.Size;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)packs.Count);
        at += 4;
        foreach (var pack in packs)
        {
            pack.Id.WriteTo(span[at..]);
            pack.Salt.CopyTo(span[(at + ContentId.Size)..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + ContentId.Size + PackLayout.SaltLength)..], (uint)pack.Blobs.Count);
            at += PackHeaderLength;
            foreach (var blob in pack.Blobs)
            {
                PackLayout.WriteEntry(span[at..], blob);
                at += PackLayout.EntryLength;
            }
        }

        return bytes;
    }

    /// <exception cref="CorruptObjectException">The content is not a well-formed index.</exception>
    public static IndexFileContents Decode(ReadOnlySpan<byte> bytes, string objectName)
    {
        var reader = new Reader(bytes, objectName);
        var supersedeCount = reader.Count(ContentId.Size);
        var supersedes = new ContentId[supersedeCount];
        for (var i = 0; i < supersedes.Length; i++)
        {
            supersedes[i] = reader.Id();
        }

        var packCount = reader.Count(PackHeaderLength);
        var packs = new IndexedPack[packCount];
        for (var p = 0; p < packs.Length; p++)
        {
            var packId = reader.Id();
            var salt = reader.Bytes(PackLayout.SaltLength).ToArray();
            var blobs = new PackBlobEntry[reader.Count(PackLayout.EntryLength)];
            for (var b = 0; b < blobs.Length; b++)
            {
                var entry = PackLayout.ReadEntry(reader.Bytes(PackLayout.EntryLength));
                if (entry.Type is not (BlobType.Data or BlobType.Tree) || entry.Offset < PackLayout.HeaderLength || entry.Length <= PackLayout.TagLength)
                {
                    throw new CorruptObjectException(objectName, $"entry {b} of pack {packId} is invalid");
                }

                blobs[b] = entry;
            }

            packs[p] = new IndexedPack(packId, salt, blobs);
        }

        return reader.AtEnd ? new IndexFileContents(supersedes, packs) : throw new CorruptObjectException(objectName, "the index has trailing bytes");
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes, string objectName)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public readonly bool AtEnd => _at == _bytes.Length;

        /// <summary>Reads a count and checks that that many items of at least <paramref name="itemSize"/> bytes can follow.</summary>
        public int Count(int itemSize)
        {
            var count = BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));
            return count <= (uint)((_bytes.Length - _at) / itemSize)
                ? (int)count
                : throw new CorruptObjectException(objectName, "the index is truncated or declares too many entries");
        }

        public ContentId Id() => new(Bytes(ContentId.Size));

        public ReadOnlySpan<byte> Bytes(int length)
        {
            if (_bytes.Length - _at < length)
            {
                throw new CorruptObjectException(objectName, "the index is truncated");
            }

            var slice = _bytes.Slice(_at, length);
            _at += length;
            return slice;
        }
    }
}
