using Backup.Sdk.Storage.S3;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="S3StorageBackend"/> as the repository's storage.</summary>
public static class S3StorageBuilderExtensions
{
    /// <summary>
    /// Stores the repository in an S3 bucket (or an S3-compatible store) described by <paramref name="configure"/>,
    /// instead of the local directory. The options are validated when first read and, under a host, at start.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBackupSdk</c>.</param>
    /// <param name="configure">Sets the bucket, prefix, endpoint and behaviour.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddS3Storage(this IBackupSdkBuilder builder, Action<S3StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<S3StorageOptions>().Configure(configure).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<S3StorageOptions>, S3StorageOptionsValidator>();
        return builder.UseStorage(static provider => new S3StorageBackend(provider.GetRequiredService<IOptions<S3StorageOptions>>().Value));
    }

    private sealed class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
