using Backup.Sdk.Volumes;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>A temporary directory for volume tests, and the two providers as a test case table.</summary>
internal sealed class VolumeTestDirectory : IDisposable
{
    public VolumeTestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("backup-volumes-").FullName;
    }

    public string Root { get; }

    public static IEnumerable<SnapshotProviderKind> Kinds => [SnapshotProviderKind.CopyOnWrite, SnapshotProviderKind.RedirectOnWrite];

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static async Task<byte[]> ReadAllAsync(IBlockVolume volume)
    {
        var bytes = new byte[volume.Geometry.Size];
        await volume.ReadAsync(0, bytes);
        return bytes;
    }

    /// <summary>A recognisable pattern: every block differs from every other and from its earlier versions.</summary>
    public static byte[] Pattern(int blocks, int blockSize, Random random)
    {
        var bytes = new byte[blocks * blockSize];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Byte comparison fast enough for images of many MiB (NUnit's collection equality goes element by element).</summary>
internal static class Bytes
{
    public static void AssertSame(byte[] actual, byte[] expected, string? message = null)
    {
        var differsAt = actual.AsSpan().CommonPrefixLength(expected);
        Assert.That(actual.Length == expected.Length && differsAt == expected.Length, Is.True, $"{message}: the bytes differ from offset {differsAt} (lengths {actual.Length} and {expected.Length})");
    }
}
