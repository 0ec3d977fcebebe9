using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>The counters of a backup run, stored with its snapshot.</summary>
public sealed class SnapshotSummary
{
    /// <summary>When the backup started.</summary>
    [JsonPropertyName("backupStart")]
    public DateTimeOffset BackupStart { get; init; }

    /// <summary>When the backup ended.</summary>
    [JsonPropertyName("backupEnd")]
    public DateTimeOffset BackupEnd { get; init; }

    /// <summary>Files not in the parent.</summary>
    [JsonPropertyName("filesNew")]
    public long FilesNew { get; init; }

    /// <summary>Files in the parent whose content or metadata changed.</summary>
    [JsonPropertyName("filesChanged")]
    public long FilesChanged { get; init; }

    /// <summary>Files unchanged since the parent.</summary>
    [JsonPropertyName("filesUnmodified")]
    public long FilesUnmodified { get; init; }

    /// <summary>Directories not in the parent.</summary>
    [JsonPropertyName("dirsNew")]
    public long DirsNew { get; init; }

    /// <summary>Directories in the parent that changed.</summary>
    [JsonPropertyName("dirsChanged")]
    public long DirsChanged { get; init; }

    /// <summary>Directories unchanged since the parent.</summary>
    [JsonPropertyName("dirsUnmodified")]
    public long DirsUnmodified { get; init; }

    /// <summary>Bytes stored after deduplication and compression (blob records and pack overhead).</summary>
    [JsonPropertyName("dataAdded")]
    public long DataAdded { get; init; }

    /// <summary>Blobs added to the repository.</summary>
    [JsonPropertyName("blobsAdded")]
    public long BlobsAdded { get; init; }

    /// <summary>Files in the snapshot.</summary>
    [JsonPropertyName("totalFilesProcessed")]
    public long TotalFilesProcessed { get; init; }

    /// <summary>Bytes of file content in the snapshot.</summary>
    [JsonPropertyName("totalBytesProcessed")]
    public long TotalBytesProcessed { get; init; }

    /// <summary>Bytes actually read from the source (unchanged files taken from the parent are not read).</summary>
    [JsonPropertyName("bytesRead")]
    public long BytesRead { get; init; }

    /// <summary>Source entries that could not be read and were skipped.</summary>
    [JsonPropertyName("errorCount")]
    public long ErrorCount { get; init; }
}
