using Backup.Sdk.Storage.AzureBlob;
using Backup.Sdk.Storage.S3;

namespace Backup.Cli.Tests.ObjectStorage;

/// <summary>Parsing of <c>s3:</c> and <c>azure:</c> repository locations (no server needed).</summary>
public class ObjectStorageLocationTests
{
    private static readonly Dictionary<string, string?> NoVariables = new();

    private static readonly object[] S3Locations =
    [
        new object?[] { "s3:http://127.0.0.1:9000/backups/host1", "http://127.0.0.1:9000/", "backups", "host1", null, true },
        new object?[] { "s3:127.0.0.1:9000/backups", "https://127.0.0.1:9000/", "backups", "", null, true },
        new object?[] { "s3:minio.example.org/backups/a/b/", "https://minio.example.org/", "backups", "a/b", null, true },
        new object?[] { "s3:s3.eu-west-1.amazonaws.com/backups/host1", null, "backups", "host1", "eu-west-1", false },
        new object?[] { "s3:s3-us-west-2.amazonaws.com/backups", null, "backups", "", "us-west-2", false },
    ];

    [TestCaseSource(nameof(S3Locations))]
    public void S3_Location_ParsesEndpointBucketPrefixAndAddressing(string location, string? serviceUrl, string bucket, string prefix, string? region, bool pathStyle)
    {
        var options = S3Location.Parse(location, NoVariables);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.ServiceUrl?.ToString(), Is.EqualTo(serviceUrl));
            Assert.That(options.BucketName, Is.EqualTo(bucket));
            Assert.That(options.Prefix, Is.EqualTo(prefix));
            Assert.That(options.UsesPathStyle, Is.EqualTo(pathStyle));
            if (region is not null)
            {
                Assert.That(options.Region, Is.EqualTo(region));
            }
        }
    }

    [Test]
    public void S3_EnvironmentGivesCredentialsRegionAndPathStyle()
    {
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "id",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_DEFAULT_REGION"] = "eu-central-1",
            [S3Location.PathStyleVariable] = "false",
        };

        var options = S3Location.Parse("s3:http://minio.local:9000/backups/h", variables);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Credentials?.GetCredentials().AccessKey, Is.EqualTo("id"));
            Assert.That(options.Region, Is.EqualTo("eu-central-1"));
            Assert.That(options.UsesPathStyle, Is.False);
        }
    }

    [TestCase("s3:", "expected s3:<endpoint>/<bucket>")]
    [TestCase("s3:http://127.0.0.1:9000", "expected s3:<endpoint>/<bucket>")]
    [TestCase("s3:http://127.0.0.1:9000/", "expected s3:<endpoint>/<bucket>")]
    [TestCase("s3:host/Bad_Bucket/x", "not a valid bucket name")]
    [TestCase("s3:host/backups/../x", "not a valid prefix")]
    [TestCase("azure:", "expected azure:<container>")]
    [TestCase("azure:Bad_Container/x", "not a valid container name")]
    [TestCase("azure:backups/a//b", "not a valid prefix")]
    [TestCase("ftp:host/x", "not supported")]
    public async Task Init_MalformedLocation_IsUsageError(string location, string message)
    {
        var variables = new Dictionary<string, string?> { [EnvironmentVariables.Password] = "p", [AzureLocation.ConnectionStringVariable] = "UseDevelopmentStorage=true" };

        var run = await CliRun.RunAsync(["--repo", location, "init"], variables);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain(message));
        }
    }

    [Test]
    public async Task Azure_WithoutConnectionString_IsUsageErrorNamingTheVariable()
    {
        var run = await CliRun.RunAsync(["--repo", "azure:backups/host1", "snapshots"], new Dictionary<string, string?> { [EnvironmentVariables.Password] = "p" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain(AzureLocation.ConnectionStringVariable));
        }
    }

    [Test]
    public void Azure_Location_ParsesContainerAndPrefix()
    {
        var options = AzureLocation.Parse("azure:backups/host1/db", new Dictionary<string, string?> { [AzureLocation.ConnectionStringVariable] = "UseDevelopmentStorage=true" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.ContainerName, Is.EqualTo("backups"));
            Assert.That(options.Prefix, Is.EqualTo("host1/db"));
        }
    }

    [Test]
    public async Task S3_UnreachableServer_FailsWithClearMessageAndExitOne()
    {
        // A port on the loopback that nothing listens on: connection refused at once.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var variables = new Dictionary<string, string?> { [EnvironmentVariables.Password] = "p", ["AWS_ACCESS_KEY_ID"] = "a", ["AWS_SECRET_ACCESS_KEY"] = "b" };

        var run = await CliRun.RunAsync(["--repo", $"s3:http://127.0.0.1:{port}/backups/h", "snapshots"], variables);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("cannot be reached").And.Contain($"127.0.0.1:{port}"));
        }
    }
}
