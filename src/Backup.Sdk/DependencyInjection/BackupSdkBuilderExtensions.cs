using System.Diagnostics.CodeAnalysis;
using System.Runtime.Versioning;
using Backup.Sdk.ChangeDetection;
using Backup.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Storage and change detection configuration on <see cref="IBackupSdkBuilder"/>.</summary>
public static class BackupSdkBuilderExtensions
{
    /// <summary>Stores the repository in a <typeparamref name="TStorage"/> resolved from the container, instead of the local directory.</summary>
    /// <typeparam name="TStorage">The backend type; its constructor dependencies come from the container.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddStorage<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStorage>(this IBackupSdkBuilder builder)
        where TStorage : class, IStorageBackend
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IStorageBackend, TStorage>());
        return builder;
    }

    /// <summary>Stores the repository in the backend <paramref name="factory"/> creates, instead of the local directory.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the backend (once; it is a singleton).</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder UseStorage(this IBackupSdkBuilder builder, Func<IServiceProvider, IStorageBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Makes <typeparamref name="TDetector"/> (a singleton resolved from the container) the <see cref="IChangeDetector"/> that
    /// backups made through <see cref="Backup.Sdk.Backups.IFileBackupFactory"/> use, instead of <see cref="MetadataChangeDetector"/>.
    /// </summary>
    /// <typeparam name="TDetector">The detector type; thread-safe, its constructor dependencies come from the container.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    [SupportedOSPlatform("linux")]
    public static IBackupSdkBuilder AddChangeDetector<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDetector>(this IBackupSdkBuilder builder)
        where TDetector : class, IChangeDetector
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IChangeDetector, TDetector>());
        return builder;
    }
}
