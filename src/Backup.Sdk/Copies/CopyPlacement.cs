using Backup.Sdk.Repository;

namespace Backup.Sdk.Copies;

/// <summary>Where one copy of the data lives: a medium (disk, tape, cloud, …) and a site (onsite, offsite, or a name).</summary>
/// <param name="Name">A name for reports: a repository location, or <c>source</c> for the live data.</param>
/// <param name="Medium">The kind of storage; copies on the same medium share its failure modes.</param>
/// <param name="Site">Where it is; a copy counts as off site when its site differs from the live data's.</param>
public sealed record CopyPlacement(string Name, string Medium, string Site);

/// <summary>A repository the host uses, with its placement, for <see cref="ICopyRuleEvaluator"/>.</summary>
/// <param name="Placement">Its medium and site.</param>
/// <param name="Repository">The opened repository.</param>
public sealed record PlacedRepository(CopyPlacement Placement, BackupRepository Repository);

/// <summary>The 3-2-1 rule: at least this many copies, on this many media, this many off site.</summary>
/// <param name="Copies">Copies required, the live data counting as one (3).</param>
/// <param name="Media">Distinct media required (2).</param>
/// <param name="Offsite">Copies required at another site than the live data (1).</param>
public sealed record CopyRule(int Copies = 3, int Media = 2, int Offsite = 1);
