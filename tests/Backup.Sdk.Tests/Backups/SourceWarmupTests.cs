using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Tests.Sources.FileSystem;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class SourceWarmupTests
{
    [Test]
    public async Task RunAsync_OverATreeWithALinkAndAMissingPath_CompletesWithoutChangingAnything()
    {
        using var source = new TemporaryDirectory();
        using var outside = new TemporaryDirectory();
        Directory.CreateDirectory(source.Combine("a/b/c"));
        File.WriteAllText(source.Combine("a/b/c/file"), "x");
        File.WriteAllText(outside.Combine("target"), "y");
        File.CreateSymbolicLink(source.Combine("a/link"), outside.Path);
        var before = Snapshot(source.Path);

        var warmup = SourceWarmup.RunAsync(new FileBackupOptions { Paths = [source.Path, source.Combine("missing"), source.Combine("a/b/c/file")] });

        await warmup.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(warmup.IsCompletedSuccessfully, Is.True);
        Assert.That(Snapshot(source.Path), Is.EqualTo(before), "names and modification times are as they were");
    }

    [Test]
    public async Task RunAsync_Cancelled_CompletesWithoutFaulting()
    {
        using var source = new TemporaryDirectory();
        for (var i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(source.Combine($"d{i}/e"));
        }

        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var warmup = SourceWarmup.RunAsync(new FileBackupOptions { Paths = [source.Path] }, stop.Token);

        await warmup.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(warmup.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void RunAsync_WithoutOptions_Throws() =>
        Assert.That(() => SourceWarmup.RunAsync(null!), Throws.ArgumentNullException);

    private static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => $"{p} {new FileInfo(p).LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];
}
