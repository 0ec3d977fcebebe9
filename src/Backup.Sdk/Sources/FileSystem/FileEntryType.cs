namespace Backup.Sdk.Sources.FileSystem;

/// <summary>The kind of a Unix file system entry (the <c>S_IFMT</c> bits of <c>st_mode</c>, or a directory entry's <c>d_type</c>).</summary>
public enum FileEntryType
{
    /// <summary>Not known: a directory entry on a file system that does not report <c>d_type</c>; ask for the entry's info.</summary>
    Unknown = 0,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link.</summary>
    SymbolicLink,

    /// <summary>A block device node.</summary>
    BlockDevice,

    /// <summary>A character device node.</summary>
    CharacterDevice,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}
