using System.CommandLine;
using System.IO.Abstractions.TestingHelpers;
using Backup.Cli.Commands;

namespace Backup.Cli.Tests;

public class CliContextTests
{
    private static CliContext Parse(string[] args, Dictionary<string, string?> variables)
    {
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, variables, new MockFileSystem(), new FakePasswordPrompt(isInteractive: false));
        var host = new CliHost(environment);
        var root = BackupRootCommand.Create(host);
        // A stand-in verb, so that the recursive global options can be given after it as users will.
        root.Subcommands.Add(new Command("probe"));
        return host.CreateContext(root.Parse(args));
    }

    [Test]
    public void RepoOption_WinsOverEnvironmentVariable()
    {
        var context = Parse(["probe", "--repo", "/from/option"], new() { [EnvironmentVariables.Repository] = "/from/env" });

        Assert.That(context.RequireRepositoryLocation(), Is.EqualTo("/from/option"));
    }

    [Test]
    public void EnvironmentVariable_IsUsedWithoutRepoOption()
    {
        var context = Parse(["probe"], new() { [EnvironmentVariables.Repository] = "/from/env" });

        Assert.That(context.RequireRepositoryLocation(), Is.EqualTo("/from/env"));
    }

    [Test]
    public void NoRepository_FailsWithMessageNamingOptionAndVariable()
    {
        var context = Parse(["probe"], new());

        var ex = Assert.Throws<CliUsageException>(() => context.RequireRepositoryLocation());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("--repo"));
            Assert.That(ex.Message, Does.Contain(EnvironmentVariables.Repository));
        });
    }

    [Test]
    public void GlobalFlags_AreAcceptedBeforeAndAfterTheVerb()
    {
        var before = Parse(["--json", "-q", "probe"], new());
        var after = Parse(["probe", "--json", "-v"], new());

        Assert.Multiple(() =>
        {
            Assert.That(before.Json, Is.True);
            Assert.That(before.Quiet, Is.True);
            Assert.That(after.Json, Is.True);
            Assert.That(after.Verbose, Is.True);
        });
    }

    [Test]
    public void PasswordFileOption_ReachesThePasswordProvider()
    {
        var context = Parse(["probe", "--password-file", "/p.txt"], new());

        Assert.That(context.Passwords.DescribeSource(), Does.Contain("/p.txt"));
    }
}
