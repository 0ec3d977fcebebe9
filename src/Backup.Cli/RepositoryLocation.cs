using System.IO.Abstractions;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli;

/// <summary>Turns a <c>--repo</c> location into a storage backend. Today: a local directory path.</summary>
internal static class RepositoryLocation
{
    /// <summary>Creates the backend for a location.</summary>
    /// <exception cref="CliUsageException">The location names a scheme this build does not know.</exception>
    public static IStorageBackend CreateStorage(string location, IFileSystem fileSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && !location.StartsWith('/') && location[..colon].All(char.IsAsciiLetterLower))
        {
            throw new CliUsageException($"Repository location '{location}': the scheme '{location[..colon]}:' is not supported; give a directory path.");
        }

        return new LocalStorageBackend(fileSystem, fileSystem.Path.GetFullPath(location));
    }
}
