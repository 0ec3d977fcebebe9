namespace Backup.Sdk;

/// <summary>No repository exists at the location (no config object was found).</summary>
public sealed class RepositoryNotFoundException : BackupException
{
    /// <summary>Creates the exception for a location.</summary>
    public RepositoryNotFoundException(string location, Exception? innerException = null)
        : base($"No repository found at '{location}'.", innerException)
    {
        Location = location;
    }

    /// <summary>The location that was opened.</summary>
    public string Location { get; }
}

/// <summary>A repository already exists where a new one was to be created.</summary>
public sealed class RepositoryAlreadyExistsException : BackupException
{
    /// <summary>Creates the exception for a location.</summary>
    public RepositoryAlreadyExistsException(string location)
        : base($"A repository already exists at '{location}'.")
    {
        Location = location;
    }

    /// <summary>The location where the repository exists.</summary>
    public string Location { get; }
}

/// <summary>No key of the repository opens with the password given.</summary>
public sealed class WrongPasswordException : BackupException
{
    /// <summary>Creates the exception.</summary>
    public WrongPasswordException(string message = "Wrong password: no key of the repository opens with it.")
        : base(message)
    {
    }
}

/// <summary>
/// A stored object failed to decode or authenticate: truncated, bit-flipped, forged or of another type than expected.
/// </summary>
public sealed class CorruptObjectException : BackupException
{
    /// <summary>Creates the exception for an object.</summary>
    /// <param name="objectName">The storage name of the object, e.g. <c>data/ab/ab12…</c>, or a blob as <c>pack/blob</c>.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public CorruptObjectException(string objectName, string detail, Exception? innerException = null)
        : base($"Object '{objectName}' is damaged: {detail}", innerException)
    {
        ObjectName = objectName;
        Detail = detail;
    }

    /// <summary>The storage name of the damaged object.</summary>
    public string ObjectName { get; }

    /// <summary>What is wrong with it.</summary>
    public string Detail { get; }
}

/// <summary>An object is stored in a format version newer than this code understands.</summary>
public sealed class UnsupportedFormatVersionException : BackupException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedFormatVersionException(string objectName, int version, int highestSupported)
        : base($"Object '{objectName}' uses format version {version}; this version of Backup.Sdk reads versions up to {highestSupported}. Upgrade Backup.Sdk to open it.")
    {
        ObjectName = objectName;
        Version = version;
        HighestSupported = highestSupported;
    }

    /// <summary>The object whose version is unknown.</summary>
    public string ObjectName { get; }

    /// <summary>The version found.</summary>
    public int Version { get; }

    /// <summary>The newest version this code reads.</summary>
    public int HighestSupported { get; }
}

/// <summary>An object belongs to another repository than the one being opened (e.g. a config copied from elsewhere).</summary>
public sealed class RepositoryMismatchException : BackupException
{
    /// <summary>Creates the exception.</summary>
    public RepositoryMismatchException(string objectName, string expectedRepositoryId, string actualRepositoryId)
        : base($"Object '{objectName}' belongs to repository {actualRepositoryId}, not to repository {expectedRepositoryId}.")
    {
        ObjectName = objectName;
        ExpectedRepositoryId = expectedRepositoryId;
        ActualRepositoryId = actualRepositoryId;
    }

    /// <summary>The object that does not belong.</summary>
    public string ObjectName { get; }

    /// <summary>The repository being opened.</summary>
    public string ExpectedRepositoryId { get; }

    /// <summary>The repository the object names.</summary>
    public string ActualRepositoryId { get; }
}
