namespace Backup.Sdk.Storage.Local;

/// <summary>Options of <see cref="LocalStorageBackend"/>.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>The root directory of the store; relative paths are resolved against the current directory. Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// Whether each put flushes the object's data to the device before it becomes visible (<c>fsync</c>). On by default:
    /// without it a power failure can leave a visible object with lost content. Turn it off only for scratch stores.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;
}
