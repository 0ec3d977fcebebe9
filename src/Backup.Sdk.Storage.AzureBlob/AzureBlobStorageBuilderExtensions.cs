using Backup.Sdk.Storage.AzureBlob;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AzureBlobStorageBackend"/> as the repository's storage.</summary>
public static class AzureBlobStorageBuilderExtensions
{
    /// <summary>
    /// Stores the repository in an Azure Blob Storage container described by <paramref name="configure"/>, instead of the
    /// local directory. The options are validated when first read and, under a host, at start.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBackupSdk</c>.</param>
    /// <param name="configure">Sets the container, prefix, credentials and behaviour.</param>
    /// <returns>The builder.</returns>
    public static IBackupSdkBuilder AddAzureBlobStorage(this IBackupSdkBuilder builder, Action<AzureBlobStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<AzureBlobStorageOptions>().Configure(configure).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AzureBlobStorageOptions>, AzureBlobStorageOptionsValidator>();
        return builder.UseStorage(static provider => new AzureBlobStorageBackend(provider.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value));
    }

    private sealed class AzureBlobStorageOptionsValidator : IValidateOptions<AzureBlobStorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, AzureBlobStorageOptions options)
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
