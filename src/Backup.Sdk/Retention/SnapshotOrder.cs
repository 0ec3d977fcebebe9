using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>The order of snapshots in plans and results: by time, then by id, so that equal times sort the same way every run.</summary>
internal static class SnapshotOrder
{
    public static int OldestFirst(Snapshot a, Snapshot b)
    {
        var byTime = a.Time.CompareTo(b.Time);
        return byTime != 0 ? byTime : a.Id.CompareTo(b.Id);
    }

    public static int NewestFirst(Snapshot a, Snapshot b) => OldestFirst(b, a);
}
