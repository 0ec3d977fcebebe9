using System.IO.Abstractions;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests;

public class CheckCommandTests
{
    private const string Password = "check-password";
    private readonly FileSystem _fileSystem = new();
    private string _root = null!;
    private string _repository = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "backup-cli-check-" + Guid.NewGuid().ToString("N"));
        _repository = Path.Combine(_root, "repo");
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task Check_OfHealthyRepository_ExitsZeroAndSaysNoProblems()
    {
        await BuildRepositoryAsync();

        var run = await RunAsync("check");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain("checked 1 snapshots"));
            Assert.That(run.Stdout, Does.Contain("no problems found"));
        });
    }

    [Test]
    public async Task Check_WithMissingPack_ExitsOneAndNamesPackSnapshotAndPath()
    {
        var (snapshot, dataPack) = await BuildRepositoryAsync();
        File.Delete(Path.Combine(_repository, dataPack));

        var run = await RunAsync("check");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stdout, Does.Contain($"error: MissingPack {dataPack}"));
            Assert.That(run.Stdout, Does.Contain("snapshots: " + snapshot.ToShortString()));
            Assert.That(run.Stdout, Does.Contain("paths: /srv/report.txt"));
        });
    }

    [Test]
    public async Task CheckJson_WithBitFlipAndReadData_PrintsTheReportAndExitsOne()
    {
        var (snapshot, dataPack) = await BuildRepositoryAsync();
        var packPath = Path.Combine(_repository, dataPack);
        var bytes = await File.ReadAllBytesAsync(packPath);
        bytes[100] ^= 0x01; // inside the first blob record, which starts at offset 60
        await File.WriteAllBytesAsync(packPath, bytes);

        var structureOnly = await RunAsync("check", "--json");
        var run = await RunAsync("check", "--read-data", "--json");

        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        var problem = root.GetProperty("problems")[0];
        Assert.Multiple(() =>
        {
            Assert.That(structureOnly.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(root.GetProperty("isHealthy").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("bytesRead").GetInt64(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("problems").GetArrayLength(), Is.EqualTo(1));
            Assert.That(problem.GetProperty("kind").GetString(), Is.EqualTo("DamagedBlob"));
            Assert.That(problem.GetProperty("objectName").GetString(), Is.EqualTo(dataPack));
            Assert.That(problem.GetProperty("blobId").GetString(), Has.Length.EqualTo(64));
            Assert.That(problem.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(problem.GetProperty("affectedSnapshots")[0].GetString(), Is.EqualTo(snapshot.ToString()));
            Assert.That(problem.GetProperty("affectedPaths")[0].GetString(), Is.EqualTo("/srv/report.txt"));
        });
    }

    [Test]
    public async Task Check_WithOnlyAnUnindexedPack_PrintsTheWarningAndExitsZero()
    {
        var (_, dataPack) = await BuildRepositoryAsync();
        var copy = Path.Combine(_repository, "data", "ff", new string('f', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(Path.Combine(_repository, dataPack), copy);

        var run = await RunAsync("check");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stdout);
            Assert.That(run.Stdout, Does.Contain("warning: UnindexedPack data/ff/" + new string('f', 64)));
        });
    }

    [Test]
    public async Task Check_WithoutRepository_ExitsWithRepositoryNotFound()
    {
        var run = await RunAsync("check");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.RepositoryNotFound));
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var variables = new Dictionary<string, string?> { [EnvironmentVariables.Repository] = _repository, [EnvironmentVariables.Password] = Password };
        var environment = new CliEnvironment(stdout, stderr, variables, _fileSystem, new FakePasswordPrompt(isInteractive: false));
        var exitCode = await Cli.RunAsync(args, environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A repository with one snapshot of /srv/report.txt; returns the snapshot and the name of the pack holding the file's data.</summary>
    private async Task<(ContentId Snapshot, string DataPack)> BuildRepositoryAsync()
    {
        var storage = new LocalStorageBackend(_fileSystem, _repository);
        await using var repository = await BackupRepository.InitAsync(storage, Password, new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 64 * 1024 });
        var content = new byte[10_000];
        new Random(7).NextBytes(content);
        var blob = await repository.Blobs.SaveAsync(BlobType.Data, content);
        await repository.Blobs.FlushAsync();
        string? dataPack = null;
        await foreach (var info in storage.ListAsync("data/"))
        {
            dataPack = info.Name;
        }

        var srv = await repository.Trees.SaveAsync(new Tree { Nodes = [new TreeNode { Name = "report.txt", Type = NodeType.File, Size = content.Length, Content = [blob.Id] }] });
        var root = await repository.Trees.SaveAsync(new Tree { Nodes = [new TreeNode { Name = "srv", Type = NodeType.Directory, Subtree = srv.Id }] });
        await repository.Blobs.FlushAsync();
        var snapshot = await repository.Snapshots.SaveAsync(new Snapshot { Hostname = "h", Paths = ["/srv"], Tree = root.Id });
        return (snapshot, dataPack!);
    }
}
