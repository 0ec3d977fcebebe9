using System.IO.Abstractions;
using Backup.Sdk.Storage.Tests.Support;
using Backup.Sdk.Testing;

namespace Backup.Cli.Tests.ObjectStorage;

/// <summary>
/// The local metadata cache through the CLI against s3rver: on by default for <c>s3:</c> locations (under
/// <c>$XDG_CACHE_HOME</c>), moved by <c>--cache-dir</c>, off with <c>--no-cache</c>; measured with a counting decorator.
/// </summary>
[Category("Integration")]
public class MetadataCacheTests
{
    private const string Password = "metadata-cache-password";
    private string _temp = null!;
    private string _location = null!;

    private string Source => Path.Combine(_temp, "source");

    private string CacheHome => Path.Combine(_temp, "xdg-cache");

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "backup-cli-cache-" + Guid.NewGuid().ToString("N"));
        for (var d = 0; d < 5; d++)
        {
            var directory = Path.Combine(Source, $"d{d}");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "a.txt"), $"file {d}");
        }

        _location = $"s3:{TestServices.S3Endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("cache")}/h";
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task S3Location_SecondBackupAndLs_DownloadLessWithTheDefaultCache()
    {
        var init = await RunAsync("init");
        Assert.That(init.Run.ExitCode, Is.EqualTo(ExitCodes.Success), init.Run.Stderr);
        var first = await RunAsync("backup", Source);
        var second = await RunAsync("backup", Source);
        // The backed-up directory's own subtree: the snapshots also record its parents (/tmp among them), whose times other
        // processes change between the second backup and the third.
        var ls = await RunAsync("ls", "latest", Source);
        var uncached = await RunAsync("--no-cache", "backup", Source);
        var uncachedLs = await RunAsync("--no-cache", "ls", "latest", Source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Run.ExitCode, Is.EqualTo(ExitCodes.Success), first.Run.Stderr);
            Assert.That(second.Run.ExitCode, Is.EqualTo(ExitCodes.Success), second.Run.Stderr);
            Assert.That(ls.Run.Stdout, Is.EqualTo(uncachedLs.Run.Stdout));
            Assert.That(ls.Run.Stdout, Does.Contain("a.txt"));
            Assert.That(Directory.GetDirectories(Path.Combine(CacheHome, "backup-sdk")), Has.Length.EqualTo(1), "one repository's cache");
            Assert.That(Metadata(second.Counting), Is.Zero, "everything the second backup needed was cached");
            Assert.That(Metadata(ls.Counting), Is.Zero);
            Assert.That(Metadata(uncached.Counting), Is.GreaterThan(0));
            Assert.That(Metadata(uncachedLs.Counting), Is.GreaterThan(0));
            Assert.That(second.Counting.BytesDownloaded, Is.LessThan(uncached.Counting.BytesDownloaded));
        }
    }

    [Test]
    public async Task S3Location_CacheDir_MovesTheCacheAndNoCacheWritesNone()
    {
        var elsewhere = Path.Combine(_temp, "elsewhere");
        await RunAsync("init");
        await RunAsync("--no-cache", "backup", Source);
        Assert.That(Directory.Exists(CacheHome), Is.False);

        var moved = await RunAsync("--cache-dir", elsewhere, "snapshots");
        var again = await RunAsync("--cache-dir", elsewhere, "snapshots");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(moved.Run.ExitCode, Is.EqualTo(ExitCodes.Success), moved.Run.Stderr);
            Assert.That(Directory.Exists(CacheHome), Is.False);
            Assert.That(moved.Counting.DownloadsIn("snapshots"), Is.EqualTo(1));
            Assert.That(again.Counting.DownloadsIn("snapshots"), Is.Zero);
            Assert.That(again.Run.Stdout, Is.EqualTo(moved.Run.Stdout));
        }
    }

    private static long Metadata(Downloads counting) =>
        counting.DownloadsIn("index") + counting.DownloadsIn("snapshots") + counting.DownloadsIn("data");

    private async Task<(CliRun Run, Downloads Counting)> RunAsync(params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = TestServices.S3AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
            ["XDG_CACHE_HOME"] = CacheHome,
            [EnvironmentVariables.Password] = Password,
            [EnvironmentVariables.KdfParameters] = "8192:1",
        };
        var counting = new Downloads();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, variables, new FileSystem(), new FakePasswordPrompt(isInteractive: false),
            args[0] == "init" ? null : counting.Wrap); // init creates the bucket through the backend's own ICreatableStorage
        var exitCode = await Cli.RunAsync(["--repo", _location, .. args], environment);
        return (new CliRun(exitCode, stdout.ToString(), stderr.ToString()), counting);
    }

    /// <summary>The downloads of every backend one run created.</summary>
    private sealed class Downloads
    {
        private readonly List<CountingStorageBackend> _backends = [];

        public long BytesDownloaded => _backends.Sum(b => b.BytesDownloaded);

        public Backup.Sdk.Storage.IStorageBackend Wrap(Backup.Sdk.Storage.IStorageBackend storage)
        {
            var counting = new CountingStorageBackend(storage);
            _backends.Add(counting);
            return counting;
        }

        public long DownloadsIn(string folder) => _backends.Sum(b => b.DownloadsIn(folder));
    }
}
