using System.IO.Abstractions.TestingHelpers;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests;

[Platform("Linux")]
public class BackupCommandTests
{
    private const string Password = "cli backup password";
    private MockFileSystem _repositoryFileSystem = null!;
    private string _source = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _repositoryFileSystem = new MockFileSystem();
        var init = new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 256 * 1024 };
        await (await BackupRepository.InitAsync(new LocalStorageBackend(_repositoryFileSystem, "/repo"), Password, init)).DisposeAsync();
        _source = Path.Combine(Path.GetTempPath(), "backup-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_source, "dir"));
        File.WriteAllBytes(Path.Combine(_source, "a.txt"), "hello"u8.ToArray());
        File.WriteAllBytes(Path.Combine(_source, "dir", "b.bin"), new byte[5000]);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_source, recursive: true);

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(["--repo", "/repo", .. args], new Dictionary<string, string?> { [EnvironmentVariables.Password] = Password }, _repositoryFileSystem);

    [Test]
    public async Task Backup_Json_PrintsOneObjectWithCountersAndTypes()
    {
        var run = await RunAsync("backup", _source, "--json", "--tag", "t1", "--host", "cli-host");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("snapshotId").GetString(), Has.Length.EqualTo(64));
            Assert.That(root.GetProperty("level").GetString(), Is.EqualTo("full"));
            Assert.That(root.GetProperty("parent").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("filesNew").GetInt64(), Is.EqualTo(2));
            Assert.That(root.GetProperty("totalFilesProcessed").GetInt64(), Is.EqualTo(2));
            Assert.That(root.GetProperty("totalBytesProcessed").GetInt64(), Is.EqualTo(5005));
            Assert.That(root.GetProperty("bytesRead").GetInt64(), Is.EqualTo(5005));
            Assert.That(root.GetProperty("dataAdded").GetInt64(), Is.GreaterThan(0));
            foreach (var name in new[] { "filesChanged", "filesUnmodified", "dirsNew", "dirsChanged", "dirsUnmodified" })
            {
                Assert.That(root.GetProperty(name).ValueKind, Is.EqualTo(JsonValueKind.Number), name);
            }

            Assert.That(root.GetProperty("durationSeconds").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("errors").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Backup_Twice_SecondIsIncrementalWithParentAndReadsNothing()
    {
        var first = await RunAsync("backup", _source, "--json");
        var second = await RunAsync("backup", _source, "--json");

        using var firstDocument = JsonDocument.Parse(first.Stdout);
        using var secondDocument = JsonDocument.Parse(second.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(secondDocument.RootElement.GetProperty("level").GetString(), Is.EqualTo("incremental"));
            Assert.That(secondDocument.RootElement.GetProperty("parent").GetString(), Is.EqualTo(firstDocument.RootElement.GetProperty("snapshotId").GetString()));
            Assert.That(secondDocument.RootElement.GetProperty("bytesRead").GetInt64(), Is.Zero);
            Assert.That(secondDocument.RootElement.GetProperty("filesUnmodified").GetInt64(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Backup_WithAMissingPath_ExitsThreeAndListsTheError()
    {
        var missing = Path.Combine(_source, "missing");

        var run = await RunAsync("backup", Path.Combine(_source, "a.txt"), missing, "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        var errors = document.RootElement.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.PartialBackup));
            Assert.That(errors.GetArrayLength(), Is.EqualTo(1));
            Assert.That(errors[0].GetProperty("path").GetString(), Is.EqualTo(missing));
            Assert.That(errors[0].GetProperty("message").GetString(), Does.Contain("does not exist"));
        });
    }

    [Test]
    public async Task Backup_AllPathsMissing_ExitsOne()
    {
        var run = await RunAsync("backup", Path.Combine(_source, "missing"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Backup_NoRepository_ExitsTen()
    {
        var run = await CliRun.RunAsync(["--repo", "/nowhere", "backup", _source], new Dictionary<string, string?> { [EnvironmentVariables.Password] = Password }, new MockFileSystem());

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.RepositoryNotFound));
    }

    [Test]
    public async Task Backup_Text_PrintsSnapshotAndCounts()
    {
        var run = await RunAsync("backup", _source, "--level", "full", "--time", "2026-01-02T03:04:05+01:00");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain("snapshot "));
            Assert.That(run.Stdout, Does.Contain("2 new"));
            Assert.That(run.Stderr, Is.Empty, "no progress line when stderr is not a terminal");
        });
    }

    [Test]
    public async Task Backup_BadLevel_IsAUsageError()
    {
        var run = await RunAsync("backup", _source, "--level", "weekly");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }
}
