using System.Globalization;
using System.Text.Json;

namespace Backup.Sdk.Volumes;

/// <summary>
/// The parts of a volume directory both providers share: <c>volume.json</c> (the geometry and the provider),
/// <c>snapshots.json</c> (the catalog), the <c>snapshots/</c> folder whose files are named by snapshot sequence, and
/// <c>volume.lock</c>, on which an opened directory holds an exclusive flock until it is disposed (one open at a time).
/// </summary>
internal sealed class VolumeDirectory : IDisposable
{
    public const string DescriptorName = "volume.json";
    public const string CatalogName = "snapshots.json";
    public const string LockName = "volume.lock";

    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _lock;

    private VolumeDirectory(string path, VolumeDescriptor descriptor, SnapshotCatalogDocument catalog, Microsoft.Win32.SafeHandles.SafeFileHandle? heldLock = null)
    {
        _lock = heldLock;
        Path = path;
        Descriptor = descriptor;
        Catalog = catalog;
        Geometry = new VolumeGeometry(descriptor.BlockSize, descriptor.BlockCount);
    }

    public string Path { get; }

    public VolumeDescriptor Descriptor { get; }

    public VolumeGeometry Geometry { get; }

    public SnapshotCatalogDocument Catalog { get; private set; }

    public string SnapshotsPath => System.IO.Path.Combine(Path, "snapshots");

    public static VolumeDirectory Create(string path, VolumeGeometry geometry, string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        geometry.Validate();
        var full = System.IO.Path.GetFullPath(path);
        var directory = new DirectoryInfo(full);
        if (directory.Exists ? directory.EnumerateFileSystemInfos().Any() : new FileInfo(full).Exists)
        {
            throw new IOException($"{full} already exists and is not an empty directory.");
        }

        directory.Create();
        directory.CreateSubdirectory("snapshots");
        var created = new VolumeDirectory(full, new VolumeDescriptor { Provider = provider, BlockSize = geometry.BlockSize, BlockCount = geometry.BlockCount }, new SnapshotCatalogDocument());
        created.SaveCatalog(created.Catalog);
        return created;
    }

    /// <summary>Writes <c>volume.json</c>, last: a directory without it is not a volume (a create that crashed).</summary>
    public void Commit()
    {
        VolumeFiles.WriteAtomically(System.IO.Path.Combine(Path, DescriptorName), JsonSerializer.SerializeToUtf8Bytes(Descriptor, VolumeJsonContext.Default.VolumeDescriptor));
        VolumeFiles.SyncDirectory(System.IO.Path.GetDirectoryName(Path) ?? "/");
    }

    /// <summary>Opens a volume directory of the given provider and locks it against every other open until disposed.</summary>
    /// <exception cref="VolumeFormatException">The directory is not a volume of <paramref name="provider"/>.</exception>
    /// <exception cref="VolumeInUseException">Another open holds the volume.</exception>
    public static VolumeDirectory Open(string path, string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var descriptorPath = System.IO.Path.Combine(full, DescriptorName);
        if (!VolumeFiles.Exists(descriptorPath))
        {
            throw new VolumeFormatException(full, "not a volume (no volume.json)");
        }

        // Locked before anything is read: opening recovers (drops orphans, replays the journal), which must not race.
        var held = VolumeFiles.TryLockExclusive(System.IO.Path.Combine(full, LockName)) ?? throw new VolumeInUseException(full);
        try
        {
            var descriptor = Read(descriptorPath, VolumeJsonContext.Default.VolumeDescriptor);
            var catalog = Read(System.IO.Path.Combine(full, CatalogName), VolumeJsonContext.Default.SnapshotCatalogDocument);
            if (descriptor.Version != VolumeDescriptor.CurrentVersion || catalog.Version != VolumeDescriptor.CurrentVersion)
            {
                throw new VolumeFormatException(full, $"unknown volume format version {descriptor.Version}");
            }

            if (descriptor.Provider != provider)
            {
                throw new VolumeFormatException(full, $"the volume's provider is '{descriptor.Provider}', not '{provider}'");
            }

            var opened = new VolumeDirectory(full, descriptor, catalog, held);
            try
            {
                opened.Geometry.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new VolumeFormatException(descriptorPath, ex.Message);
            }

            return opened;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>The provider recorded in <c>volume.json</c>, read without opening (or locking) the volume.</summary>
    public static string ReadProvider(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var descriptorPath = System.IO.Path.Combine(System.IO.Path.GetFullPath(path), DescriptorName);
        if (!VolumeFiles.Exists(descriptorPath))
        {
            throw new VolumeFormatException(System.IO.Path.GetFullPath(path), "not a volume (no volume.json)");
        }

        return Read(descriptorPath, VolumeJsonContext.Default.VolumeDescriptor).Provider;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock?.Dispose();

    public void SaveCatalog(SnapshotCatalogDocument catalog)
    {
        VolumeFiles.WriteAtomically(System.IO.Path.Combine(Path, CatalogName), JsonSerializer.SerializeToUtf8Bytes(catalog, VolumeJsonContext.Default.SnapshotCatalogDocument));
        Catalog = catalog;
    }

    public string SnapshotFile(long sequence, string extension) =>
        System.IO.Path.Combine(SnapshotsPath, sequence.ToString("D8", CultureInfo.InvariantCulture) + "." + extension);

    /// <summary>Deletes the files of snapshots the catalog does not list (created or deleted by a run that crashed).</summary>
    public void RemoveOrphans()
    {
        var known = new HashSet<long>();
        foreach (var entry in Catalog.Snapshots)
        {
            known.Add(entry.Sequence);
        }

        foreach (var file in new DirectoryInfo(SnapshotsPath).EnumerateFiles())
        {
            var stem = file.Name.Split('.')[0];
            if (!long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || !known.Contains(sequence))
            {
                file.Delete();
            }
        }
    }

    public SnapshotCatalogEntry Find(string name)
    {
        foreach (var entry in Catalog.Snapshots)
        {
            if (entry.Name == name)
            {
                return entry;
            }
        }

        throw new VolumeSnapshotNotFoundException(name);
    }

    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is > 0 and <= 100 && name[0] != '.';
        foreach (var c in name)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
        }

        if (!valid)
        {
            throw new ArgumentException($"'{name}' is not a valid snapshot name: use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'.", nameof(name));
        }
    }

    private static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(VolumeFiles.ReadAll(path), type) ?? throw new VolumeFormatException(path, "empty document");
        }
        catch (Exception ex) when (ex is JsonException or FileNotFoundException)
        {
            throw new VolumeFormatException(path, ex.Message);
        }
    }
}
