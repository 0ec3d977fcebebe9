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

/// <summary>
/// Another open of the volume (in this process or another one) holds it: a volume directory is opened by one provider at
/// a time, because opening recovers what a crashed run left half done and every open may write.
/// </summary>
public sealed class VolumeInUseException : BackupException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The volume directory.</param>
    public VolumeInUseException(string path)
        : base($"The volume {path} is in use by another process (or another open in this one); try again when it is closed.")
    {
        Path = path;
    }

    /// <summary>The volume directory.</summary>
    public string Path { get; }
}
