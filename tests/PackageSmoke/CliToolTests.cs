using System.Diagnostics;

namespace PackageSmoke;

/// <summary>The `backup` tool as installed from the feed with `dotnet tool install` (scripts/test.sh installs it first).</summary>
public class CliToolTests
{
    [Test]
    public void InstalledTool_PrintsThePackageVersion()
    {
        if (!File.Exists(SmokeSettings.ToolPath))
        {
            Assert.Fail($"'{SmokeSettings.ToolPath}' is not installed; scripts/test.sh installs it from the feed before running these tests.");
        }

        var start = new ProcessStartInfo(SmokeSettings.ToolPath, "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "backup --version finished");

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Zero, stderr.Result);
            // The informational version may carry "+<commit>" after the package version.
            Assert.That(stdout.Result.Trim(), Does.Match($"^{System.Text.RegularExpressions.Regex.Escape(SmokeSettings.Version)}(\\+[0-9a-f]+)?$"));
        });
    }
}
