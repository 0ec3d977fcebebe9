namespace Backup.Sdk.Validation;

/// <summary>Turns a <see cref="CheckReport"/> into a validator's result: each error a failure; warnings only counted.</summary>
internal static class CheckFailures
{
    public static ValidatorResult ToResult(string name, CheckReport report, string what)
    {
        var failures = new List<ValidationFailure>();
        var warnings = 0;
        foreach (var problem in report.Problems)
        {
            if (problem.Severity != CheckSeverity.Error)
            {
                warnings++;
                continue;
            }

            failures.Add(new ValidationFailure
            {
                Message = problem.ToString(),
                ObjectName = problem.ObjectName,
                BlobId = problem.BlobId?.ToString(),
                AffectedSnapshots = [.. problem.AffectedSnapshots.Select(id => id.ToString())],
                AffectedPaths = problem.AffectedPaths,
            });
        }

        return new ValidatorResult
        {
            Name = name,
            Status = failures.Count == 0 ? ValidationStatus.Passed : ValidationStatus.Failed,
            Summary = $"{what}: {report.SnapshotsChecked} snapshots, {report.TreesChecked} trees, {report.PacksChecked} packs, {report.PacksRead} packs read; {failures.Count} errors, {warnings} warnings",
            Failures = failures,
            Duration = report.Duration,
            Measurements = new Dictionary<string, double>
            {
                ["snapshotsChecked"] = report.SnapshotsChecked,
                ["packsChecked"] = report.PacksChecked,
                ["packsRead"] = report.PacksRead,
                ["bytesRead"] = report.BytesRead,
                ["warnings"] = warnings,
            },
        };
    }
}
