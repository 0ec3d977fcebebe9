using System.Runtime.CompilerServices;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.AzureBlob;

namespace Backup.Cli;

/// <summary><c>azure:&lt;container&gt;[/&lt;prefix&gt;]</c>, with the account from <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
internal static class AzureLocation
{
    public const string Scheme = "azure:";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>
    /// The backend for a location. Kept out of line and typed as <see cref="IStorageBackend"/>, so that resolving its
    /// caller does not load the cloud SDK's assemblies: a local repository never maps them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IStorageBackend CreateStorage(string location, IReadOnlyDictionary<string, string?> variables) =>
        new AzureBlobStorageBackend(Parse(location, variables));

    /// <summary>The options a location and the environment describe.</summary>
    /// <exception cref="CliUsageException">The location is malformed or the connection string is missing.</exception>
    public static AzureBlobStorageOptions Parse(string location, IReadOnlyDictionary<string, string?> variables)
    {
        var parts = location[Scheme.Length..].TrimEnd('/').Split('/', 2);
        if (parts[0].Length == 0)
        {
            throw new CliUsageException($"Repository location '{location}': expected azure:<container>[/<prefix>], e.g. azure:backups/host1.");
        }

        if (!variables.TryGetValue(ConnectionStringVariable, out var connectionString) || string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliUsageException($"Repository location '{location}': set {ConnectionStringVariable} to the storage account's connection string.");
        }

        var options = new AzureBlobStorageOptions
        {
            ContainerName = parts[0],
            Prefix = parts.Length > 1 ? parts[1] : string.Empty,
            ConnectionString = connectionString,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"Repository location '{location}': {ex.Message}");
        }

        return options;
    }
}
