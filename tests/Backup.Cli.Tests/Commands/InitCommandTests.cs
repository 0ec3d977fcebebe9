using System.IO.Abstractions;
using System.Text.Json;

namespace Backup.Cli.Tests.Commands;

public class InitCommandTests
{
    private TempRepository _repo = null!;

    [SetUp]
    public void SetUp() => _repo = new TempRepository();

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public async Task Init_ThenSnapshotsJson_PrintsEmptyArray()
    {
        var init = await _repo.RunAsync("init");
        var snapshots = await _repo.RunAsync("snapshots", "--json");

        Assert.Multiple(() =>
        {
            Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Success), init.Stderr);
            Assert.That(snapshots.ExitCode, Is.EqualTo(ExitCodes.Success), snapshots.Stderr);
            Assert.That(snapshots.Stdout.Trim(), Is.EqualTo("[]"));
        });
    }

    [Test]
    public async Task Init_Text_PrintsRepositoryIdKeyIdAndPasswordReminder()
    {
        var run = await _repo.RunAsync("init");

        await using var repository = await _repo.OpenAsync();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain(repository.Config.RepositoryId));
            Assert.That(run.Stdout, Does.Contain(repository.Keys.CurrentKeyId));
            Assert.That(run.Stdout, Does.Contain("password"));
            Assert.That(run.Stderr, Does.Contain("Key derivation:").And.Contain("ms"));
        });
    }

    [Test]
    public async Task Init_Json_PrintsOneDocumentWithIdsLocationAndKeyDerivationTime()
    {
        var run = await _repo.RunAsync("init", "--json");

        await using var repository = await _repo.OpenAsync();
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(root.GetProperty("repositoryId").GetString(), Is.EqualTo(repository.Config.RepositoryId));
            Assert.That(root.GetProperty("keyId").GetString(), Is.EqualTo(repository.Keys.CurrentKeyId));
            Assert.That(root.GetProperty("location").GetString(), Is.EqualTo(_repo.Location));
            Assert.That(root.GetProperty("keyDerivation").GetProperty("milliseconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("keyDerivation").GetProperty("memoryKiB").GetInt32(), Is.EqualTo(8192));
            Assert.That(root.GetProperty("conditionalWrites").GetString(), Is.EqualTo("guaranteed"), "a local directory needs no probe");
            Assert.That(run.Stderr, Does.Contain("password"), "the reminder goes to stderr with --json");
            Assert.That(run.Stderr, Does.Not.Contain("warning:"));
        });
    }

    [Test]
    public async Task Init_CreatesMissingParentDirectories()
    {
        var nested = Path.Combine(_repo.Root, "a", "b", "repo");

        var run = await CliRun.RunAsync(["--repo", nested, "init"], _repo.Variables(), new FileSystem());

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(File.Exists(Path.Combine(nested, "config")), Is.True);
        });
    }

    [Test]
    public async Task Init_UsesKdfParamsFromEnvironment()
    {
        await _repo.RunWithAsync(new Dictionary<string, string?> { [EnvironmentVariables.Password] = TempRepository.Password, [EnvironmentVariables.KdfParameters] = "9000:2" }, "init");

        await using var repository = await _repo.OpenAsync();
        var key = (await repository.Keys.ListAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(key.Kdf.MemoryKiB, Is.EqualTo(9000));
            Assert.That(key.Kdf.Iterations, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Init_Twice_FailsWithExit1AndChangesNothing()
    {
        await _repo.InitAsync();
        var before = _repo.Fingerprint();

        var run = await _repo.RunWithAsync(new Dictionary<string, string?> { [EnvironmentVariables.Password] = "another", [EnvironmentVariables.KdfParameters] = TempRepository.CheapKdf }, "init");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("already exists"));
            Assert.That(run.Stdout, Is.Empty);
            Assert.That(_repo.Fingerprint(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Init_WithPackSize_FixesItInTheConfig()
    {
        var run = await _repo.RunAsync("init", "--pack-size", "262144");
        await using var repository = await _repo.OpenAsync();

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        Assert.That(repository.Config.PackSize, Is.EqualTo(262144));
    }

    [TestCase("1000")]
    [TestCase("2147483647")]
    public async Task Init_WithPackSizeOutOfRange_IsUsageErrorAndCreatesNothing(string size)
    {
        var run = await _repo.RunAsync("init", "--pack-size", size);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("pack size"));
            Assert.That(Directory.Exists(_repo.Location), Is.False);
        });
    }

    [TestCase("bad")]
    [TestCase("8192")]
    [TestCase("8192:0")]
    [TestCase("4:1")]
    [TestCase("-8192:1")]
    [TestCase("8192:1:1")]
    [TestCase("8192:x")]
    public async Task Init_WithInvalidKdfParams_IsUsageErrorAndCreatesNothing(string value)
    {
        var run = await _repo.RunWithAsync(new Dictionary<string, string?> { [EnvironmentVariables.Password] = TempRepository.Password, [EnvironmentVariables.KdfParameters] = value }, "init");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain(EnvironmentVariables.KdfParameters));
            Assert.That(Directory.Exists(_repo.Location), Is.False);
        });
    }

    [Test]
    public async Task Init_WithoutRepo_IsUsageError()
    {
        var run = await CliRun.RunAsync(["init"], _repo.Variables(), new FileSystem());

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("--repo"));
        });
    }

    [Test]
    public async Task Init_OnTerminal_AsksTwiceAndUsesTheAnswer()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, "typed", "typed");

        var run = await CliRun.RunAsync(["--repo", _repo.Location, "init"], new Dictionary<string, string?> { [EnvironmentVariables.KdfParameters] = TempRepository.CheapKdf }, new FileSystem(), prompt);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        await using var repository = await _repo.OpenAsync("typed");
        Assert.That(prompt.Asked, Is.EqualTo(2));
    }

    [Test]
    public async Task Init_OnTerminal_WithDifferentAnswers_FailsAndCreatesNothing()
    {
        var prompt = new FakePasswordPrompt(isInteractive: true, "typed", "tpyed");

        var run = await CliRun.RunAsync(["--repo", _repo.Location, "init"], new Dictionary<string, string?> { [EnvironmentVariables.KdfParameters] = TempRepository.CheapKdf }, new FileSystem(), prompt);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("do not match"));
            Assert.That(Directory.Exists(_repo.Location), Is.False);
        });
    }

    [Test]
    public async Task OpeningVerb_WithWrongPassword_Exits11()
    {
        await _repo.InitAsync();

        var run = await _repo.RunWithAsync(_repo.Variables("wrong"), "snapshots");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.WrongPassword));
    }

    [Test]
    public async Task OpeningVerb_WithoutRepositoryThere_Exits10()
    {
        var run = await _repo.RunAsync("snapshots");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.RepositoryNotFound));
            Assert.That(run.Stderr, Does.Contain(_repo.Location));
        });
    }

    [Test]
    public async Task OpeningVerb_WithoutRepo_Exits2()
    {
        var run = await CliRun.RunAsync(["snapshots"], _repo.Variables(), new FileSystem());

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }
}
