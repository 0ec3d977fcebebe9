using Backup.Sdk.Volumes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Block volumes with snapshots on <see cref="IBackupSdkBuilder"/>.</summary>
public static class BlockVolumeBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ISnapshotVolumeFactory"/> (<see cref="SnapshotVolumeFactory"/>, using the container's
    /// <see cref="TimeProvider"/>), which creates and opens copy-on-write and redirect-on-write volumes. A host's own
    /// registration wins.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddBlockVolumes(this IBackupSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ISnapshotVolumeFactory>(services => new SnapshotVolumeFactory(services.GetService<TimeProvider>()));
        return builder;
    }
}
