namespace Backup.Sdk;

/// <summary>An object that was asked for does not exist in storage.</summary>
public sealed class ObjectNotFoundException : BackupException
{
    /// <summary>Creates the exception for an object name.</summary>
    public ObjectNotFoundException(string objectName, Exception? innerException = null)
        : base($"Object '{objectName}' does not exist.", innerException)
    {
        ObjectName = objectName;
    }

    /// <summary>The storage name that was not found.</summary>
    public string ObjectName { get; }
}

/// <summary>A create-only write found the object already there.</summary>
public sealed class ObjectAlreadyExistsException : BackupException
{
    /// <summary>Creates the exception for an object name.</summary>
    public ObjectAlreadyExistsException(string objectName, Exception? innerException = null)
        : base($"Object '{objectName}' already exists.", innerException)
    {
        ObjectName = objectName;
    }

    /// <summary>The storage name that exists.</summary>
    public string ObjectName { get; }
}

/// <summary>The storage could not be reached or refused the operation.</summary>
/// <remarks>Not sealed: <see cref="ConditionalWritesIgnoredException"/> is the one refinement a caller may want to tell apart.</remarks>
public class StorageUnavailableException : BackupException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the object or location.</param>
    /// <param name="isTransient">Whether the same call may succeed later.</param>
    /// <param name="innerException">The backend's own exception.</param>
    public StorageUnavailableException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        _isTransient = isTransient;
    }

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;
}

/// <summary>
/// The store accepted a conditional write (<c>If-None-Match: *</c>) over an existing object, and the backend's options
/// require conditional writes (e.g. <c>S3ConditionalWrites.Require</c>). Not transient: the store will not change its mind.
/// </summary>
public sealed class ConditionalWritesIgnoredException : StorageUnavailableException
{
    /// <summary>Creates the exception for a storage location.</summary>
    /// <param name="location">The store, as <see cref="Storage.IStorageBackend.Location"/> gives it.</param>
    /// <param name="message">What was required; <see langword="null"/> for the standard message.</param>
    public ConditionalWritesIgnoredException(string location, string? message = null)
        : base(message ?? $"The store at '{location}' ignores conditional writes (If-None-Match: *), which the options require.", isTransient: false)
    {
        Location = location;
    }

    /// <summary>The store that ignores conditional writes.</summary>
    public string Location { get; }
}

/// <summary>
/// A temporary file in the local temporary directory (a pack being filled before its upload) could not be created, written
/// or read: the directory is missing, not writable, or full. Nothing was stored from the pack; the repository is unchanged
/// by it. Set <c>RepositoryOptions.TemporaryDirectory</c> (or <c>TMPDIR</c>) to a directory with room.
/// </summary>
public sealed class TemporaryStorageException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The temporary directory.</param>
    /// <param name="innerException">The file system's exception.</param>
    public TemporaryStorageException(string directory, Exception innerException)
        : base($"Cannot use a temporary file in '{directory}': {innerException?.Message}", innerException)
    {
        Directory = directory;
    }

    /// <summary>The temporary directory.</summary>
    public string Directory { get; }
}
