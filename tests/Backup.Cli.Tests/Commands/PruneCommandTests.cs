using System.Text.Json;
using Backup.Sdk.Repository.Locks;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests.Commands;

public class PruneCommandTests
{
    private TempRepository _repository = null!;
    private string _source = null!;

    [SetUp]
    public async Task SetUp()
    {
        _repository = new TempRepository();
        _source = Path.Combine(_repository.Root, "source");
        Directory.CreateDirectory(_source);
        await _repository.InitAsync();
    }

    [TearDown]
    public void TearDown() => _repository.Dispose();

    private async Task<string> BackupAsync()
    {
        var run = await _repository.RunAsync("backup", _source, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("snapshotId").GetString()!;
    }

    private async Task ForgetFirstOfTwoAsync()
    {
        await File.WriteAllBytesAsync(Path.Combine(_source, "old"), RandomBytes(3_000_000, 1));
        var first = await BackupAsync();
        File.Delete(Path.Combine(_source, "old"));
        await File.WriteAllBytesAsync(Path.Combine(_source, "new"), RandomBytes(1_000_000, 2));
        await BackupAsync();
        await using var repository = await _repository.OpenAsync();
        await repository.Snapshots.DeleteAsync(await repository.Snapshots.ResolveAsync(first));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Test]
    public async Task Prune_Json_ReportsWhatWasFreed_AndTheRepositoryStillChecks()
    {
        await ForgetFirstOfTwoAsync();

        var run = await _repository.RunAsync("prune", "--max-unused", "0%", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("packsDeleted").GetInt32() + json.GetProperty("packsRepacked").GetInt32(), Is.GreaterThan(0));
            Assert.That(json.GetProperty("bytesFreed").GetInt64(), Is.GreaterThan(2_000_000));
            Assert.That(json.GetProperty("blobsRemoved").GetInt64(), Is.GreaterThan(0));
            Assert.That(json.GetProperty("dryRun").GetBoolean(), Is.False);
        });
        var check = await _repository.RunAsync("check", "--read-data");
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout);
        Assert.That(check.Stdout, Does.Contain("no problems found"));
    }

    [Test]
    public async Task Prune_DryRun_ChangesNothing_AndSaysWhatItWouldDo()
    {
        await ForgetFirstOfTwoAsync();
        var before = _repository.Fingerprint();

        var run = await _repository.RunAsync("prune", "--dry-run");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("would delete"));
        Assert.That(_repository.Fingerprint(), Is.EqualTo(before));
    }

    [TestCase("abc")]
    [TestCase("101")]
    [TestCase("-1%")]
    public async Task Prune_WithBadMaxUnused_IsAUsageError(string value)
    {
        var run = await _repository.RunAsync("prune", "--max-unused", value);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError), run.Stderr);
    }

    [Test]
    public async Task Prune_WhileAnotherHostHoldsALiveSharedLock_FailsNamingIt_AndDeletesNothing()
    {
        await ForgetFirstOfTwoAsync();
        var options = new LockOptions { RefreshInterval = TimeSpan.FromMilliseconds(100), AbortAfter = TimeSpan.FromMilliseconds(400), StaleTimeout = TimeSpan.FromSeconds(1), Hostname = "busy-host" };
        await using var repository = await Backup.Sdk.Repository.BackupRepository.OpenAsync(
            new LocalStorageBackend(new System.IO.Abstractions.FileSystem(), _repository.Location), TempRepository.Password, new Backup.Sdk.Repository.RepositoryOptions { Locks = options });
        await using var held = await repository.Locks.AcquireSharedAsync();
        var before = _repository.Fingerprint().Where(f => !f.Key.Contains("/locks/", StringComparison.Ordinal)).ToDictionary();

        var variables = _repository.Variables();
        variables[EnvironmentVariables.LockTimings] = "0.1:0.4:1";
        var run = await _repository.RunWithAsync(variables, "prune");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("busy-host"));
            Assert.That(held.IsLost, Is.False);
        });
        Assert.That(_repository.Fingerprint().Where(f => !f.Key.Contains("/locks/", StringComparison.Ordinal)).ToDictionary(), Is.EqualTo(before));
    }

    [Test]
    public async Task Unlock_RemovesTheLockOfAProcessOfThisHostThatIsGone_AndRemoveAllRemovesEveryLock()
    {
        var storage = new LocalStorageBackend(new System.IO.Abstractions.FileSystem(), _repository.Location);
        var dead = $$"""{"version":1,"kind":"exclusive","hostname":"{{Environment.MachineName}}","pid":2147483000,"sequence":0,"created":"2026-11-24T08:00:00+00:00","refreshIntervalMs":100,"staleTimeoutMs":1000}""";
        var foreign = """{"version":1,"kind":"shared","hostname":"elsewhere","pid":42,"sequence":0,"created":"2026-11-24T08:00:00+00:00","refreshIntervalMs":100,"staleTimeoutMs":1000}""";
        await storage.PutAsync("locks/" + new string('a', 64), System.Text.Encoding.UTF8.GetBytes(dead));
        await storage.PutAsync("locks/" + new string('b', 64), System.Text.Encoding.UTF8.GetBytes(foreign));
        var variables = _repository.Variables();
        variables[EnvironmentVariables.LockTimings] = "0.1:0.4:1";

        var stale = await _repository.RunWithAsync(variables, "unlock", "--json");

        Assert.That(stale.ExitCode, Is.EqualTo(ExitCodes.Success), stale.Stderr);
        var removed = JsonDocument.Parse(stale.Stdout).RootElement.GetProperty("removed");
        Assert.That(removed.EnumerateArray().Select(l => l.GetProperty("hostname").GetString()), Is.EquivalentTo(new[] { Environment.MachineName, "elsewhere" }), "the foreign lock stayed unchanged for the stale timeout too");

        await storage.PutAsync("locks/" + new string('c', 64), System.Text.Encoding.UTF8.GetBytes(foreign));
        var all = await _repository.RunAsync("unlock", "--remove-all");
        Assert.That(all.ExitCode, Is.EqualTo(ExitCodes.Success), all.Stderr);
        Assert.That(all.Stdout, Does.Contain("removed 1 lock"));
        await foreach (var unused in storage.ListAsync("locks/"))
        {
            Assert.Fail("a lock remained");
        }
    }
}
