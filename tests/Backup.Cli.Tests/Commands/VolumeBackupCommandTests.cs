using System.IO.Abstractions.TestingHelpers;
using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests.Commands;

/// <summary>
/// <c>backup backup --volume</c> and <c>backup restore</c> of an image, in-process: the repository on a mock file system,
/// the volume and the restore target on real temporary directories.
/// </summary>
[Platform("Linux")]
public class VolumeBackupCommandTests
{
    private const string Password = "cli volume password";
    private MockFileSystem _repositoryFileSystem = null!;
    private string _root = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _repositoryFileSystem = new MockFileSystem();
        var init = new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 1024 * 1024 };
        await (await BackupRepository.InitAsync(new LocalStorageBackend(_repositoryFileSystem, "/repo"), Password, init)).DisposeAsync();
        _root = Directory.CreateTempSubdirectory("backup-cli-volume-backup-").FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [TestCase("cow")]
    [TestCase("row")]
    public async Task VolumeBackup_FullThenIncremental_ReadsOnlyChangedBlocks_AndRestoresTheImageSparse(string provider)
    {
        var volume = Path.Combine(_root, "vm-disk");
        var data = new byte[2 * 1024 * 1024];
        new Random(3).NextBytes(data);
        var input = Path.Combine(_root, "data.bin");
        await File.WriteAllBytesAsync(input, data);
        await SucceedAsync("volume", "create", volume, "--size", "16M", "--block-size", "65536", "--provider", provider);
        await SucceedAsync("volume", "write", volume, "--offset", "0", "--input", input);
        await SucceedAsync("volume", "snapshot", volume, "s1");
        var full = JsonDocument.Parse((await SucceedAsync("backup", "--volume", volume, "--volume-snapshot", "s1", "--json")).Stdout).RootElement;

        var patch = Path.Combine(_root, "patch.bin");
        await File.WriteAllBytesAsync(patch, data.AsSpan(0, 65536 * 2).ToArray().Reverse().ToArray());
        await SucceedAsync("volume", "write", volume, "--offset", "8M", "--input", patch);
        await SucceedAsync("volume", "snapshot", volume, "s2");
        var incremental = JsonDocument.Parse((await SucceedAsync("backup", "--volume", volume, "--volume-snapshot", "s2", "--level", "incremental", "--json")).Stdout).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(full.GetProperty("level").GetString(), Is.EqualTo("full"));
            Assert.That(full.GetProperty("bytesRead").GetInt64(), Is.EqualTo(16 * 1024 * 1024));
            Assert.That(incremental.GetProperty("level").GetString(), Is.EqualTo("incremental"));
            Assert.That(incremental.GetProperty("parent").GetString(), Is.EqualTo(full.GetProperty("snapshotId").GetString()));
            Assert.That(incremental.GetProperty("bytesRead").GetInt64(), Is.EqualTo(2 * 65536));
            Assert.That(incremental.GetProperty("totalBytesProcessed").GetInt64(), Is.EqualTo(16 * 1024 * 1024));
        });

        var target = Path.Combine(_root, "restored");
        await SucceedAsync("restore", incremental.GetProperty("snapshotId").GetString()!, "--target", target, "--verify");
        await SucceedAsync("volume", "export", volume, "--snapshot", "s2", "--output", Path.Combine(_root, "s2.img"));
        var restored = await File.ReadAllBytesAsync(Path.Combine(target, "vm-disk"));
        var exported = await File.ReadAllBytesAsync(Path.Combine(_root, "s2.img"));
        Assert.That(restored.SequenceEqual(exported), Is.True, "byte-identical to the snapshot");
    }

    [Test]
    public async Task VolumeBackup_WithoutASnapshotName_IsAUsageError()
    {
        var run = await RunAsync("backup", "--volume", Path.Combine(_root, "v"));
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError), run.Stderr);
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(["--repo", "/repo", .. args], new Dictionary<string, string?> { [EnvironmentVariables.Password] = Password }, _repositoryFileSystem);

    private async Task<CliRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.That(run.ExitCode, Is.Zero, () => $"backup {string.Join(' ', args)}: {run.Stderr}");
        return run;
    }
}
