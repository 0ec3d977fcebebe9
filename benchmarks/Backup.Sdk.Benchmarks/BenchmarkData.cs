namespace Backup.Sdk.Benchmarks;

/// <summary>Deterministic inputs shared by the benchmarks.</summary>
internal static class BenchmarkData
{
    public const int OneMiB = 1024 * 1024;
    public const int SixtyFourMiB = 64 * 1024 * 1024;

    public static byte[] Random(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
