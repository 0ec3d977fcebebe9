using System.Text.Json.Serialization;

namespace Backup.Sdk.Volumes;

/// <summary><c>volume.json</c>: what a volume directory is. Written once, when the volume is created.</summary>
internal sealed class VolumeDescriptor
{
    public const int CurrentVersion = 1;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Version { get; init; } = CurrentVersion;

    /// <summary><c>cow</c> or <c>row</c>.</summary>
    public string Provider { get; init; } = "";

    public int BlockSize { get; init; }

    public long BlockCount { get; init; }
}

/// <summary><c>snapshots.json</c>: the snapshots, oldest first. Replaced atomically; the one source of which snapshots exist.</summary>
internal sealed class SnapshotCatalogDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Version { get; init; } = VolumeDescriptor.CurrentVersion;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long NextSequence { get; init; } = 1;

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<SnapshotCatalogEntry> Snapshots { get; init; } = [];
}

/// <summary>One snapshot in <c>snapshots.json</c>; its files are named by <see cref="Sequence"/>.</summary>
internal sealed record SnapshotCatalogEntry(string Name, long Sequence, DateTimeOffset Created);

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true)]
[JsonSerializable(typeof(VolumeDescriptor))]
[JsonSerializable(typeof(SnapshotCatalogDocument))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext
{
}
