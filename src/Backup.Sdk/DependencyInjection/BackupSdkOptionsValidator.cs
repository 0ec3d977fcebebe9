using Microsoft.Extensions.Options;

namespace Backup.Sdk.DependencyInjection;

/// <summary>Checks <see cref="BackupSdkOptions"/>: a password or a password source, and a repository path when the default storage is used.</summary>
internal sealed class BackupSdkOptionsValidator : IValidateOptions<BackupSdkOptions>
{
    private readonly Func<bool> _usesDefaultStorage;

    public BackupSdkOptionsValidator(Func<bool> usesDefaultStorage)
    {
        _usesDefaultStorage = usesDefaultStorage;
    }

    public ValidateOptionsResult Validate(string? name, BackupSdkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasPassword == options.PasswordSource is not null)
        {
            failures.Add($"Backup.Sdk: set exactly one of {nameof(BackupSdkOptions.Password)} and {nameof(BackupSdkOptions.PasswordSource)}.");
        }

        if (string.IsNullOrWhiteSpace(options.RepositoryPath) && _usesDefaultStorage())
        {
            failures.Add($"Backup.Sdk: {nameof(BackupSdkOptions.RepositoryPath)} is required with the default local storage; set it, or replace the storage with AddStorage/UseStorage.");
        }

        if (options.Repository is null)
        {
            failures.Add($"Backup.Sdk: {nameof(BackupSdkOptions.Repository)} must not be null.");
        }
        else
        {
            try
            {
                options.Repository.Validate();
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Backup.Sdk: {nameof(BackupSdkOptions.Repository)}: {ex.Message}");
            }
        }

        if (options.StorageResilience is null)
        {
            failures.Add($"Backup.Sdk: {nameof(BackupSdkOptions.StorageResilience)} must not be null.");
        }
        else
        {
            foreach (var problem in options.StorageResilience.Validate())
            {
                failures.Add($"Backup.Sdk: {nameof(BackupSdkOptions.StorageResilience)}: {problem}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
