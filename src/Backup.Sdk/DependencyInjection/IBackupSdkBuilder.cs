namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <see cref="BackupSdkServiceCollectionExtensions.AddBackupSdk"/> returns, for further configuration: each feature
/// (storage, change detectors) is an extension method on it, as with <c>IHttpClientBuilder</c>.
/// </summary>
public interface IBackupSdkBuilder
{
    /// <summary>The repository's name for named repositories; <see langword="null"/> for the default (unnamed) one.</summary>
    string? Name { get; }

    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}
