using System.IO.Abstractions.TestingHelpers;
using System.Text;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests;

/// <summary>
/// <c>restore</c> end to end: a repository on a mock file system holds a snapshot made through the SDK's API (the backup
/// verb is not used), and the CLI restores it into a real temporary directory.
/// </summary>
public class RestoreCommandTests
{
    private const string Password = "restore-test-password";
    private MockFileSystem _fileSystem = null!;
    private string _temp = null!;
    private string _snapshotId = null!;

    private Dictionary<string, string?> Variables => new() { [EnvironmentVariables.Password] = Password, [EnvironmentVariables.Repository] = "/repo" };

    private string Target => Path.Combine(_temp, "target");

    [SetUp]
    public async Task SetUpAsync()
    {
        _temp = Path.Combine(Path.GetTempPath(), "backup-cli-restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
        _fileSystem = new MockFileSystem();
        var storage = new LocalStorageBackend(_fileSystem, "/repo");
        await using var repository = await BackupRepository.InitAsync(storage, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting });
        var file = await FileAsync(repository, "report.txt", "quarterly numbers");
        var other = await FileAsync(repository, "notes.md", "# notes");
        var x = await repository.Trees.SaveAsync(new Tree { Nodes = [file, other] });
        var data = await repository.Trees.SaveAsync(new Tree { Nodes = [Dir("x", x.Id)] });
        var root = await repository.Trees.SaveAsync(new Tree { Nodes = [Dir("data", data.Id), new TreeNode { Name = "..", Type = NodeType.File }] });
        await repository.Blobs.FlushAsync();
        var snapshot = new Snapshot { Time = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero), Hostname = "h", Paths = ["/data/x"], Tree = root.Id };
        _snapshotId = (await repository.Snapshots.SaveAsync(snapshot)).ToString();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task Restore_LatestIntoDirectory_WritesFilesAndExitsOneForTheRefusedEntry()
    {
        var run = await CliRun.RunAsync(["restore", "latest", "--target", Target, "--verify"], Variables, _fileSystem);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(Target, "data/x/report.txt")), Is.EqualTo("quarterly numbers"));
            Assert.That(File.ReadAllText(Path.Combine(Target, "data/x/notes.md")), Is.EqualTo("# notes"));
            Assert.That(run.Stdout, Does.Contain("2 files"));
            Assert.That(run.Stdout, Does.Contain("no differences"));
            Assert.That(run.Stderr, Does.Contain("warning: skipped /..:"));
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), "an entry was refused for safety");
        });
    }

    [Test]
    public async Task Restore_WithIncludeAndJson_PrintsOneDocumentAndExitsZero()
    {
        var run = await CliRun.RunAsync(["--json", "restore", _snapshotId[..10], "--target", Target, "--include", "/data/x/*.txt"], Variables, _fileSystem);

        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(root.GetProperty("snapshotId").GetString(), Is.EqualTo(_snapshotId));
            Assert.That(root.GetProperty("target").GetString(), Is.EqualTo(Target));
            Assert.That(root.GetProperty("filesRestored").GetInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("dirsRestored").GetInt64(), Is.EqualTo(2));
            Assert.That(root.GetProperty("bytesWritten").GetInt64(), Is.EqualTo(17));
            Assert.That(root.GetProperty("durationSeconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(root.GetProperty("skipped").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("verify").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(File.Exists(Path.Combine(Target, "data/x/notes.md")), Is.False);
        });
    }

    [Test]
    public async Task Restore_UnknownSnapshot_FailsNamingIt()
    {
        var run = await CliRun.RunAsync(["restore", "deadbeefdeadbeef", "--target", Target], Variables, _fileSystem);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(ExitCodes.Success));
            Assert.That(run.Stderr, Does.Contain("deadbeefdeadbeef"));
            Assert.That(Directory.Exists(Target), Is.False);
        });
    }

    private static async Task<TreeNode> FileAsync(BackupRepository repository, string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var blob = await repository.Blobs.SaveAsync(BlobType.Data, bytes);
        return new TreeNode { Name = name, Type = NodeType.File, Mode = 0x81A4, Size = bytes.Length, ModificationTimeNs = 1_700_000_000_000_000_001, Content = [blob.Id] };
    }

    private static TreeNode Dir(string name, Backup.Sdk.Repository.ContentId subtree) =>
        new() { Name = name, Type = NodeType.Directory, Mode = 0x41ED, ModificationTimeNs = 1_700_000_000_000_000_002, Subtree = subtree };
}
