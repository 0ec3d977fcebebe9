namespace Backup.Sdk.Sources.FileSystem;

/// <summary>The <c>st_mode</c> bit patterns (C# has no octal literals, so they are written in hex).</summary>
internal static class UnixFileModes
{
    public const uint PermissionMask = 0xFFF; // 0o7777
    public const uint TypeMask = 0xF000;      // S_IFMT 0o170000
    public const uint Socket = 0xC000;        // S_IFSOCK
    public const uint SymbolicLink = 0xA000;  // S_IFLNK
    public const uint RegularFile = 0x8000;   // S_IFREG
    public const uint BlockDevice = 0x6000;   // S_IFBLK
    public const uint Directory = 0x4000;     // S_IFDIR
    public const uint CharacterDevice = 0x2000; // S_IFCHR
    public const uint Fifo = 0x1000;          // S_IFIFO

    public static FileEntryType ToEntryType(uint mode) => (mode & TypeMask) switch
    {
        RegularFile => FileEntryType.RegularFile,
        Directory => FileEntryType.Directory,
        SymbolicLink => FileEntryType.SymbolicLink,
        BlockDevice => FileEntryType.BlockDevice,
        CharacterDevice => FileEntryType.CharacterDevice,
        Fifo => FileEntryType.Fifo,
        Socket => FileEntryType.Socket,
        _ => FileEntryType.Unknown,
    };

    /// <summary>Maps a <c>d_type</c> value (DT_*) to an entry type.</summary>
    public static FileEntryType FromDirentType(byte type) => type switch
    {
        1 => FileEntryType.Fifo,
        2 => FileEntryType.CharacterDevice,
        4 => FileEntryType.Directory,
        6 => FileEntryType.BlockDevice,
        8 => FileEntryType.RegularFile,
        10 => FileEntryType.SymbolicLink,
        12 => FileEntryType.Socket,
        _ => FileEntryType.Unknown,
    };
}
