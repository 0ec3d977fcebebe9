using System.Diagnostics.Metrics;

namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// The storage instruments of the <c>Backup.Sdk.Storage</c> meter: retries, failures by kind, and bytes moved each way.
/// </summary>
internal static class StorageMetrics
{
    /// <summary>The meter name to listen to (OpenTelemetry <c>AddMeter("Backup.Sdk.Storage")</c>).</summary>
    public const string MeterName = "Backup.Sdk.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Retries started, tagged <c>operation</c> and <c>kind</c> (transient, timeout, unverified).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("backup.storage.retries", "{retry}", "Storage operations tried again after a transient fault.");

    /// <summary>Operations that failed for good, tagged <c>operation</c> and <c>kind</c> (permanent, exhausted, not_found, exists).</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("backup.storage.failures", "{failure}", "Storage operations that failed after any retries.");

    /// <summary>Bytes stored by successful puts.</summary>
    public static readonly Counter<long> BytesUploaded = Meter.CreateCounter<long>("backup.storage.bytes_uploaded", "By", "Bytes stored by successful puts.");

    /// <summary>Bytes read by successful gets and ranged reads.</summary>
    public static readonly Counter<long> BytesDownloaded = Meter.CreateCounter<long>("backup.storage.bytes_downloaded", "By", "Bytes read by successful gets and ranged reads.");

    public static void RecordRetry(string operation, string kind) =>
        Retries.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("kind", kind));

    public static void RecordFailure(string operation, string kind) =>
        Failures.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("kind", kind));
}
