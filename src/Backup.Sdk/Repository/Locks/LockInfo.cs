namespace Backup.Sdk.Repository.Locks;

/// <summary>A lock found in the repository, as its holder describes itself.</summary>
/// <param name="Name">The storage name, <c>locks/&lt;id&gt;</c>.</param>
/// <param name="Kind">Shared or exclusive.</param>
/// <param name="Hostname">The holder's host.</param>
/// <param name="Pid">The holder's process id.</param>
/// <param name="Sequence">How often the holder has refreshed it.</param>
/// <param name="Created">When the holder took it, by the holder's wall clock (for people; never used to judge staleness).</param>
public sealed record LockInfo(string Name, LockKind Kind, string Hostname, int Pid, long Sequence, DateTimeOffset Created)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} lock of pid {Pid} on {Hostname} (since {Created:u})";
}
