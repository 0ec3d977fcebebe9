namespace Backup.Sdk.Volumes;

/// <summary>A volume snapshot that was asked for does not exist.</summary>
public sealed class VolumeSnapshotNotFoundException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The snapshot's name.</param>
    public VolumeSnapshotNotFoundException(string name)
        : base($"The volume has no snapshot named '{name}'.")
    {
        Name = name;
    }

    /// <summary>The snapshot's name.</summary>
    public string Name { get; }
}

/// <summary>A volume's metadata is missing, damaged or of an unknown version.</summary>
public sealed class VolumeFormatException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The volume or the metadata file.</param>
    /// <param name="message">What is wrong.</param>
    public VolumeFormatException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
    }

    /// <summary>The volume or the metadata file.</summary>
    public string Path { get; }
}
