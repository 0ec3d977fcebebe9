using Backup.Sdk.Repository;
using Backup.Sdk.Volumes;
using Backup.Sdk.Volumes.Imaging;

namespace Backup.Cli.Commands;

/// <summary><c>backup backup --volume &lt;path&gt; --volume-snapshot &lt;name&gt;</c>: a block-level image backup of a volume snapshot.</summary>
internal static partial class VolumeCommand
{
    public static async Task<int> BackUpAsync(CliContext context, VolumeBackupOptions options, CancellationToken cancellationToken)
    {
        await using var volume = new SnapshotVolumeFactory().Open(options.VolumePath);
        await using var repository = await context.OpenRepositoryAsync(cancellationToken).ConfigureAwait(false);
        await repository.Blobs.LoadIndexAsync(cancellationToken).ConfigureAwait(false);
        var result = await new VolumeBackup(repository).RunAsync(volume, options, cancellationToken).ConfigureAwait(false);
        if (result.LevelFallbackReason is { } reason)
        {
            context.WriteWarning($"{BackupCommand.LevelName(result.RequestedLevel ?? BackupLevel.Incremental)} backup not possible: {reason}");
        }

        context.WriteResult(BackupCommandResult.From(result), CliJsonContext.Default.BackupCommandResult, BackupCommand.WriteText);
        return ExitCodes.Success;
    }
}
