namespace Backup.Sdk.Repository.Locks;

/// <summary>What a repository lock allows others to do meanwhile (docs/format.md, "Locks").</summary>
public enum LockKind
{
    /// <summary>Adds or reads data (backup, restore, check, forget): any number may be held together, none beside an exclusive lock.</summary>
    Shared = 0,

    /// <summary>Deletes data that others could be using (prune): held alone.</summary>
    Exclusive = 1,
}
