using System.Reflection;

namespace Backup.Cli.Tests;

public class CliTests
{
    [Test]
    public async Task Version_PrintsInformationalVersionAndExitsZero()
    {
        var expected = typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var run = await CliRun.RunAsync(["--version"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(run.Stdout.Trim(), Is.EqualTo(expected));
            Assert.That(run.Stdout, Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(run.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task UnknownVerb_ExitsWithUsageErrorAndPrintsUsageOnStderr()
    {
        var run = await CliRun.RunAsync(["frobnicate"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("frobnicate"));
            Assert.That(run.Stderr, Does.Contain("Usage:"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task UnknownOption_ExitsWithUsageError()
    {
        var run = await CliRun.RunAsync(["--no-such-option"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }

    [Test]
    public async Task NoVerb_ExitsWithUsageErrorAndPrintsUsageOnStderr()
    {
        var run = await CliRun.RunAsync([]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("Usage:"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Help_ListsGlobalOptionsOnStdoutAndExitsZero()
    {
        var run = await CliRun.RunAsync(["--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success));
            foreach (var option in new[] { "--repo", "--password-file", "--json", "--quiet", "--verbose", "--version" })
            {
                Assert.That(run.Stdout, Does.Contain(option));
            }
        });
    }
}
