using System.Globalization;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Retention;

/// <summary>
/// Finds snapshots whose recorded time disagrees with the clock or with when the storage says their record was written:
/// the signs of retention poisoning (docs/guides/retention.md).
/// </summary>
internal static class SnapshotTimeAudit
{
    private const string Folder = "snapshots/";

    public static async Task<List<SuspiciousSnapshot>> AuditAsync(
        IStorageBackend storage, IReadOnlyList<Snapshot> snapshots, DateTimeOffset now, TimeSpan futureTolerance, TimeSpan maxBackupDuration, CancellationToken cancellationToken)
    {
        // One listing gives every record's modification time; a store that leaves it out is asked per object.
        var stored = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await foreach (var info in storage.ListAsync(Folder, cancellationToken).ConfigureAwait(false))
        {
            stored[info.Name] = info.LastModified;
        }

        var warnings = new List<SuspiciousSnapshot>();
        foreach (var snapshot in snapshots)
        {
            var name = Folder + snapshot.Id.ToString();
            if (!stored.TryGetValue(name, out var storedAt) || storedAt is null)
            {
                storedAt = (await storage.StatAsync(name, cancellationToken).ConfigureAwait(false))?.LastModified;
            }

            Check(snapshot, storedAt, now, futureTolerance, maxBackupDuration, warnings);
        }

        return warnings;
    }

    private static void Check(Snapshot snapshot, DateTimeOffset? storedAt, DateTimeOffset now, TimeSpan futureTolerance, TimeSpan maxBackupDuration, List<SuspiciousSnapshot> warnings)
    {
        var shortId = snapshot.Id.ToShortString();
        var time = snapshot.Time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        if (snapshot.Time > now + futureTolerance)
        {
            warnings.Add(new SuspiciousSnapshot(
                snapshot.Id, snapshot.Time, storedAt, SnapshotTimeSuspicion.InFuture,
                $"snapshot {shortId} is dated {time}, {Describe(snapshot.Time - now)} in the future; a count-based policy takes it for the newest."));
            return;
        }

        if (storedAt is not { } written)
        {
            return;
        }

        if (snapshot.Time > written + futureTolerance)
        {
            warnings.Add(new SuspiciousSnapshot(
                snapshot.Id, snapshot.Time, storedAt, SnapshotTimeSuspicion.AfterStored,
                $"snapshot {shortId} is dated {time}, {Describe(snapshot.Time - written)} after its record was stored."));
        }
        else if (written - snapshot.Time > maxBackupDuration)
        {
            warnings.Add(new SuspiciousSnapshot(
                snapshot.Id, snapshot.Time, storedAt, SnapshotTimeSuspicion.LongBeforeStored,
                $"snapshot {shortId} is dated {time}, {Describe(written - snapshot.Time)} before its record was stored (backdated, copied or forged?)."));
        }
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(span.TotalDays)} days"),
        { TotalHours: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(span.TotalHours)} hours"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Floor(span.TotalMinutes))} minutes"),
    };
}
