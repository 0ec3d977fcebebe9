using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository;

/// <summary>How a snapshot was taken. Whatever its level, every snapshot restores on its own.</summary>
public enum BackupLevel
{
    /// <summary>Every file was read; no parent was used for change detection.</summary>
    [JsonStringEnumMemberName("full")]
    Full = 0,

    /// <summary>Files unchanged since the newest snapshot of the same host and paths were taken from it.</summary>
    [JsonStringEnumMemberName("incremental")]
    Incremental = 1,

    /// <summary>Files unchanged since the newest full snapshot of the same host and paths were taken from it.</summary>
    [JsonStringEnumMemberName("differential")]
    Differential = 2,
}
