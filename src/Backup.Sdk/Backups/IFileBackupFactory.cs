using System.Runtime.Versioning;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Repository;
using Microsoft.Extensions.Logging;

namespace Backup.Sdk.Backups;

/// <summary>
/// Makes <see cref="FileBackup"/> commands with the services registered in the container: the
/// <see cref="IChangeDetector"/> (<c>AddChangeDetector&lt;T&gt;()</c>, else <see cref="MetadataChangeDetector"/>) and logging.
/// </summary>
[SupportedOSPlatform("linux")]
public interface IFileBackupFactory
{
    /// <summary>Creates the backup command for an opened repository (e.g. from <c>IBackupRepositoryProvider.OpenAsync</c>).</summary>
    /// <param name="repository">The opened repository, its index loaded.</param>
    /// <returns>The command; run it with <see cref="FileBackup.RunAsync"/>.</returns>
    FileBackup Create(BackupRepository repository);
}

/// <summary>The default <see cref="IFileBackupFactory"/>.</summary>
[SupportedOSPlatform("linux")]
public sealed class FileBackupFactory : IFileBackupFactory
{
    private readonly IChangeDetector _detector;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates the factory.</summary>
    /// <param name="detector">The detector every command uses.</param>
    /// <param name="loggerFactory">Logging for the commands; none when <see langword="null"/>.</param>
    public FileBackupFactory(IChangeDetector detector, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public FileBackup Create(BackupRepository repository) => new(repository, _detector, _loggerFactory?.CreateLogger<FileBackup>());
}
