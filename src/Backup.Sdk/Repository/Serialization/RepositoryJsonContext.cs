using System.Text.Json.Serialization;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>The source-generated JSON contract of every JSON document in the repository format.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(ContentIdJsonConverter)])]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(Tree))]
[JsonSerializable(typeof(RepositoryConfigDocument))]
internal sealed partial class RepositoryJsonContext : JsonSerializerContext
{
}
