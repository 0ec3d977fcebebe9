using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>
/// One point-in-time record of backed-up paths: what was backed up, when, by whom, at which level, and the root tree.
/// Stored as <c>snapshots/&lt;id&gt;</c>, where the id is the SHA-256 of the stored file.
/// </summary>
public sealed class Snapshot
{
    /// <summary>The format version of the snapshot document.</summary>
    [JsonPropertyName("version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Version { get; init; } = 1;

    /// <summary>The id: the SHA-256 of the stored file. Not part of the document; set when saved or loaded.</summary>
    [JsonIgnore]
    public ContentId Id { get; internal set; }

    /// <summary>When the snapshot was taken (the start of the backup), with the offset of the host's time zone.</summary>
    [JsonPropertyName("time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset Time { get; init; }

    /// <summary>The host the data came from.</summary>
    [JsonPropertyName("hostname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Hostname { get; init; } = "";

    /// <summary>The user who ran the backup.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>The backed-up paths, absolute, as given.</summary>
    [JsonPropertyName("paths")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Free-form tags.</summary>
    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The level the backup ran at.</summary>
    [JsonPropertyName("level")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public BackupLevel Level { get; init; }

    /// <summary>The snapshot used for change detection, if any.</summary>
    [JsonPropertyName("parent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ContentId? Parent { get; init; }

    /// <summary>The root tree blob.</summary>
    [JsonPropertyName("tree")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ContentId Tree { get; init; }

    /// <summary>Exclude patterns in effect.</summary>
    [JsonPropertyName("excludes")]
    public IReadOnlyList<string>? Excludes { get; init; }

    /// <summary>The program that wrote the snapshot, e.g. <c>Backup.Sdk 0.1.0</c>.</summary>
    [JsonPropertyName("program")]
    public string? Program { get; init; }

    /// <summary>For a block volume image: its geometry and the volume snapshot it was read from; absent for file backups.</summary>
    [JsonPropertyName("volume")]
    public VolumeImageInfo? Volume { get; init; }

    /// <summary>For a snapshot copied from another repository: the original snapshot and repository; absent otherwise.</summary>
    [JsonPropertyName("original")]
    public SnapshotOrigin? Original { get; init; }

    /// <summary>The counters of the backup run.</summary>
    [JsonPropertyName("summary")]
    public SnapshotSummary? Summary { get; init; }
}
