using System.IO.Abstractions;
using System.Text.Json;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Cli.Tests.ObjectStorage;

/// <summary>
/// What the CLI says about a store that ignores conditional writes (s3rver): <c>init</c> warns once on stderr and reports
/// it in its JSON; other verbs warn only with <c>--verbose</c>. A store that honours them (Azurite) gets no warning.
/// </summary>
[Category("Integration")]
public class ConditionalWriteWarningTests
{
    private const string Password = "conditional-write-password";

    [Test]
    public async Task Init_OnS3rverWithJson_WarnsOnceOnStderrAndReportsIgnored()
    {
        var location = S3Location();

        var run = await RunAsync(location, S3Variables(), "init", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        var warnings = WarningLines(run.Stderr);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object), "stdout is the one JSON document");
            Assert.That(document.RootElement.GetProperty("conditionalWrites").GetString(), Is.EqualTo("ignored"));
            Assert.That(warnings, Has.Count.EqualTo(1), run.Stderr);
            Assert.That(warnings.FirstOrDefault(), Does.Contain("ignores conditional writes").And.Contain("init").And.Contain("everything else is safe"));
        }
    }

    [Test]
    public async Task Init_OnS3rverAsText_WarnsOnceEvenWithQuiet()
    {
        var run = await RunAsync(S3Location(), S3Variables(), "init", "--quiet");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(WarningLines(run.Stderr), Has.Count.EqualTo(1), run.Stderr);
            Assert.That(run.Stdout, Does.Not.Contain("warning:"));
        }
    }

    [Test]
    public async Task Init_OnAzuriteWithJson_ReportsHonouredWithoutWarning()
    {
        var location = $"azure:{TestServices.UniqueName("cli")}/hosts/h1";
        var variables = new Dictionary<string, string?> { [AzureLocation.ConnectionStringVariable] = TestServices.AzureConnectionString };

        var run = await RunAsync(location, variables, "init", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.GetProperty("conditionalWrites").GetString(), Is.EqualTo("honoured"));
            Assert.That(WarningLines(run.Stderr), Is.Empty, run.Stderr);
        }
    }

    [Test]
    public async Task Snapshots_OnS3rver_WarnsOnlyWithVerbose()
    {
        var location = S3Location();
        var init = await RunAsync(location, S3Variables(), "init");
        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Success), init.Stderr);

        var quiet = await RunAsync(location, S3Variables(), "snapshots", "--json");
        var verbose = await RunAsync(location, S3Variables(), "snapshots", "--json", "-v");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(quiet.ExitCode, Is.EqualTo(ExitCodes.Success), quiet.Stderr);
            Assert.That(verbose.ExitCode, Is.EqualTo(ExitCodes.Success), verbose.Stderr);
            Assert.That(WarningLines(quiet.Stderr), Is.Empty, quiet.Stderr);
            Assert.That(WarningLines(verbose.Stderr), Has.Count.EqualTo(1), verbose.Stderr);
            Assert.That(verbose.Stdout.Trim(), Is.EqualTo("[]"), "stdout stays the JSON document");
        }
    }

    private static string S3Location() =>
        $"s3:{TestServices.S3Endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("cli")}/hosts/h1";

    private static Dictionary<string, string?> S3Variables() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = TestServices.S3AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
    };

    private static List<string> WarningLines(string stderr) =>
        [.. stderr.Split('\n').Where(line => line.StartsWith("warning:", StringComparison.Ordinal) && line.Contains("conditional writes", StringComparison.Ordinal))];

    private static Task<CliRun> RunAsync(string location, Dictionary<string, string?> variables, params string[] args)
    {
        var all = new Dictionary<string, string?>(variables)
        {
            [EnvironmentVariables.Password] = Password,
            [EnvironmentVariables.KdfParameters] = "8192:1",
        };
        return CliRun.RunAsync(["--repo", location, "--no-cache", .. args], all, new FileSystem());
    }
}
