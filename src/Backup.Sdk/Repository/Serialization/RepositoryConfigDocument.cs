using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>The JSON shape of the <c>config</c> object (docs/format.md).</summary>
internal sealed class RepositoryConfigDocument
{
    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; set; }

    [JsonPropertyName("chunker")]
    public ChunkerDocument Chunker { get; set; } = new();

    [JsonPropertyName("compression")]
    public CompressionDocument Compression { get; set; } = new();

    [JsonPropertyName("packSize")]
    public int PackSize { get; set; }

    internal sealed class ChunkerDocument
    {
        [JsonPropertyName("algorithm")]
        public string Algorithm { get; set; } = "";

        [JsonPropertyName("minSize")]
        public int MinSize { get; set; }

        [JsonPropertyName("averageSize")]
        public int AverageSize { get; set; }

        [JsonPropertyName("maxSize")]
        public int MaxSize { get; set; }
    }

    internal sealed class CompressionDocument
    {
        [JsonPropertyName("algorithm")]
        public string Algorithm { get; set; } = "";

        [JsonPropertyName("level")]
        public int Level { get; set; }
    }
}
