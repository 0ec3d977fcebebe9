using System.IO.Abstractions.TestingHelpers;

namespace Backup.Cli.Tests;

public class PasswordProviderTests
{
    private const string PasswordFile = "/secrets/password.txt";

    private static PasswordProvider Create(
        Dictionary<string, string?> variables,
        string? passwordFileOption = null,
        MockFileSystem? fileSystem = null,
        FakePasswordPrompt? prompt = null) =>
        new(variables, passwordFileOption, fileSystem ?? new MockFileSystem(), prompt ?? new FakePasswordPrompt(isInteractive: false));

    private static MockFileSystem FileSystemWithPasswordFile(string content) =>
        new(new Dictionary<string, MockFileData> { [PasswordFile] = new(content) });

    [Test]
    public void PasswordFileOption_WinsOverEnvironmentVariableAndPrompt()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, answers: "typed");
        var provider = Create(
            new() { [EnvironmentVariables.Password] = "from-env" },
            passwordFileOption: PasswordFile,
            fileSystem: FileSystemWithPasswordFile("from-file\n"),
            prompt: prompt);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetPassword(), Is.EqualTo("from-file"));
            Assert.That(prompt.Asked, Is.Zero);
        });
    }

    [Test]
    public void EnvironmentVariable_WinsOverPasswordFileVariableAndPrompt()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, answers: "typed");
        var provider = Create(
            new() { [EnvironmentVariables.Password] = "from-env", [EnvironmentVariables.PasswordFile] = PasswordFile },
            fileSystem: FileSystemWithPasswordFile("from-file\n"),
            prompt: prompt);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetPassword(), Is.EqualTo("from-env"));
            Assert.That(prompt.Asked, Is.Zero);
        });
    }

    [Test]
    public void PasswordFileOption_IsUsedWithoutEnvironmentVariable_FirstLineOnly()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, answers: "typed");
        var provider = Create(new(), passwordFileOption: PasswordFile, fileSystem: FileSystemWithPasswordFile("from-file\nsecond line\n"), prompt: prompt);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetPassword(), Is.EqualTo("from-file"));
            Assert.That(prompt.Asked, Is.Zero);
        });
    }

    [Test]
    public void PasswordFileVariable_IsUsedWhenOptionIsAbsent()
    {
        var provider = Create(new() { [EnvironmentVariables.PasswordFile] = PasswordFile }, fileSystem: FileSystemWithPasswordFile("from-variable-file\r\n"));

        Assert.That(provider.GetPassword(), Is.EqualTo("from-variable-file"));
    }

    [Test]
    public void PasswordFileOption_WinsOverPasswordFileVariable()
    {
        var fileSystem = FileSystemWithPasswordFile("from-option-file");
        fileSystem.AddFile("/other.txt", new MockFileData("from-variable-file"));
        var provider = Create(new() { [EnvironmentVariables.PasswordFile] = "/other.txt" }, passwordFileOption: PasswordFile, fileSystem: fileSystem);

        Assert.That(provider.GetPassword(), Is.EqualTo("from-option-file"));
    }

    [Test]
    public void Terminal_IsAskedOnlyWhenNothingElseIsGiven()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, answers: "typed");
        var provider = Create(new(), prompt: prompt);

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetPassword(), Is.EqualTo("typed"));
            Assert.That(prompt.Asked, Is.EqualTo(1));
        });
    }

    [Test]
    public void NothingGiven_AndNoTerminal_FailsWithMessageNamingEveryWayToGiveOne()
    {
        var provider = Create(new() { [EnvironmentVariables.Password] = "" });

        var ex = Assert.Throws<CliUsageException>(() => provider.GetPassword());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(EnvironmentVariables.Password));
            Assert.That(ex.Message, Does.Contain("--password-file"));
            Assert.That(ex.Message, Does.Contain(EnvironmentVariables.PasswordFile));
            Assert.That(FailureReporter.ExitCodeFor(ex), Is.EqualTo(ExitCodes.UsageError));
        });
    }

    [Test]
    public void MissingPasswordFile_FailsWithMessageNamingTheFile()
    {
        var provider = Create(new(), passwordFileOption: "/nowhere/password.txt");

        var ex = Assert.Throws<CliUsageException>(() => provider.GetPassword());

        Assert.That(ex!.Message, Does.Contain("/nowhere/password.txt"));
    }

    [Test]
    public void EmptyPasswordFile_FailsRatherThanUsingAnEmptyPassword()
    {
        var provider = Create(new(), passwordFileOption: PasswordFile, fileSystem: FileSystemWithPasswordFile("\n"));

        var ex = Assert.Throws<CliUsageException>(() => provider.GetPassword());

        Assert.That(ex!.Message, Does.Contain("empty"));
    }
}
