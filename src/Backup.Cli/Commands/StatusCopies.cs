using System.CommandLine;
using System.Globalization;
using Backup.Sdk.Copies;
using Backup.Sdk.Repository;
using Backup.Sdk.Validation;

namespace Backup.Cli.Commands;

/// <summary>
/// The 3-2-1 part of <c>backup status</c>: repeatable <c>--copy &lt;location&gt;,medium=&lt;m&gt;,site=&lt;s&gt;[,password-file=&lt;f&gt;]</c>
/// names the other repositories; <c>--medium</c>/<c>--site</c> place the primary repository and
/// <c>--source-medium</c>/<c>--source-site</c> the live data (all default to <c>disk</c>/<c>onsite</c>).
/// </summary>
internal sealed class StatusCopies
{
    private const string DefaultMedium = "disk";
    private const string DefaultSite = "onsite";

    private readonly Option<string[]> _copies = new("--copy") { Description = "Another repository holding copies: <location>,medium=<m>,site=<s>[,password-file=<f>] (repeatable). Enables the 3-2-1 section.", HelpName = "location,medium=m,site=s" };
    private readonly Option<string> _medium = new("--medium") { Description = $"The medium of this repository for 3-2-1 (default {DefaultMedium})." };
    private readonly Option<string> _site = new("--site") { Description = $"The site of this repository for 3-2-1 (default {DefaultSite})." };
    private readonly Option<string> _sourceMedium = new("--source-medium") { Description = $"The medium of the live data, which counts as one copy (default {DefaultMedium})." };
    private readonly Option<string> _sourceSite = new("--source-site") { Description = $"The site of the live data; copies elsewhere are off site (default {DefaultSite})." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _copies, _medium, _site, _sourceMedium, _sourceSite })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Evaluates 3-2-1 over the primary and the <c>--copy</c> repositories; null when none is given.</summary>
    public async Task<CopiesSection?> EvaluateAsync(CliContext context, ParseResult parseResult, BackupRepository primary, CancellationToken cancellationToken)
    {
        var specs = parseResult.GetValue(_copies) ?? [];
        if (specs.Length == 0)
        {
            return null;
        }

        var source = new CopyPlacement("source", parseResult.GetValue(_sourceMedium) ?? DefaultMedium, parseResult.GetValue(_sourceSite) ?? DefaultSite);
        var placed = new List<PlacedRepository> { new(new CopyPlacement(context.RequireRepositoryLocation(), parseResult.GetValue(_medium) ?? DefaultMedium, parseResult.GetValue(_site) ?? DefaultSite), primary) };
        try
        {
            foreach (var spec in specs)
            {
                var (placement, passwordFile) = Parse(spec);
                var repository = await OtherRepository.OpenAsync(context, placement.Name, passwordFile, null, "copy", cancellationToken).ConfigureAwait(false);
                placed.Add(new PlacedRepository(placement, repository));
            }

            return await new CopyRuleEvaluator().EvaluateAsync(source, placed, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var other in placed.Skip(1))
            {
                await other.Repository.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal static (CopyPlacement Placement, string? PasswordFile) Parse(string spec)
    {
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        string? medium = null, site = null, passwordFile = null;
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals > 0 ? (part[..equals], part[(equals + 1)..]) : (part, "");
            switch (key)
            {
                case "medium" when value.Length > 0: medium = value; break;
                case "site" when value.Length > 0: site = value; break;
                case "password-file" when value.Length > 0: passwordFile = value; break;
                default: throw new CliUsageException($"--copy '{spec}': '{part}' is not medium=<m>, site=<s> or password-file=<f>.");
            }
        }

        if (parts[0].Length == 0 || medium is null || site is null)
        {
            throw new CliUsageException($"--copy '{spec}': give <location>,medium=<m>,site=<s> (e.g. s3:s3.eu-west-1.amazonaws.com/backups/h1,medium=cloud,site=offsite).");
        }

        return (new CopyPlacement(parts[0], medium, site), passwordFile);
    }

    /// <summary>The report with the copies section added and the overall state the worse of the two.</summary>
    public static RecoveryStatusReport With(RecoveryStatusReport report, CopiesSection? copies) => copies is null ? report : new RecoveryStatusReport
    {
        Version = report.Version,
        GeneratedAt = report.GeneratedAt,
        State = report.State == ObjectiveState.Missed || copies.State == ObjectiveState.Missed ? ObjectiveState.Missed
            : report.State == ObjectiveState.Met || copies.State == ObjectiveState.Met ? ObjectiveState.Met : ObjectiveState.Unknown,
        RpoSeconds = report.RpoSeconds,
        RtoSeconds = report.RtoSeconds,
        Recovery = report.Recovery,
        Copies = copies,
    };

    public static void WriteText(TextWriter output, CopiesSection copies)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"copies ({copies.Rule.Copies}-{copies.Rule.Media}-{copies.Rule.Offsite}): {Word(copies.State)}"));
        output.WriteLine(string.Create(c, $"  source data: {copies.Source.Medium}, {copies.Source.Site}"));
        foreach (var place in copies.Repositories)
        {
            output.WriteLine(string.Create(c, $"  {place.Placement.Name}: {place.Placement.Medium}, {place.Placement.Site}{(place.Offsite ? " (off site)" : "")}, {place.Snapshots} snapshots"));
        }

        foreach (var group in copies.Groups)
        {
            output.WriteLine(string.Create(c, $"  {group.Hostname} {string.Join(' ', group.Paths)}: newest {group.SnapshotId[..8]} in {group.Copies} copies, {group.Media} media, {group.Offsite} off site: {Word(group.State)}"));
            if (group.MissingFrom.Count > 0)
            {
                output.WriteLine($"    missing from {string.Join(", ", group.MissingFrom)}");
            }
        }
    }

    private static string Word(ObjectiveState state) => state switch
    {
        ObjectiveState.Met => "met",
        ObjectiveState.Missed => "MISSED",
        _ => "unknown",
    };
}
