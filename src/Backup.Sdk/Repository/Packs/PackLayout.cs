using System.Buffers.Binary;
using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Repository.Packs;

/// <summary>The fixed parts of a pack file (docs/format.md, "Packs").</summary>
internal static class PackLayout
{
    public const int FormatVersion = 1;
    public const int MagicLength = 8;
    public const int RepositoryIdOffset = 12;
    public const int SaltOffset = 28;
    public const int SaltLength = 32;
    public const int HeaderLength = 60;
    public const int TrailerLength = 4;
    public const int EntryLength = 41;
    public const int TagLength = 16;

    public static ReadOnlySpan<byte> Magic => "BSDKPACK"u8;

    /// <summary>The storage name of a pack: <c>data/&lt;first two hex&gt;/&lt;id&gt;</c>.</summary>
    public static string NameOf(ContentId packId)
    {
        var hex = packId.ToString();
        return string.Concat("data/", hex.AsSpan(0, 2), "/", hex);
    }

    public static void WriteHeader(Span<byte> destination, RepositoryId repositoryId, ReadOnlySpan<byte> salt)
    {
        destination[..HeaderLength].Clear();
        Magic.CopyTo(destination);
        destination[MagicLength] = FormatVersion;
        repositoryId.WriteTo(destination[RepositoryIdOffset..]);
        salt.CopyTo(destination[SaltOffset..]);
    }

    public static void WriteEntry(Span<byte> destination, in PackBlobEntry entry)
    {
        destination[0] = (byte)entry.Type;
        entry.Id.WriteTo(destination[1..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[33..], entry.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[37..], entry.Length);
    }

    public static PackBlobEntry ReadEntry(ReadOnlySpan<byte> source) => new(
        (BlobType)source[0],
        new ContentId(source.Slice(1, ContentId.Size)),
        BinaryPrimitives.ReadUInt32LittleEndian(source[33..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[37..]));
}
