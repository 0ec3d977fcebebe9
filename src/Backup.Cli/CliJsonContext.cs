using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backup.Cli;

/// <summary>
/// The source-generated serializer for every JSON document the CLI prints. A verb adds its result type here with
/// <c>[JsonSerializable(typeof(...))]</c> and writes it with <see cref="CliContext.WriteResult"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(Commands.InitResult))]
[JsonSerializable(typeof(List<Commands.SnapshotDocument>))]
[JsonSerializable(typeof(List<Commands.LsEntry>))]
[JsonSerializable(typeof(List<Commands.KeyDocument>))]
[JsonSerializable(typeof(Commands.KeyChangeResult))]
[JsonSerializable(typeof(Commands.KeyRemoveResult))]
[JsonSerializable(typeof(Commands.CheckResultDocument))]
[JsonSerializable(typeof(Commands.RestoreDocument))]
[JsonSerializable(typeof(Commands.BackupCommandResult))]
[JsonSerializable(typeof(Commands.DiffDocument))]
[JsonSerializable(typeof(Commands.ForgetDocument))]
[JsonSerializable(typeof(List<Commands.FindMatchDocument>))]
[JsonSerializable(typeof(Commands.DrillDocument))]
[JsonSerializable(typeof(Backup.Sdk.Validation.RecoveryStatusReport))]
[JsonSerializable(typeof(Commands.PruneDocument))]
[JsonSerializable(typeof(Commands.UnlockDocument))]
[JsonSerializable(typeof(Commands.VolumeDocument))]
[JsonSerializable(typeof(Commands.VolumeSnapshotDocument))]
[JsonSerializable(typeof(List<Commands.VolumeSnapshotDocument>))]
[JsonSerializable(typeof(Commands.CopyDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>An error, as written to stderr with <c>--json</c>.</summary>
/// <param name="MessageType">Always <c>error</c>, so that a reader of stderr can tell errors from other messages.</param>
/// <param name="ExitCode">The process exit code (<see cref="ExitCodes"/>).</param>
/// <param name="Message">What went wrong.</param>
/// <param name="Detail">The exception with its stack trace, only with <c>--verbose</c>.</param>
internal sealed record ErrorDocument(string MessageType, int ExitCode, string Message, string? Detail);
