namespace Backup.Cli.Tests.EndToEnd;

/// <summary>
/// The real executable parses its command line. In-process runs name the root after the test host, so a clash between
/// the executable's name and a verb (the `backup` verb of the `backup` tool) shows only here.
/// </summary>
[Category("EndToEnd")]
public class ExecutableTests
{
    [TestCase("--version")]
    [TestCase("--help")]
    [TestCase("backup", "--help")]
    [TestCase("restore", "--help")]
    public async Task Executable_ParsesItsCommandLine(params string[] args)
    {
        var result = await new CliProcess("/nonexistent-repo").RunAsync(args);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardError, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task Executable_UnknownVerb_IsAUsageError()
    {
        var result = await new CliProcess("/nonexistent-repo").RunAsync("no-such-verb");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }
}
