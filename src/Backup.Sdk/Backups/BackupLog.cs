using Microsoft.Extensions.Logging;

namespace Backup.Sdk.Backups;

/// <summary>The log events of the backup engine (event ids 3000-3099).</summary>
internal static partial class BackupLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Backup of {PathCount} path(s) started; level {Level}, parent {Parent}")]
    public static partial void Started(ILogger logger, int pathCount, Repository.BackupLevel level, Repository.ContentId? parent);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Source entry {Path}: {Message}")]
    public static partial void EntryError(ILogger logger, string path, string message);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Snapshot {SnapshotId} saved: {Files} files, {DataAdded} bytes added")]
    public static partial void Finished(ILogger logger, Repository.ContentId snapshotId, long files, long dataAdded);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Backup stopped; writing the index of the packs already uploaded")]
    public static partial void Stopped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "A {Level} backup was asked for, but {Reason}")]
    public static partial void LevelFallback(ILogger logger, Repository.BackupLevel level, string reason);
}
