using System.Text;

namespace Backup.Sdk.Benchmarks;

/// <summary>Deterministic inputs for the benchmarks.</summary>
internal static class TestData
{
    public const int OneMiB = 1024 * 1024;
    public const int SixtyFourMiB = 64 * 1024 * 1024;

    /// <summary>Incompressible bytes.</summary>
    public static byte[] Random(int size, int seed = 42)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>
    /// Text-like bytes that zstd compresses roughly 3 to 4 times: words from a small vocabulary with numbers, like logs.
    /// </summary>
    public static byte[] TextLike(int size, int seed = 42)
    {
        string[] words =
        [
            "backup", "restore", "snapshot", "chunk", "pack", "index", "tree", "blob", "the", "of", "and", "to", "in",
            "error", "warning", "info", "request", "completed", "failed", "retry", "user", "file", "directory", "size",
        ];
        var random = new Random(seed);
        var text = new StringBuilder(size + 64);
        while (text.Length < size)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
            if (random.Next(8) == 0)
            {
                text.Append(random.Next(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
                    .Append(random.Next(12) == 0 ? '\n' : ' ');
            }
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString(0, size));
        return bytes;
    }
}
