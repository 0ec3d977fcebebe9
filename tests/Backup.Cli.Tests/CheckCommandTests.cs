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
    public async Task CheckSubset_OverAllSlices_ReadsEveryPackOnce()
    {
        await BuildRepositoryAsync();
        var packs = Directory.GetFiles(Path.Combine(_repository, "data"), "*", SearchOption.AllDirectories).Length;

        long read = 0;
        for (var n = 1; n <= 3; n++)
        {
            var run = await RunAsync("check", "--read-data-subset", $"{n}/3", "--json");
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            using var document = JsonDocument.Parse(run.Stdout);
            read += document.RootElement.GetProperty("packsRead").GetInt64();
        }

        Assert.That(read, Is.EqualTo(packs));
    }

    [TestCase("--read-data-subset", "0%")]
    [TestCase("--read-data-subset", "3/2")]
    public async Task CheckSubset_OutOfRange_IsAUsageError(string option, string value)
    {
        await BuildRepositoryAsync();

        var run = await RunAsync("check", option, value);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
    }

    [Test]
    public async Task Drill_OfHealthySnapshot_PassesAndOfBitFlippedPackFailsNamingIt()
    {
        var (snapshot, dataPack) = await BuildRepositoryAsync();
        var scratch = Path.Combine(_root, "scratch");
        Directory.CreateDirectory(scratch);

        var healthy = await RunAsync("--json", "drill", "--scratch", scratch);
        var packPath = Path.Combine(_repository, dataPack);
        var bytes = await File.ReadAllBytesAsync(packPath);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(packPath, bytes);
        var damaged = await RunAsync("--json", "drill", snapshot.ToString()[..8], "--scratch", scratch);

        using var good = JsonDocument.Parse(healthy.Stdout);
        using var bad = JsonDocument.Parse(damaged.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(healthy.ExitCode, Is.EqualTo(ExitCodes.Success), healthy.Stderr);
            Assert.That(good.RootElement.GetProperty("status").GetString(), Is.EqualTo("passed"));
            Assert.That(good.RootElement.GetProperty("snapshotId").GetString(), Is.EqualTo(snapshot.ToString()));
            Assert.That(good.RootElement.GetProperty("filesChecked").GetInt64(), Is.EqualTo(1));
            Assert.That(good.RootElement.GetProperty("bytesChecked").GetInt64(), Is.EqualTo(10_000));
            Assert.That(good.RootElement.GetProperty("rtoSeconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(good.RootElement.GetProperty("throughputBytesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(good.RootElement.GetProperty("failures").GetArrayLength(), Is.Zero);
            Assert.That(damaged.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(bad.RootElement.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(bad.RootElement.GetProperty("failures")[0].GetProperty("objectName").GetString(), Is.EqualTo(dataPack));
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.Empty, "drills clean up");
        });
    }

    [Test]
    public async Task Status_AfterADrill_ReportsItsRtoAndJudgesTheObjectives()
    {
        var (snapshot, _) = await BuildRepositoryAsync();
        var scratch = Path.Combine(_root, "scratch");
        Directory.CreateDirectory(scratch);
        Assert.That((await RunAsync("drill", "--scratch", scratch)).ExitCode, Is.EqualTo(ExitCodes.Success));

        var met = await RunAsync("--json", "status", "--rto", "1h");
        var missed = await RunAsync("status", "--rpo", "24h", "--rto", "1h");

        using var document = JsonDocument.Parse(met.Stdout);
        var group = document.RootElement.GetProperty("recovery").GetProperty("groups")[0];
        Assert.Multiple(() =>
        {
            Assert.That(met.ExitCode, Is.EqualTo(ExitCodes.Success), met.Stderr);
            Assert.That(document.RootElement.GetProperty("state").GetString(), Is.EqualTo("Met"));
            Assert.That(group.GetProperty("newestSnapshotId").GetString(), Is.EqualTo(snapshot.ToString()));
            Assert.That(group.GetProperty("rto").GetString(), Is.EqualTo("Met"));
            Assert.That(group.GetProperty("rpo").GetString(), Is.EqualTo("Unknown"));
            Assert.That(group.GetProperty("lastDrill").GetProperty("restoreSeconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(missed.ExitCode, Is.EqualTo(ExitCodes.Failure), "the snapshot is far older than a day");
            Assert.That(missed.Stdout, Does.Contain("RPO MISSED"));
            Assert.That(missed.Stdout, Does.Contain("last drill"));
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
