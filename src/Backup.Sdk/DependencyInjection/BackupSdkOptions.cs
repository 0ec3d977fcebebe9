using Backup.Sdk.Repository;

namespace Backup.Sdk.DependencyInjection;

/// <summary>
/// How <see cref="Microsoft.Extensions.DependencyInjection.BackupSdkServiceCollectionExtensions.AddBackupSdk"/> reaches and
/// opens the repository. Validated when the options are first read (and at host start, through <c>ValidateOnStart</c>).
/// </summary>
public sealed class BackupSdkOptions
{
    /// <summary>
    /// The directory of the repository, for the default local storage backend. Required unless the storage backend is
    /// replaced (<c>AddStorage</c>, <c>UseStorage</c>, or an <see cref="Storage.IStorageBackend"/> registered by the host).
    /// </summary>
    public string? RepositoryPath { get; set; }

    /// <summary>The repository password. Give this or <see cref="PasswordSource"/>, not both.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Where to get the password when the repository is opened (a secret store, a prompt). Give this or
    /// <see cref="Password"/>, not both. Called once, on the first <see cref="IBackupRepositoryProvider.OpenAsync"/> that succeeds.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? PasswordSource { get; set; }

    /// <summary>How the opened repository behaves (read concurrency, verification before upload).</summary>
    public RepositoryOptions Repository { get; set; } = new();

    /// <summary>
    /// How the storage backend is protected: retries with backoff, put verification, concurrency and bandwidth limits. The
    /// repository provider always wraps the configured backend with these (see <see cref="Storage.Resilience.StorageResilience.Apply"/>).
    /// </summary>
    public Storage.Resilience.StorageResilienceOptions StorageResilience { get; set; } = new();
}
