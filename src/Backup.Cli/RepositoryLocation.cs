using System.IO.Abstractions;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli;

/// <summary>
/// Turns a <c>--repo</c> location into a storage backend: <c>s3:&lt;endpoint&gt;/&lt;bucket&gt;[/&lt;prefix&gt;]</c>,
/// <c>azure:&lt;container&gt;[/&lt;prefix&gt;]</c>, or a local directory path.
/// </summary>
internal static class RepositoryLocation
{
    /// <summary>Creates the backend for a location.</summary>
    /// <param name="location">The location as given.</param>
    /// <param name="fileSystem">The file system, for local paths.</param>
    /// <param name="variables">The environment, for credentials and regions of object stores.</param>
    /// <exception cref="CliUsageException">The location is malformed, or names a scheme this build does not know.</exception>
    public static IStorageBackend CreateStorage(string location, IFileSystem fileSystem, IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (location.StartsWith(S3Location.Scheme, StringComparison.Ordinal))
        {
            return S3Location.CreateStorage(location, variables);
        }

        if (location.StartsWith(AzureLocation.Scheme, StringComparison.Ordinal))
        {
            return AzureLocation.CreateStorage(location, variables);
        }

        var colon = location.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && !location.StartsWith('/') && location[..colon].All(char.IsAsciiLetterLower))
        {
            throw new CliUsageException($"Repository location '{location}': the scheme '{location[..colon]}:' is not supported; give a directory path, s3:<endpoint>/<bucket>/<prefix> or azure:<container>/<prefix>.");
        }

        return new LocalStorageBackend(fileSystem, fileSystem.Path.GetFullPath(location));
    }
}
