using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Backup.Sdk;
using Backup.Sdk.Backups;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Backup.Sdk.Volumes.Imaging;

namespace Backup.Cli.Commands;

/// <summary><c>backup backup &lt;path&gt;...</c>: backs up files and directories into the repository and prints the snapshot.</summary>
internal static class BackupCommand
{
    public static Command Create(CliHost host)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.ZeroOrMore, Description = "Files and directories to back up (none with --volume)." };
        var tags = new Option<string[]>("--tag") { Description = "A tag for the snapshot (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var hostname = new Option<string?>("--host") { Description = "The host name to record (default: this machine's)." };
        var time = new Option<string?>("--time") { Description = "The snapshot time, ISO-8601 (default: now)." };
        var excludes = new Option<string[]>("--exclude") { Description = "A gitignore-style pattern of paths to leave out (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var oneFileSystem = new Option<bool>("--one-file-system") { Description = "Do not descend into other file systems." };
        var parent = new Option<string?>("--parent") { Description = "The snapshot to compare with (id, prefix or 'latest'), whatever its host or paths; default: chosen by the level." };
        var level = new Option<string?>("--level")
        {
            Description = "full (read everything), incremental (compare with the newest snapshot of this host and paths) or "
                + "differential (compare with the newest full one). Default: incremental when such a snapshot exists, else full.",
        };
        level.AcceptOnlyFromAmong("full", "incremental", "differential");
        var detector = new Option<string>("--detector")
        {
            Description = "How unchanged files are recognised: metadata (size, mtime, ctime, inode; default), checksum (read and hash every file) or always (read every file).",
            DefaultValueFactory = _ => "metadata",
        };
        detector.AcceptOnlyFromAmong("metadata", "checksum", "always");
        var volume = new Option<string?>("--volume") { Description = "Back up a block volume (made by 'volume create') as an image instead of paths." };
        var volumeSnapshot = new Option<string?>("--volume-snapshot") { Description = "With --volume: the volume snapshot to back up." };

        var command = new Command("backup", "Back up files and directories into the repository.");
        command.Arguments.Add(paths);
        foreach (var option in new Option[] { tags, hostname, time, excludes, oneFileSystem, parent, level, detector, volume, volumeSnapshot })
        {
            command.Options.Add(option);
        }

        command.SetCliAction(host, async (context, parseResult, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new CliUsageException("Backing up files is supported on Linux only in this version.");
            }

            if (parseResult.GetValue(volume) is { } volumePath)
            {
                var volumeOptions = new VolumeBackupOptions
                {
                    VolumePath = volumePath,
                    SnapshotName = parseResult.GetValue(volumeSnapshot) ?? throw new CliUsageException("--volume needs --volume-snapshot <name>: images are taken from a snapshot."),
                    Level = ParseLevel(parseResult.GetValue(level)),
                    Tags = parseResult.GetValue(tags) ?? [],
                    Hostname = parseResult.GetValue(hostname),
                    Time = ParseTime(parseResult.GetValue(time)),
                };
                return (parseResult.GetValue(paths) ?? []).Length > 0
                    ? throw new CliUsageException("Give either paths or --volume, not both.")
                    : await VolumeCommand.BackUpAsync(context, volumeOptions, cancellationToken).ConfigureAwait(false);
            }

            if ((parseResult.GetValue(paths) ?? []).Length == 0)
            {
                throw new CliUsageException("Nothing to back up: give one or more paths, or --volume.");
            }

            var options = new FileBackupOptions
            {
                Paths = parseResult.GetValue(paths) ?? [],
                Tags = parseResult.GetValue(tags) ?? [],
                Hostname = parseResult.GetValue(hostname),
                Time = ParseTime(parseResult.GetValue(time)),
                Excludes = parseResult.GetValue(excludes) ?? [],
                OneFileSystem = parseResult.GetValue(oneFileSystem),
                Level = ParseLevel(parseResult.GetValue(level)),
            };
            IChangeDetector changeDetector = parseResult.GetValue(detector) switch
            {
                "checksum" => ChecksumChangeDetector.Instance,
                "always" => AlwaysChangedDetector.Instance,
                _ => MetadataChangeDetector.Instance,
            };

            // The sources' metadata is read on the other core while this one derives the key.
            using var warmupStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var warmup = SourceWarmup.RunAsync(options, warmupStop.Token);
            try
            {
                return await BackUpAsync(context, parseResult, parent, options, changeDetector, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await warmupStop.CancelAsync().ConfigureAwait(false);
                await warmup.ConfigureAwait(false);
            }
        });
        return command;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task<int> BackUpAsync(CliContext context, ParseResult parseResult, Option<string?> parent, FileBackupOptions options, IChangeDetector changeDetector, CancellationToken cancellationToken)
    {
        await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
        await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (parseResult.GetValue(parent) is { } parentText)
        {
            if (options.Level == BackupLevel.Full)
            {
                throw new CliUsageException("--parent cannot be used with --level full: a full backup compares with nothing.");
            }

            options.Parent = (await SnapshotArgument.LoadAsync(repository, parentText, cancellationToken).ConfigureAwait(false)).Id;
        }

        using var progress = TerminalProgress.Create(context);
        var result = await new FileBackup(repository, changeDetector).RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
        progress?.Clear();
        if (result.LevelFallbackReason is { } reason)
        {
            context.WriteWarning($"{LevelName(result.RequestedLevel ?? BackupLevel.Incremental)} backup not possible: {reason}");
        }

        foreach (var error in result.Errors)
        {
            context.WriteWarning($"{error.Path}: {error.Message}");
        }

        context.WriteResult(BackupCommandResult.From(result), CliJsonContext.Default.BackupCommandResult, WriteText);
        return result.Errors.Count > 0 ? ExitCodes.PartialBackup : ExitCodes.Success;
    }

    internal static string LevelName(BackupLevel level) => level switch
    {
        BackupLevel.Full => "full",
        BackupLevel.Differential => "differential",
        _ => "incremental",
    };

    private static BackupLevel? ParseLevel(string? text) => text switch
    {
        "full" => BackupLevel.Full,
        "incremental" => BackupLevel.Incremental,
        "differential" => BackupLevel.Differential,
        _ => null,
    };

    private static DateTimeOffset? ParseTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var value)
            ? value
            : throw new CliUsageException($"--time '{text}' is not an ISO-8601 date and time (e.g. 2026-11-24T05:00:00+01:00).");
    }

    internal static void WriteText(TextWriter writer, BackupCommandResult result)
    {
        writer.WriteLine($"snapshot {result.SnapshotId[..8]} saved ({result.Level}{(result.Parent is null ? "" : ", parent " + result.Parent[..8])})");
        writer.WriteLine($"files: {result.FilesNew} new, {result.FilesChanged} changed, {result.FilesUnmodified} unmodified");
        writer.WriteLine($"dirs:  {result.DirsNew} new, {result.DirsChanged} changed, {result.DirsUnmodified} unmodified");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added {FormatBytes(result.DataAdded)} to the repository; processed {result.TotalFilesProcessed} files, {FormatBytes(result.TotalBytesProcessed)} in {result.DurationSeconds:0.0}s"));
        if (result.Errors.Count > 0)
        {
            writer.WriteLine($"{result.Errors.Count} source entries could not be backed up as they were (see warnings)");
        }
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };
}

