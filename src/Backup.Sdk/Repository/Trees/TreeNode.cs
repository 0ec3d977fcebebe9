using System.Text;
using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Trees;

/// <summary>What kind of file system entry a <see cref="TreeNode"/> describes.</summary>
public enum NodeType
{
    /// <summary>A regular file.</summary>
    [JsonStringEnumMemberName("file")]
    File = 0,

    /// <summary>A directory; its listing is the <see cref="TreeNode.Subtree"/>.</summary>
    [JsonStringEnumMemberName("dir")]
    Directory = 1,

    /// <summary>A symbolic link, stored and never followed.</summary>
    [JsonStringEnumMemberName("symlink")]
    Symlink = 2,

    /// <summary>A block device.</summary>
    [JsonStringEnumMemberName("dev")]
    BlockDevice = 3,

    /// <summary>A character device.</summary>
    [JsonStringEnumMemberName("chardev")]
    CharDevice = 4,

    /// <summary>A named pipe.</summary>
    [JsonStringEnumMemberName("fifo")]
    Fifo = 5,

    /// <summary>A socket.</summary>
    [JsonStringEnumMemberName("socket")]
    Socket = 6,
}

/// <summary>One entry of a directory listing, with its metadata and content.</summary>
public sealed class TreeNode
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The name when it is valid UTF-8; otherwise <see langword="null"/> and <see cref="NameBytes"/> holds it.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The raw name bytes when they are not valid UTF-8 (names on Unix are bytes, not text).</summary>
    [JsonPropertyName("nameBytes")]
    public byte[]? NameBytes { get; init; }

    /// <summary>The entry type.</summary>
    [JsonPropertyName("type")]
    public NodeType Type { get; init; }

    /// <summary>Unix permission bits and file type bits (st_mode).</summary>
    [JsonPropertyName("mode")]
    public uint Mode { get; init; }

    /// <summary>The owner's user id.</summary>
    [JsonPropertyName("uid")]
    public uint Uid { get; init; }

    /// <summary>The owner's group id.</summary>
    [JsonPropertyName("gid")]
    public uint Gid { get; init; }

    /// <summary>The owner's user name, where known.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>The owner's group name, where known.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>Modification time in nanoseconds since the Unix epoch.</summary>
    [JsonPropertyName("mtime")]
    public long ModificationTimeNs { get; init; }

    /// <summary>Status change time in nanoseconds since the Unix epoch.</summary>
    [JsonPropertyName("ctime")]
    public long ChangeTimeNs { get; init; }

    /// <summary>Access time in nanoseconds since the Unix epoch.</summary>
    [JsonPropertyName("atime")]
    public long AccessTimeNs { get; init; }

    /// <summary>Size in bytes (files; the logical size of sparse files).</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The inode number (hard link detection, change detection).</summary>
    [JsonPropertyName("inode")]
    public ulong Inode { get; init; }

    /// <summary>The device the entry lives on.</summary>
    [JsonPropertyName("deviceId")]
    public ulong DeviceId { get; init; }

    /// <summary>The number of hard links.</summary>
    [JsonPropertyName("links")]
    public ulong Links { get; init; }

    /// <summary>For devices: the device number (st_rdev).</summary>
    [JsonPropertyName("rdev")]
    public ulong RDev { get; init; }

    /// <summary>For symlinks: the target as text when valid UTF-8.</summary>
    [JsonPropertyName("linkTarget")]
    public string? LinkTarget { get; init; }

    /// <summary>For symlinks: the raw target bytes when not valid UTF-8.</summary>
    [JsonPropertyName("linkTargetBytes")]
    public byte[]? LinkTargetBytes { get; init; }

    /// <summary>For files: the data blobs that make up the content, in order.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ContentId>? Content { get; init; }

    /// <summary>
    /// For sparse files: the byte ranges that hold data, in order; everything else up to <see cref="Size"/> is a hole.
    /// <see cref="Content"/> then holds the data regions' bytes back to back. Absent for files without holes.
    /// </summary>
    [JsonPropertyName("dataRegions")]
    public IReadOnlyList<FileDataRegion>? DataRegions { get; init; }

    /// <summary>For directories: the tree blob of the directory's listing.</summary>
    [JsonPropertyName("subtree")]
    public ContentId? Subtree { get; init; }

    /// <summary>A fast hash of the whole content (XXH3-128, hex), for checksum change detection.</summary>
    [JsonPropertyName("checksum")]
    public string? Checksum { get; init; }

    /// <summary>The name as raw bytes, whichever way it is stored.</summary>
    [JsonIgnore]
    public byte[] RawName => NameBytes ?? Encoding.UTF8.GetBytes(Name ?? "");

    /// <summary>Creates the name fields from raw bytes: text when the bytes are valid UTF-8, bytes otherwise.</summary>
    public static (string? Name, byte[]? NameBytes) EncodeName(ReadOnlySpan<byte> raw)
    {
        try
        {
            return (StrictUtf8.GetString(raw), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, raw.ToArray());
        }
    }
}

/// <summary>A byte range of a sparse file that holds data.</summary>
/// <param name="Offset">The start of the range.</param>
/// <param name="Length">The length of the range.</param>
public readonly record struct FileDataRegion(
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("length")] long Length);
