using System.Diagnostics.CodeAnalysis;
using Backup.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Recovery validation on <see cref="IBackupSdkBuilder"/>: the default validators, a host's own, and the runner.</summary>
public static class RecoveryValidationBuilderExtensions
{
    /// <summary>
    /// Registers the default <see cref="IRecoveryValidator"/>s (structure, data integrity and, on Linux, a restore drill, in
    /// that order) and a <see cref="RecoveryValidationRunner"/> that runs every registered validator in registration order.
    /// Call it before adding the host's own validators, so that they run after the drill (a functional check needs its
    /// restored data).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddRecoveryValidation(this IBackupSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRecoveryValidator, StructureValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRecoveryValidator, DataIntegrityValidator>());
        if (OperatingSystem.IsLinux())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IRecoveryValidator, RestoreDrillValidator>());
        }

        services.TryAddSingleton(static provider => new RecoveryValidationRunner(
            provider.GetServices<IRecoveryValidator>(),
            provider.GetService<System.IO.Abstractions.IFileSystem>()));
        return builder;
    }

    /// <summary>
    /// Sets the <see cref="RecoveryObjectives"/> (RPO and RTO) that hosts read as <c>IOptions&lt;RecoveryObjectives&gt;</c>
    /// and pass to <see cref="RecoveryStatusReader.GetStatusAsync"/>; validated at start.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the objectives.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddRecoveryObjectives(this IBackupSdkBuilder builder, Action<RecoveryObjectives> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RecoveryObjectives>().Configure(configure).Validate(static o =>
        {
            try
            {
                o.Validate();
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false;
            }
        }, "Recovery objectives must be positive.").ValidateOnStart();
        return builder;
    }

    /// <summary>Adds a host's own validator (a singleton resolved from the container), run after those registered before it.</summary>
    /// <typeparam name="TValidator">The validator type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddRecoveryValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this IBackupSdkBuilder builder)
        where TValidator : class, IRecoveryValidator
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRecoveryValidator, TValidator>());
        return builder;
    }

    /// <summary>Adds a <see cref="FunctionalValidator"/>: a host's check of the data a restore drill restored.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The check's name in reports.</param>
    /// <param name="check">Given the restored directory and the context, returns what is wrong (empty passes).</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddFunctionalCheck(this IBackupSdkBuilder builder, string name, Func<string, RecoveryValidationContext, CancellationToken, Task<IReadOnlyList<string>>> check)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IRecoveryValidator>(new FunctionalValidator(name, check));
        return builder;
    }
}
