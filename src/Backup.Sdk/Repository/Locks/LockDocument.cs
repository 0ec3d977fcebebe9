using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Locks;

/// <summary>The plain JSON of a <c>locks/&lt;id&gt;</c> object (docs/format.md, "Locks").</summary>
internal sealed class LockDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; set; }

    public string Kind { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string? Username { get; set; }

    public int Pid { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset Created { get; set; }

    public long RefreshIntervalMs { get; set; }

    public long StaleTimeoutMs { get; set; }

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this, LockJsonContext.Default.LockDocument);

    /// <summary>Reads a lock; <see langword="null"/> when it is not a lock of a version this code knows.</summary>
    public static LockDocument? TryDecode(ReadOnlySpan<byte> json)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, LockJsonContext.Default.LockDocument);
            return document is { Version: CurrentVersion } && document.Kind is "shared" or "exclusive" ? document : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public LockKind ParsedKind => Kind == "shared" ? LockKind.Shared : LockKind.Exclusive;

    public static string KindText(LockKind kind) => kind == LockKind.Shared ? "shared" : "exclusive";
}

/// <summary>The source-generated JSON contract of lock objects.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LockDocument))]
internal sealed partial class LockJsonContext : JsonSerializerContext
{
}
