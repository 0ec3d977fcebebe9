using System.Text.Json;
using Backup.Sdk;

namespace Backup.Cli.Tests;

public class FailureReporterTests
{
    private static IEnumerable<TestCaseData> ExitCodeCases()
    {
        yield return new TestCaseData(new RepositoryNotFoundException("/repo"), ExitCodes.RepositoryNotFound).SetName("RepositoryNotFound_Is10");
        yield return new TestCaseData(new WrongPasswordException(), ExitCodes.WrongPassword).SetName("WrongPassword_Is11");
        yield return new TestCaseData(new ArgumentException("bad"), ExitCodes.UsageError).SetName("ArgumentException_Is2");
        yield return new TestCaseData(new CliUsageException("bad"), ExitCodes.UsageError).SetName("CliUsageException_Is2");
        yield return new TestCaseData(new CorruptObjectException("data/ab/ab12", "bad tag"), ExitCodes.Failure).SetName("OtherBackupException_Is1");
        yield return new TestCaseData(new InvalidOperationException("bug"), ExitCodes.Failure).SetName("UnexpectedException_Is1");
        yield return new TestCaseData(new AggregateException(new WrongPasswordException()), ExitCodes.WrongPassword).SetName("SingleAggregate_IsUnwrapped");
    }

    [TestCaseSource(nameof(ExitCodeCases))]
    public void ExitCodeFor_MapsExceptionTypes(Exception exception, int expected)
    {
        Assert.That(FailureReporter.ExitCodeFor(exception), Is.EqualTo(expected));
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Test]
    public void Report_WithoutVerbose_PrintsMessageButNoStackTrace()
    {
        using var stderr = new StringWriter();
        var exception = Thrown(new RepositoryNotFoundException("/repo"));

        var exitCode = FailureReporter.Report(exception, stderr, verbose: false, json: false);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.RepositoryNotFound));
            Assert.That(stderr.ToString(), Does.Contain("No repository found at '/repo'"));
            Assert.That(stderr.ToString(), Does.Not.Contain(nameof(Thrown)));
        });
    }

    [Test]
    public void Report_WithVerbose_PrintsStackTrace()
    {
        using var stderr = new StringWriter();
        var exception = Thrown(new InvalidOperationException("bug"));

        FailureReporter.Report(exception, stderr, verbose: true, json: false);

        Assert.That(stderr.ToString(), Does.Contain(nameof(Thrown)));
    }

    [Test]
    public void Report_WithJson_WritesOneCamelCaseDocument()
    {
        using var stderr = new StringWriter();

        var exitCode = FailureReporter.Report(new WrongPasswordException(), stderr, verbose: false, json: true);

        using var document = JsonDocument.Parse(stderr.ToString());
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.WrongPassword));
            Assert.That(root.GetProperty("messageType").GetString(), Is.EqualTo("error"));
            Assert.That(root.GetProperty("exitCode").GetInt32(), Is.EqualTo(ExitCodes.WrongPassword));
            Assert.That(root.GetProperty("message").GetString(), Does.Contain("Wrong password"));
            Assert.That(root.TryGetProperty("detail", out _), Is.False);
        });
    }
}
