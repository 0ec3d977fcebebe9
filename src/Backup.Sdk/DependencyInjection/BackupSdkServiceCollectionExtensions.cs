using System.IO.Abstractions;
using Backup.Sdk.Backups;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Retention;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Backup.Sdk in a service collection.</summary>
public static class BackupSdkServiceCollectionExtensions
{
    /// <summary>Identifies the default storage registration, so that validation knows whether the host replaced it.</summary>
    private static readonly Func<IServiceProvider, IStorageBackend> DefaultStorage = static provider =>
        new LocalStorageBackend(provider.GetRequiredService<IFileSystem>(), provider.GetRequiredService<IOptions<BackupSdkOptions>>().Value.RepositoryPath!);

    /// <summary>
    /// Registers the repository described by <paramref name="configure"/>: <see cref="TimeProvider.System"/>, the real
    /// <see cref="IFileSystem"/>, a <see cref="LocalStorageBackend"/> at <see cref="BackupSdkOptions.RepositoryPath"/> (unless
    /// the host registers its own <see cref="IStorageBackend"/> or calls <c>AddStorage</c>/<c>UseStorage</c>), an
    /// <see cref="IBackupRepositoryProvider"/>, a <see cref="RetentionPolicy"/> (buckets in the <see cref="TimeProvider"/>'s
    /// local time zone) as <see cref="IRetentionPolicy"/> and a <see cref="ForgetService"/> as <see cref="IForgetService"/>, and on Linux the <see cref="MetadataChangeDetector"/> as
    /// <see cref="IChangeDetector"/> (<c>AddChangeDetector&lt;T&gt;()</c> replaces it) and an <see cref="IFileBackupFactory"/>. Existing registrations of these services win (<c>TryAdd</c>). The options are
    /// validated when first read and, under a host, at start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IBackupSdkBuilder AddBackupSdk(this IServiceCollection services, Action<BackupSdkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<BackupSdkOptions>().Configure(configure).ValidateOnStart();

        // The validator looks at the final registrations when it runs, so that a storage backend registered after this call counts.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackupSdkOptions>>(new BackupSdkOptionsValidator(() => UsesDefaultStorage(services))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileSystem, FileSystem>();
        services.TryAddSingleton(DefaultStorage);
        services.TryAddSingleton<IBackupRepositoryProvider, BackupRepositoryProvider>();
        services.TryAddSingleton<IRetentionPolicy>(static provider => new RetentionPolicy(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IForgetService>(static provider => new ForgetService(provider.GetRequiredService<IRetentionPolicy>(), provider.GetRequiredService<TimeProvider>()));
        if (OperatingSystem.IsLinux())
        {
            services.TryAddSingleton<IChangeDetector>(MetadataChangeDetector.Instance);
            services.TryAddSingleton<IFileBackupFactory, FileBackupFactory>();
        }

        return new BackupSdkBuilder(null, services);
    }

    private static bool UsesDefaultStorage(IServiceCollection services)
    {
        ServiceDescriptor? last = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IStorageBackend) && !descriptor.IsKeyedService)
            {
                last = descriptor;
            }
        }

        // The container resolves the last registration of a service.
        return last?.ImplementationFactory is { } factory && factory.Equals(DefaultStorage);
    }

    private sealed record BackupSdkBuilder(string? Name, IServiceCollection Services) : IBackupSdkBuilder;
}
