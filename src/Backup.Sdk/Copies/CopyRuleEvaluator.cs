using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Copies;

/// <summary>
/// The default <see cref="ICopyRuleEvaluator"/>. A snapshot's identity is its <c>original</c> record when it is a copy, else
/// its own id and repository; so a copy made by <see cref="SnapshotCopier"/> (or a byte-for-byte mirror of a repository,
/// which keeps repository and snapshot ids) is recognised as the same snapshot. The live data counts as one copy of every
/// snapshot; a copy is off site when its site differs from the live data's (names compared ignoring case).
/// </summary>
public sealed class CopyRuleEvaluator : ICopyRuleEvaluator
{
    /// <inheritdoc />
    public async Task<CopiesSection> EvaluateAsync(CopyPlacement source, IReadOnlyList<PlacedRepository> repositories, CopyRule? rule = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(repositories);
        var places = new List<PlacedSnapshots>(repositories.Count);
        foreach (var placed in repositories)
        {
            var snapshots = await placed.Repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            places.Add(new PlacedSnapshots(placed.Placement, placed.Repository.Config.RepositoryId, snapshots));
        }

        return Evaluate(source, places, rule ?? new CopyRule());
    }

    internal static CopiesSection Evaluate(CopyPlacement source, IReadOnlyList<PlacedSnapshots> places, CopyRule rule)
    {
        var found = new Dictionary<(string, string), Found>();
        foreach (var place in places)
        {
            foreach (var snapshot in place.Snapshots)
            {
                var origin = SnapshotCopier.OriginOf(snapshot, place.RepositoryId);
                var key = (origin.Snapshot.ToString(), origin.Repository);
                if (!found.TryGetValue(key, out var entry))
                {
                    found[key] = entry = new Found(key.Item1, key.Item2, snapshot);
                }

                if (!entry.Places.Contains(place))
                {
                    entry.Places.Add(place);
                }
            }
        }

        var judged = found.Values
            .Select(f => Judge(f, source, places, rule))
            .OrderBy(s => s.Time).ThenBy(s => s.SnapshotId, StringComparer.Ordinal)
            .ToList();
        var groups = judged
            .GroupBy(s => s.Hostname + "\n" + string.Join('\n', s.Paths), StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(s => s.Hostname, StringComparer.Ordinal).ThenBy(s => string.Join('\n', s.Paths), StringComparer.Ordinal)
            .ToList();
        return new CopiesSection
        {
            State = groups.Count == 0 ? ObjectiveState.Unknown : groups.TrueForAll(g => g.State == ObjectiveState.Met) ? ObjectiveState.Met : ObjectiveState.Missed,
            Rule = rule,
            Source = source,
            Repositories = [.. places.Select(p => new CopyPlaceStatus { Placement = p.Placement, Offsite = IsOffsite(p.Placement, source), Snapshots = p.Snapshots.Count })],
            Groups = groups,
            Snapshots = judged,
        };
    }

    private static SnapshotCopies Judge(Found found, CopyPlacement source, IReadOnlyList<PlacedSnapshots> places, CopyRule rule)
    {
        var copies = 1 + found.Places.Count;
        var media = found.Places.Select(p => p.Placement.Medium).Append(source.Medium).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var offsite = found.Places.Count(p => IsOffsite(p.Placement, source));
        var met = copies >= rule.Copies && media >= rule.Media && offsite >= rule.Offsite;
        var paths = found.Snapshot.Paths.Order(StringComparer.Ordinal).ToList();
        return new SnapshotCopies
        {
            SnapshotId = found.SnapshotId,
            RepositoryId = found.RepositoryId,
            Hostname = found.Snapshot.Hostname,
            Paths = paths,
            Time = found.Snapshot.Time,
            Copies = copies,
            Media = media,
            Offsite = offsite,
            Repositories = [.. found.Places.Select(p => p.Placement.Name)],
            MissingFrom = [.. places.Where(p => !found.Places.Contains(p)).Select(p => p.Placement.Name)],
            State = met ? ObjectiveState.Met : ObjectiveState.Missed,
        };
    }

    private static bool IsOffsite(CopyPlacement placement, CopyPlacement source) => !string.Equals(placement.Site, source.Site, StringComparison.OrdinalIgnoreCase);

    private sealed class Found(string snapshotId, string repositoryId, Snapshot snapshot)
    {
        public string SnapshotId { get; } = snapshotId;

        public string RepositoryId { get; } = repositoryId;

        public Snapshot Snapshot { get; } = snapshot;

        public List<PlacedSnapshots> Places { get; } = [];
    }
}

/// <summary>The snapshots of one repository and its placement.</summary>
internal sealed record PlacedSnapshots(CopyPlacement Placement, string RepositoryId, IReadOnlyList<Snapshot> Snapshots);
