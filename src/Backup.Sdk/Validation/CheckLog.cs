using Microsoft.Extensions.Logging;

namespace Backup.Sdk.Validation;

/// <summary>The log events of <see cref="RepositoryChecker"/> (event ids 5100–5199).</summary>
internal static partial class CheckLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Checking repository {Location} (read data: {ReadData})")]
    public static partial void Started(ILogger logger, string location, bool readData);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Check found {Kind} {ObjectName}: {Detail}")]
    public static partial void ProblemFound(ILogger logger, CheckProblemKind kind, string objectName, string detail);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Checked {Snapshots} snapshots, {Trees} trees, {Packs} packs, {IndexFiles} index files in {Duration}: {Problems} problems")]
    public static partial void Finished(ILogger logger, long snapshots, long trees, long packs, long indexFiles, TimeSpan duration, int problems);
}
