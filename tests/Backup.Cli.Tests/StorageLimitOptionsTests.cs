using System.CommandLine;
using System.IO.Abstractions.TestingHelpers;
using Backup.Cli.Commands;
using Backup.Sdk.Storage.Resilience;

namespace Backup.Cli.Tests;

public class StorageLimitOptionsTests
{
    private static CliContext Parse(string[] args, Dictionary<string, string?>? variables = null)
    {
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, variables ?? new(), new MockFileSystem(), new FakePasswordPrompt(isInteractive: false));
        var host = new CliHost(environment);
        var root = BackupRootCommand.Create(host);
        root.Subcommands.Add(new Command("probe"));
        return host.CreateContext(root.Parse(args));
    }

    [Test]
    public void LimitOptions_AreKibPerSecond_AndApplyToTheStorage()
    {
        var context = Parse(["probe", "--repo", "/r", "--limit-upload", "512", "--limit-download", "2048"]);

        var storage = context.CreateStorage();

        Assert.Multiple(() =>
        {
            Assert.That(context.StorageResilience.UploadBytesPerSecond, Is.EqualTo(512 * 1024));
            Assert.That(context.StorageResilience.DownloadBytesPerSecond, Is.EqualTo(2048 * 1024));
            Assert.That(storage, Is.InstanceOf<RetryingStorageBackend>());
            Assert.That(((ConcurrencyLimitingStorageBackend)((RetryingStorageBackend)storage).Inner).Inner, Is.InstanceOf<BandwidthLimitingStorageBackend>());
        });
    }

    [Test]
    public void WithoutLimits_StorageStillRetries_WithoutBandwidthLimits()
    {
        var context = Parse(["probe", "--repo", "/r"]);

        var storage = (RetryingStorageBackend)context.CreateStorage();

        Assert.That(((ConcurrencyLimitingStorageBackend)storage.Inner).Inner, Is.Not.InstanceOf<BandwidthLimitingStorageBackend>());
    }

    [Test]
    public void ConnectionsVariable_SetsBothConcurrencyLimits()
    {
        var context = Parse(["probe"], new() { [EnvironmentVariables.StorageConnections] = "3" });

        Assert.Multiple(() =>
        {
            Assert.That(context.StorageResilience.MaxConcurrentUploads, Is.EqualTo(3));
            Assert.That(context.StorageResilience.MaxConcurrentDownloads, Is.EqualTo(3));
        });
    }

    [TestCase("--limit-upload", "0")]
    [TestCase("--limit-download", "-5")]
    public void NonPositiveLimit_IsAUsageError(string option, string value)
    {
        var context = Parse(["probe", option, value]);

        var thrown = Assert.Throws<CliUsageException>(() => _ = context.StorageResilience);
        Assert.That(thrown!.Message, Does.Contain(option));
    }

    [Test]
    public async Task Backup_WithLimitUpload_RunsEndToEnd()
    {
        using var temp = new TempDirectoryForLimits();
        var variables = new Dictionary<string, string?> { [EnvironmentVariables.Password] = "pw", [EnvironmentVariables.KdfParameters] = "8192:1" };
        var fileSystem = new System.IO.Abstractions.FileSystem();
        File.WriteAllBytes(Path.Combine(temp.Source, "a"), new byte[200_000]);

        var init = await CliRun.RunAsync(["init", "--repo", temp.Repository], variables, fileSystem);
        var backup = await CliRun.RunAsync(["backup", temp.Source, "--repo", temp.Repository, "--limit-upload", "100000"], variables, fileSystem);

        Assert.That(init.ExitCode, Is.Zero, init.Stderr);
        Assert.That(backup.ExitCode, Is.Zero, backup.Stderr);
    }

    private sealed class TempDirectoryForLimits : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("limits-").FullName;

        public TempDirectoryForLimits() => Directory.CreateDirectory(Source);

        public string Source => Path.Combine(_root, "source");

        public string Repository => Path.Combine(_root, "repo");

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
