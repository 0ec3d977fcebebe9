using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Trees;

/// <summary>A directory listing, stored as a tree blob and deduplicated like data.</summary>
public sealed class Tree
{
    /// <summary>The entries, sorted by raw name bytes (ordinal), so that equal directories serialize to equal bytes.</summary>
    [JsonPropertyName("nodes")]
    public IReadOnlyList<TreeNode> Nodes { get; init; } = [];
}
