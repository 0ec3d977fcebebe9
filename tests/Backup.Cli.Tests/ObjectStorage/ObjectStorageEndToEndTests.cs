using System.IO.Abstractions;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Cli.Tests.ObjectStorage;

/// <summary>
/// <c>init</c>, <c>backup</c>, <c>restore</c> and <c>check</c> through the CLI against real servers (s3rver, Azurite):
/// the location creates its bucket or container, and what comes back is what went in.
/// </summary>
[Category("Integration")]
public class ObjectStorageEndToEndTests
{
    private const string Password = "object-storage-password";
    private string _temp = null!;

    private string Source => Path.Combine(_temp, "source");

    private string Target => Path.Combine(_temp, "target");

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "backup-cli-objects-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Source, "docs"));
        File.WriteAllText(Path.Combine(Source, "docs", "a.txt"), "alpha");
        var big = new byte[3 << 20];
#pragma warning disable CA5394 // test data
        new Random(7).NextBytes(big);
#pragma warning restore CA5394
        File.WriteAllBytes(Path.Combine(Source, "big.bin"), big);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task S3Location_InitBackupRestoreCheck_RoundTrips()
    {
        var endpoint = TestServices.S3Endpoint;
        var location = $"s3:{endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("cli")}/hosts/h1";
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = TestServices.S3AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
        };

        await RoundTripAsync(location, variables);
    }

    [Test]
    public async Task AzureLocation_InitBackupRestoreCheck_RoundTrips()
    {
        var location = $"azure:{TestServices.UniqueName("cli")}/hosts/h1";
        var variables = new Dictionary<string, string?> { [AzureLocation.ConnectionStringVariable] = TestServices.AzureConnectionString };

        await RoundTripAsync(location, variables);
    }

    [Test]
    public async Task S3Location_UnknownAccessKey_FailsWithAccessDenied()
    {
        // s3rver checks that the access key exists but does not verify SigV4 signatures, so a wrong secret would pass.
        var location = $"s3:{TestServices.S3Endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("cli")}/h";
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "NOT-A-KEY",
            ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
        };

        var run = await RunAsync(location, variables, "init");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), run.Stderr);
            Assert.That(run.Stderr, Does.Contain("access denied"));
        }
    }

    [Test]
    public async Task S3Location_MissingBucket_SaysSoAndExitsOne()
    {
        var location = $"s3:{TestServices.S3Endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("none")}/h";
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = TestServices.S3AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
        };

        var run = await RunAsync(location, variables, "snapshots");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), run.Stderr);
            Assert.That(run.Stderr, Does.Contain("bucket does not exist"));
        }
    }

    private async Task RoundTripAsync(string location, Dictionary<string, string?> variables)
    {
        var init = await RunAsync(location, variables, "init");
        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Success), init.Stderr);

        var backup = await RunAsync(location, variables, "backup", Source);
        Assert.That(backup.ExitCode, Is.EqualTo(ExitCodes.Success), backup.Stderr);

        var restore = await RunAsync(location, variables, "restore", "latest", "--target", Target);
        var check = await RunAsync(location, variables, "check", "--read-data");
        var restored = Path.Combine(Target, Source.TrimStart('/'));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(restore.ExitCode, Is.EqualTo(ExitCodes.Success), restore.Stderr);
            Assert.That(File.ReadAllText(Path.Combine(restored, "docs", "a.txt")), Is.EqualTo("alpha"));
            Assert.That(File.ReadAllBytes(Path.Combine(restored, "big.bin")), Is.EqualTo(File.ReadAllBytes(Path.Combine(Source, "big.bin"))));
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stderr + check.Stdout);
        }
    }

    private static Task<CliRun> RunAsync(string location, Dictionary<string, string?> variables, params string[] args)
    {
        var all = new Dictionary<string, string?>(variables)
        {
            [EnvironmentVariables.Password] = Password,
            [EnvironmentVariables.KdfParameters] = "8192:1",
        };
        return CliRun.RunAsync(["--repo", location, .. args], all, new FileSystem());
    }
}
