using System.Text.Json;

namespace Backup.Cli.Tests.Commands;

public class KeyCommandTests
{
    private const string NewPassword = "a new password";
    private TempRepository _repo = null!;
    private string _newPasswordFile = null!;

    [SetUp]
    public async Task SetUp()
    {
        _repo = new TempRepository();
        await _repo.InitAsync();
        _newPasswordFile = _repo.WriteFile("new-password.txt", NewPassword + "\n");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private async Task<JsonElement[]> ListKeysAsync(string password = TempRepository.Password)
    {
        var run = await _repo.RunWithAsync(_repo.Variables(password), "key", "list", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private async Task<string> AddKeyAsync()
    {
        var run = await _repo.RunAsync("key", "add", "--new-password-file", _newPasswordFile, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("keyId").GetString()!;
    }

    [Test]
    public async Task List_ShowsTheKeyWithCurrentMarkerHostAndUser()
    {
        var keys = await ListKeysAsync();
        var text = await _repo.RunAsync("key", "list");

        var key = keys.Single();
        var id = key.GetProperty("id").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(id, Has.Length.EqualTo(64));
            Assert.That(key.GetProperty("current").GetBoolean(), Is.True);
            Assert.That(key.GetProperty("hostname").GetString(), Is.EqualTo(Environment.MachineName));
            Assert.That(key.GetProperty("username").GetString(), Is.EqualTo(Environment.UserName));
            Assert.That(key.TryGetProperty("created", out _), Is.True);
            Assert.That(text.Stdout, Does.Contain("* ").And.Contain(id[..8]).And.Not.Contain(id));
        });
    }

    [Test]
    public async Task Add_ThenTheNewPasswordOpens_AndRemove_RevokesIt()
    {
        var added = await AddKeyAsync();

        var keys = await ListKeysAsync(NewPassword);
        var current = keys.Single(k => k.GetProperty("current").GetBoolean()).GetProperty("id").GetString();
        var remove = await _repo.RunAsync("key", "remove", added[..10]);
        var afterRemove = await _repo.RunWithAsync(_repo.Variables(NewPassword), "snapshots");
        var oldStillOpens = await _repo.RunAsync("snapshots");

        Assert.Multiple(() =>
        {
            Assert.That(keys, Has.Length.EqualTo(2));
            Assert.That(keys.Select(k => k.GetProperty("id").GetString()), Does.Contain(added));
            Assert.That(current, Is.EqualTo(added), "the key the new password opened is the current one");
            Assert.That(remove.ExitCode, Is.EqualTo(ExitCodes.Success), remove.Stderr);
            Assert.That(remove.Stdout, Does.Contain(added));
            Assert.That(afterRemove.ExitCode, Is.EqualTo(ExitCodes.WrongPassword));
            Assert.That(oldStillOpens.ExitCode, Is.EqualTo(ExitCodes.Success));
        });
    }

    [Test]
    public async Task Add_UsesKdfParamsFromEnvironment_AndReportsTheDerivationTime()
    {
        var run = await _repo.RunWithAsync(
            new Dictionary<string, string?> { [EnvironmentVariables.Password] = TempRepository.Password, [EnvironmentVariables.KdfParameters] = "8200:3" },
            "key", "add", "--new-password-file", _newPasswordFile, "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        var derivation = document.RootElement.GetProperty("keyDerivation");
        var added = (await ListKeysAsync()).Single(k => k.GetProperty("id").GetString() == document.RootElement.GetProperty("keyId").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(derivation.GetProperty("milliseconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(derivation.GetProperty("source").GetString(), Is.EqualTo(EnvironmentVariables.KdfParameters));
            Assert.That(added.GetProperty("memoryKiB").GetInt32(), Is.EqualTo(8200));
            Assert.That(added.GetProperty("iterations").GetInt32(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Add_WithBadKdfParams_IsUsageErrorAndAddsNothing()
    {
        var run = await _repo.RunWithAsync(
            new Dictionary<string, string?> { [EnvironmentVariables.Password] = TempRepository.Password, [EnvironmentVariables.KdfParameters] = "lots" },
            "key", "add", "--new-password-file", _newPasswordFile);

        Assert.Multiple(async () =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(await ListKeysAsync(), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task Add_WithoutNewPasswordAndWithoutTerminal_IsUsageError()
    {
        var run = await _repo.RunAsync("key", "add");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain("--new-password-file"));
        });
    }

    [Test]
    public async Task Remove_TheCurrentKey_IsRefusedWithExit1()
    {
        await AddKeyAsync();
        var current = (await ListKeysAsync()).Single(k => k.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        var run = await _repo.RunAsync("key", "remove", current);

        Assert.Multiple(async () =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("in use").And.Not.Contain("Unexpected"));
            Assert.That(await ListKeysAsync(), Has.Length.EqualTo(2));
        });
    }

    [Test]
    public async Task Remove_UnknownKey_FailsWithMessage()
    {
        var run = await _repo.RunAsync("key", "remove", "ffffffffffff");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("No key matches 'ffffffffffff'"));
        });
    }

    [Test]
    public async Task Passwd_ReplacesTheKey_OldPasswordStopsWorking()
    {
        var oldKey = (await ListKeysAsync()).Single().GetProperty("id").GetString();

        var run = await _repo.RunAsync("key", "passwd", "--new-password-file", _newPasswordFile);
        var oldPassword = await _repo.RunAsync("snapshots");
        var keys = await ListKeysAsync(NewPassword);

        var newKey = keys.Single().GetProperty("id").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain(newKey));
            Assert.That(newKey, Is.Not.EqualTo(oldKey));
            Assert.That(oldPassword.ExitCode, Is.EqualTo(ExitCodes.WrongPassword));
        });
    }
}