/// <summary>The result of <c>backup</c>, as printed with <c>--json</c>.</summary>
internal sealed record BackupCommandResult(
    string SnapshotId,
    string Level,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Parent,
    string? LevelFallbackReason,
    long FilesNew,
    long FilesChanged,
    long FilesUnmodified,
    long DirsNew,
    long DirsChanged,
    long DirsUnmodified,
    long DataAdded,
    long BlobsAdded,
    long TotalFilesProcessed,
    long TotalBytesProcessed,
    long BytesRead,
    double DurationSeconds,
    IReadOnlyList<BackupErrorDocument> Errors)
{
    public static BackupCommandResult From(FileBackupResult result) => new(
        result.Snapshot.Id.ToString(),
        BackupCommand.LevelName(result.Level),
        result.Parent?.ToString(),
        result.LevelFallbackReason,
        result.FilesNew,
        result.FilesChanged,
        result.FilesUnmodified,
        result.DirsNew,
        result.DirsChanged,
        result.DirsUnmodified,
        result.DataAdded,
        result.BlobsAdded,
        result.TotalFilesProcessed,
        result.TotalBytesProcessed,
        result.BytesRead,
        Math.Round((result.BackupEnd - result.BackupStart).TotalSeconds, 3),
        [.. result.Errors.Select(e => new BackupErrorDocument(e.Path, e.Message))]);

    /// <summary>An image backup in the same shape: one file (the image), <c>bytesRead</c> the block bytes read.</summary>
    public static BackupCommandResult From(VolumeBackupResult result) => new(
        result.Snapshot.Id.ToString(),
        BackupCommand.LevelName(result.Level),
        result.Snapshot.Parent?.ToString(),
        result.LevelFallbackReason,
        result.Summary.FilesNew,
        result.Summary.FilesChanged,
        result.Summary.FilesUnmodified,
        0,
        0,
        0,
        result.Summary.DataAdded,
        result.Summary.BlobsAdded,
        result.Summary.TotalFilesProcessed,
        result.Summary.TotalBytesProcessed,
        result.Summary.BytesRead,
        Math.Round((result.Summary.BackupEnd - result.Summary.BackupStart).TotalSeconds, 3),
        []);
}

/// <summary>A source entry not backed up as it was.</summary>
internal sealed record BackupErrorDocument(string Path, string Message);
