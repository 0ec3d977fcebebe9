using System.Formats.Tar;
using System.IO.Abstractions.TestingHelpers;
using System.Text;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests.Commands;

/// <summary><c>dump</c>, <c>find</c>, <c>restore &lt;snapshot&gt;:&lt;path&gt;</c> and <c>restore --resume</c> over a repository on a mock file system holding a snapshot of <c>/data/x</c>.</summary>
public class RestoreFeatureCommandTests
{
    private const string Password = "dump-test-password";
    private MockFileSystem _fileSystem = null!;
    private string _temp = null!;
    private string _snapshotId = null!;

    private Dictionary<string, string?> Variables => new() { [EnvironmentVariables.Password] = Password, [EnvironmentVariables.Repository] = "/repo" };

    [SetUp]
    public async Task SetUpAsync()
    {
        _temp = Path.Combine(Path.GetTempPath(), "backup-cli-dump-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
        _fileSystem = new MockFileSystem();
        var storage = new LocalStorageBackend(_fileSystem, "/repo");
        await using var repository = await BackupRepository.InitAsync(storage, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting });
        var x = await repository.Trees.SaveAsync(new Tree { Nodes = [await FileAsync(repository, "notes.md", "# notes"), await FileAsync(repository, "report.txt", "quarterly numbers")] });
        var data = await repository.Trees.SaveAsync(new Tree { Nodes = [Dir("x", x.Id)] });
        var root = await repository.Trees.SaveAsync(new Tree { Nodes = [Dir("data", data.Id)] });
        await repository.Blobs.FlushAsync();
        var snapshot = new Snapshot { Time = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero), Hostname = "h", Paths = ["/data/x"], Tree = root.Id };
        _snapshotId = (await repository.Snapshots.SaveAsync(snapshot)).ToString();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task Dump_OfFileToOutput_WritesItsBytes()
    {
        var output = Path.Combine(_temp, "report.txt");

        var run = await CliRun.RunAsync(["dump", "latest", "/data/x/report.txt", "--output", output], Variables, _fileSystem);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(File.ReadAllText(output), Is.EqualTo("quarterly numbers"));
        });
    }

    [Test]
    public async Task Dump_OfDirectory_WritesATarOfItsEntries()
    {
        var output = Path.Combine(_temp, "x.tar");

        var run = await CliRun.RunAsync(["dump", _snapshotId[..8], "/data/x", "-o", output], Variables, _fileSystem);

        var names = new List<string>();
        await using (var reader = new TarReader(File.OpenRead(output)))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                names.Add(entry.Name);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(names, Is.EqualTo(new[] { "x/", "x/notes.md", "x/report.txt" }));
        });
    }

    [Test]
    public async Task Find_Json_ListsTheSnapshotPathSizeAndMtime()
    {
        var run = await CliRun.RunAsync(["--json", "find", "report.*"], Variables, _fileSystem);

        using var document = JsonDocument.Parse(run.Stdout);
        var match = document.RootElement[0];
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.GetArrayLength(), Is.EqualTo(1));
            Assert.That(match.GetProperty("snapshotId").GetString(), Is.EqualTo(_snapshotId));
            Assert.That(match.GetProperty("path").GetString(), Is.EqualTo("/data/x/report.txt"));
            Assert.That(match.GetProperty("size").GetInt64(), Is.EqualTo(17));
            Assert.That(match.GetProperty("modificationTime").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        });
    }

    [Test]
    public async Task Find_WithoutMatch_ExitsOne()
    {
        var run = await CliRun.RunAsync(["find", "*.pdf"], Variables, _fileSystem);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stdout, Does.Contain("no matches"), run.Stderr);
        });
    }

    [Test]
    public async Task Restore_OfSnapshotColonFile_WritesItUnderTheTargetName()
    {
        var renamed = Path.Combine(_temp, "out", "numbers.txt");

        var run = await CliRun.RunAsync(["restore", "latest:/data/x/report.txt", "--target", renamed], Variables, _fileSystem);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(File.ReadAllText(renamed), Is.EqualTo("quarterly numbers"));
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(_temp, "out")), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task Restore_WithResumeAfterOneFileWasLost_KeepsTheOtherAndRestoresTheLostOne()
    {
        var target = Path.Combine(_temp, "target");
        await CliRun.RunAsync(["restore", "latest", "--target", target], Variables, _fileSystem);
        File.Delete(Path.Combine(target, "data/x/notes.md"));

        var run = await CliRun.RunAsync(["--json", "restore", "latest", "--target", target, "--resume", "--verify"], Variables, _fileSystem);

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(document.RootElement.GetProperty("filesAlreadyRestored").GetInt64(), Is.EqualTo(1));
            Assert.That(document.RootElement.GetProperty("filesRestored").GetInt64(), Is.EqualTo(1));
            Assert.That(File.ReadAllText(Path.Combine(target, "data/x/notes.md")), Is.EqualTo("# notes"));
        });
    }

    private static async Task<TreeNode> FileAsync(BackupRepository repository, string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var blob = await repository.Blobs.SaveAsync(BlobType.Data, bytes);
        return new TreeNode { Name = name, Type = NodeType.File, Mode = 0x81A4, Size = bytes.Length, ModificationTimeNs = 1_700_000_000_000_000_000, Content = [blob.Id] };
    }

    private static TreeNode Dir(string name, ContentId subtree) =>
        new() { Name = name, Type = NodeType.Directory, Mode = 0x41ED, ModificationTimeNs = 1_700_000_000_000_000_002, Subtree = subtree };
}
