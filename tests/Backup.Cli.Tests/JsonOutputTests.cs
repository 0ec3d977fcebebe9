namespace Backup.Cli.Tests;

public class JsonOutputTests
{
    [Test]
    public void Write_PrintsOneLineDocument_AndRefusesASecond()
    {
        using var stdout = new StringWriter();
        var output = new JsonOutput(stdout);
        var document = new ErrorDocument("error", 1, "m", null);

        output.Write(document, CliJsonContext.Default.ErrorDocument);

        Assert.Multiple(() =>
        {
            Assert.That(stdout.ToString(), Is.EqualTo("{\"messageType\":\"error\",\"exitCode\":1,\"message\":\"m\"}" + Environment.NewLine));
            Assert.That(() => output.Write(document, CliJsonContext.Default.ErrorDocument), Throws.InvalidOperationException);
        });
    }
}
