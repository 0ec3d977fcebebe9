using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>
/// The default <see cref="IForgetService"/>: lists the snapshots, keeps those the host and tag filters select, plans with the
/// <see cref="IRetentionPolicy"/> (or resolves the ids), audits snapshot times, then deletes the records through
/// <see cref="SnapshotStore.DeleteAsync"/>. The plan is complete before anything is deleted, so a refused or invalid request
/// changes nothing.
/// </summary>
public sealed class ForgetService : IForgetService
{
    private readonly IRetentionPolicy _policy;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the service.</summary>
    /// <param name="policy">The retention policy; a <see cref="RetentionPolicy"/> on <paramref name="timeProvider"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for the audit of snapshot times; the system clock when <see langword="null"/>.</param>
    public ForgetService(IRetentionPolicy? policy = null, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _policy = policy ?? new RetentionPolicy(_timeProvider);
    }

    /// <inheritdoc />
    public async Task<ForgetResult> ForgetAsync(BackupRepository repository, ForgetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();

        var all = await repository.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var selected = all.Where(s => Selects(request, s)).ToList();

        IReadOnlyList<RetentionGroup> groups;
        IReadOnlyList<RetentionDecision> keep;
        List<RetentionDecision> remove;
        if (request.Rules is { } rules)
        {
            var plan = _policy.Apply(selected, rules, request.AllowKeepNothing);
            groups = plan.Groups;
            keep = plan.Keep;
            remove = [.. plan.Remove];
        }
        else
        {
            groups = [];
            keep = [];
            remove = await ResolveAsync(repository, request, all, cancellationToken).ConfigureAwait(false);
        }

        var warnings = await SnapshotTimeAudit.AuditAsync(
            repository.Storage, selected, _timeProvider.GetUtcNow(), request.FutureTolerance, request.MaxBackupDuration, cancellationToken).ConfigureAwait(false);

        if (!request.DryRun && remove.Count > 0)
        {
            // A shared lock, like a backup's: deleting snapshot records never conflicts with a backup, but must not run
            // while a prune (exclusive) decides what is still used.
            var held = await repository.Locks.AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.LostToken);
                // Checked once (a stat) before the first delete; a lock lost later cancels the remaining deletes.
                await held.EnsureHeldAsync(linked.Token).ConfigureAwait(false);
                foreach (var decision in remove)
                {
                    await repository.Snapshots.DeleteAsync(decision.Snapshot.Id, linked.Token).ConfigureAwait(false);
                }
            }
        }

        return new ForgetResult(groups, keep, remove, warnings, request.DryRun);
    }

    private static async Task<List<RetentionDecision>> ResolveAsync(BackupRepository repository, ForgetRequest request, IReadOnlyList<Snapshot> all, CancellationToken cancellationToken)
    {
        var byId = all.ToDictionary(s => s.Id);
        var chosen = new Dictionary<ContentId, Snapshot>();
        foreach (var text in request.SnapshotIds)
        {
            var id = await repository.Snapshots.ResolveAsync(text, s => Selects(request, s), cancellationToken).ConfigureAwait(false);
            if (!byId.TryGetValue(id, out var snapshot))
            {
                throw new ObjectNotFoundException($"snapshot '{text}'");
            }

            chosen.TryAdd(id, snapshot);
        }

        var decisions = chosen.Values.Select(s => new RetentionDecision(s, false, [])).ToList();
        decisions.Sort(static (a, b) => SnapshotOrder.OldestFirst(a.Snapshot, b.Snapshot));
        return decisions;
    }

    private static bool Selects(ForgetRequest request, Snapshot snapshot) =>
        (request.Hosts.Count == 0 || request.Hosts.Contains(snapshot.Hostname, StringComparer.Ordinal))
        && (request.Tags.Count == 0 || request.Tags.Any(list => list.All(tag => snapshot.Tags.Contains(tag, StringComparer.Ordinal))));
}
