namespace Backup.Sdk.Retention;

/// <summary>
/// What snapshots must share to form one group, to which a retention policy applies separately. Any combination;
/// <see cref="None"/> puts every snapshot in one group.
/// </summary>
[Flags]
public enum SnapshotGrouping
{
    /// <summary>One group for all snapshots.</summary>
    None = 0,

    /// <summary>The same host name.</summary>
    Host = 1,

    /// <summary>The same set of backed-up paths (order and duplicates do not matter).</summary>
    Paths = 2,

    /// <summary>The same set of tags (order and duplicates do not matter).</summary>
    Tags = 4,
}
