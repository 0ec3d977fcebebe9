namespace Backup.Sdk.Retention;

/// <summary>
/// A retention policy would keep no snapshot of a group (or has no rules, which keep nothing), and keeping nothing was not
/// explicitly allowed. Nothing was changed.
/// </summary>
public sealed class RetentionKeepsNothingException : BackupException
{
    /// <summary>Creates the exception for a group, or for empty rules when <paramref name="group"/> is <see langword="null"/>.</summary>
    public RetentionKeepsNothingException(SnapshotGroupKey? group)
        : base(group is null
            ? "The retention policy has no rules, so it would remove every snapshot; give at least one keep rule, or force it."
            : $"The retention policy would keep no snapshot of the group {group}; refusing to remove them all unless forced.")
    {
        Group = group;
    }

    /// <summary>The group that would lose every snapshot, or <see langword="null"/> when the rules are empty.</summary>
    public SnapshotGroupKey? Group { get; }
}
