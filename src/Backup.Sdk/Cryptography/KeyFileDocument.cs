using System.Text.Json.Serialization;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// The JSON of a key file (docs/format.md, "Key files") as stored. Every member is optional here so that a file of another
/// version still yields its <c>version</c>; <see cref="KeyFile"/> validates.
/// </summary>
internal sealed class KeyFileDocument
{
    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("repository")]
    public string? Repository { get; set; }

    [JsonPropertyName("created")]
    [JsonConverter(typeof(MillisecondTimestampConverter))]
    public DateTimeOffset? Created { get; set; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("kdf")]
    public KdfDocument? Kdf { get; set; }

    [JsonPropertyName("wrapped")]
    public byte[]? Wrapped { get; set; }
}

/// <summary>The <c>kdf</c> object of a key file.</summary>
internal sealed class KdfDocument
{
    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("memoryKiB")]
    public int? MemoryKiB { get; set; }

    [JsonPropertyName("iterations")]
    public int? Iterations { get; set; }

    [JsonPropertyName("parallelism")]
    public int? Parallelism { get; set; }

    [JsonPropertyName("salt")]
    public byte[]? Salt { get; set; }
}

/// <summary>The source-generated serializer of key files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(KeyFileDocument))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
