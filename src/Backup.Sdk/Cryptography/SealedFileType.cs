namespace Backup.Sdk.Cryptography;

/// <summary>
/// What a sealed file holds (byte 4 of its header). The type is authenticated, so that one kind of file can never be read as
/// another.
/// </summary>
public enum SealedFileType : byte
{
    /// <summary>The repository config (<c>config</c>).</summary>
    Config = 1,

    /// <summary>An index file (<c>index/&lt;id&gt;</c>).</summary>
    Index = 2,

    /// <summary>A snapshot (<c>snapshots/&lt;id&gt;</c>).</summary>
    Snapshot = 3,

    /// <summary>The record of one restore drill (<c>drills/&lt;id&gt;</c>): what was restored, whether it matched, how long it took.</summary>
    DrillRecord = 4,
}
