using System.Text.Json.Serialization;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Validation;

/// <summary>The source-generated JSON contract of drill records (stored) and validation reports (printed).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(ContentIdJsonConverter)])]
[JsonSerializable(typeof(DrillRecord))]
[JsonSerializable(typeof(RecoveryValidationReport))]
[JsonSerializable(typeof(RecoveryStatusReport))]
internal sealed partial class ValidationJsonContext : JsonSerializerContext
{
}
