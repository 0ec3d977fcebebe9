using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Snapshots;

/// <summary>
/// Where a copied snapshot came from (docs/format.md, "Copied snapshots"): the snapshot's id in the repository it was copied
/// from, and that repository's id. Copies of copies keep the first origin, so that every copy of one backup names the same.
/// </summary>
public sealed class SnapshotOrigin
{
    /// <summary>The id of the snapshot in the repository it was first taken in.</summary>
    [JsonPropertyName("snapshot")]
    public ContentId Snapshot { get; init; }

    /// <summary>The id of that repository (32 hex characters).</summary>
    [JsonPropertyName("repository")]
    public string Repository { get; init; } = "";
}
