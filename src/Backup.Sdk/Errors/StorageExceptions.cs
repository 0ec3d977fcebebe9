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
public sealed class StorageUnavailableException : BackupException
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
