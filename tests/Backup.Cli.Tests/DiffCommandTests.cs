using System.IO.Abstractions.TestingHelpers;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests;

/// <summary><c>diff</c>, and the level and detector options of <c>backup</c>.</summary>
[Platform("Linux")]
public class DiffCommandTests
{
    private const string Password = "cli diff password";
    private MockFileSystem _repositoryFileSystem = null!;
    private string _source = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _repositoryFileSystem = new MockFileSystem();
        var init = new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 256 * 1024 };
        await (await BackupRepository.InitAsync(new LocalStorageBackend(_repositoryFileSystem, "/repo"), Password, init)).DisposeAsync();
        _source = Path.Combine(Path.GetTempPath(), "backup-cli-diff-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_source);
        File.WriteAllBytes(Path.Combine(_source, "kept"), new byte[100]);
        File.WriteAllBytes(Path.Combine(_source, "removed"), new byte[200]);
        File.WriteAllBytes(Path.Combine(_source, "changed"), new byte[300]);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_source, recursive: true);

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(["--repo", "/repo", .. args], new Dictionary<string, string?> { [EnvironmentVariables.Password] = Password }, _repositoryFileSystem);

    private async Task<string> BackupAsync(params string[] options)
    {
        var run = await RunAsync(["backup", _source, "--json", .. options]);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("snapshotId").GetString()!;
    }

    private async Task<(string Older, string Newer)> TwoSnapshotsAsync()
    {
        var older = await BackupAsync();
        File.Delete(Path.Combine(_source, "removed"));
        File.WriteAllBytes(Path.Combine(_source, "added"), new byte[400]);
        File.WriteAllBytes(Path.Combine(_source, "changed"), new byte[333]);
        File.SetLastWriteTimeUtc(Path.Combine(_source, "changed"), DateTime.UnixEpoch.AddYears(40));
        var newer = await BackupAsync();
        return (older, newer);
    }

    [Test]
    public async Task Diff_Json_PrintsAddedRemovedAndModifiedWithSizesAndWhatChanged()
    {
        var (older, newer) = await TwoSnapshotsAsync();

        var run = await RunAsync("diff", older[..8], newer, "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        var modified = root.GetProperty("modified").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("added").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("size").GetInt64())), Is.EqualTo(new[] { (Path.Combine(_source, "added"), 400L) }));
            Assert.That(root.GetProperty("removed").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("size").GetInt64())), Is.EqualTo(new[] { (Path.Combine(_source, "removed"), 200L) }));
            var changed = modified[Path.Combine(_source, "changed")];
            Assert.That(changed.GetProperty("change").GetString(), Is.EqualTo("both"));
            Assert.That(changed.GetProperty("size").GetInt64(), Is.EqualTo(333));
            Assert.That(changed.GetProperty("previousSize").GetInt64(), Is.EqualTo(300));
            Assert.That(changed.GetProperty("type").GetString(), Is.EqualTo("file"));
            Assert.That(modified.ContainsKey(Path.Combine(_source, "kept")), Is.False);
        });
    }

    [Test]
    public async Task Diff_Text_PrintsOneLinePerPathAndTotals()
    {
        var (older, newer) = await TwoSnapshotsAsync();

        var run = await RunAsync("diff", older, newer);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain($"+  {Path.Combine(_source, "added")} (400 bytes)"));
            Assert.That(run.Stdout, Does.Contain($"-  {Path.Combine(_source, "removed")} (200 bytes)"));
            Assert.That(run.Stdout, Does.Contain($"M  {Path.Combine(_source, "changed")} (both; 300 -> 333 bytes)"));
            Assert.That(run.Stdout, Does.Contain("1 added, 1 removed,"));
        });
    }

    [Test]
    public async Task Diff_UnknownSnapshot_ExitsOneAndNamesIt()
    {
        var existing = await BackupAsync();

        var run = await RunAsync("diff", existing, "deadbeefdeadbeef");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("deadbeefdeadbeef"));
            Assert.That(run.Stdout, Is.Empty);
        });
    }

    [Test]
    public async Task Backup_DifferentialWithoutFull_RunsFullAndWarnsOnStderr()
    {
        var run = await RunAsync("backup", _source, "--level", "differential", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.GetProperty("level").GetString(), Is.EqualTo("full"));
            Assert.That(document.RootElement.GetProperty("levelFallbackReason").GetString(), Does.Contain("no full snapshot"));
            Assert.That(run.Stderr, Does.Contain("differential backup not possible"));
        });
    }

    [Test]
    public async Task Backup_DifferentialAfterIncremental_ComparesWithTheFull()
    {
        var full = await BackupAsync("--level", "full");
        File.WriteAllBytes(Path.Combine(_source, "changed"), new byte[301]);
        await BackupAsync();

        var run = await RunAsync("backup", _source, "--level", "differential", "--detector", "checksum", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.GetProperty("level").GetString(), Is.EqualTo("differential"));
            Assert.That(document.RootElement.GetProperty("parent").GetString(), Is.EqualTo(full));
            Assert.That(document.RootElement.GetProperty("bytesRead").GetInt64(), Is.EqualTo(301));
        });
    }

    [Test]
    public async Task Backup_ExplicitParentAndAlwaysDetector_ReadEverythingAgainstThatParent()
    {
        var first = await BackupAsync();
        await BackupAsync();

        var run = await RunAsync("backup", _source, "--parent", first[..8], "--detector", "always", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("parent").GetString(), Is.EqualTo(first));
            Assert.That(document.RootElement.GetProperty("bytesRead").GetInt64(), Is.EqualTo(600));
        });
    }

    [TestCase("--detector", "journal")]
    [TestCase("--level", "weekly")]
    public async Task Backup_UnknownLevelOrDetector_IsAUsageError(string option, string value)
    {
        var run = await RunAsync("backup", _source, option, value);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }

    [Test]
    public async Task Backup_UnknownParent_ExitsOne()
    {
        var run = await RunAsync("backup", _source, "--parent", "0123456789abcdef");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("0123456789abcdef"));
        });
    }
}
