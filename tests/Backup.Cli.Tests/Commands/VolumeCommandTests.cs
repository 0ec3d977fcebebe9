using System.Text.Json;

namespace Backup.Cli.Tests.Commands;

/// <summary><c>backup volume ...</c> in-process, on real temporary directories (volumes need no repository).</summary>
public class VolumeCommandTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("backup-cli-volume-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [TestCase("cow")]
    [TestCase("row")]
    public async Task CreateWriteSnapshotExport_GivesThePointInTimeImages(string provider)
    {
        var volume = Path.Combine(_root, "vol");
        var input = Path.Combine(_root, "in.bin");
        var data = new byte[10_000];
        new Random(1).NextBytes(data);
        await File.WriteAllBytesAsync(input, data);

        var create = await RunAsync("volume", "create", volume, "--size", "1M", "--block-size", "4096", "--provider", provider, "--json");
        Assert.That(JsonDocument.Parse(create.Stdout).RootElement.GetProperty("blockCount").GetInt64(), Is.EqualTo(256));
        await RunAsync("volume", "write", volume, "--offset", "5000", "--input", input);
        await RunAsync("volume", "snapshot", volume, "first");
        await RunAsync("volume", "write", volume, "--offset", "0", "--input", input);
        await RunAsync("volume", "snapshot", volume, "second");
        await RunAsync("volume", "export", volume, "--snapshot", "first", "--output", Path.Combine(_root, "first.img"));
        await RunAsync("volume", "export", volume, "--output", Path.Combine(_root, "live.img"));

        var first = new byte[1 << 20];
        data.CopyTo(first, 5000);
        var live = (byte[])first.Clone();
        data.CopyTo(live, 0);
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_root, "first.img")), Is.EqualTo(first));
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_root, "live.img")), Is.EqualTo(live));

        var list = await RunAsync("volume", "snapshots", volume, "--json");
        var names = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToArray();
        Assert.That(names, Is.EqualTo(new[] { "first", "second" }));

        await RunAsync("volume", "delete-snapshot", volume, "first");
        var after = await RunAsync("volume", "snapshots", volume, "--json");
        Assert.That(JsonDocument.Parse(after.Stdout).RootElement.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Create_WithASizeThatIsNotWholeBlocks_IsAUsageError()
    {
        var run = await CliRun.RunAsync(["volume", "create", Path.Combine(_root, "v"), "--size", "5000", "--provider", "cow"]);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError), run.Stderr);
    }

    [Test]
    public async Task Export_OfAMissingSnapshot_Fails()
    {
        await RunAsync("volume", "create", Path.Combine(_root, "v"), "--size", "64K", "--block-size", "4096", "--provider", "row");
        var run = await CliRun.RunAsync(["volume", "export", Path.Combine(_root, "v"), "--snapshot", "nope", "--output", Path.Combine(_root, "x.img")]);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(run.Stderr, Does.Contain("nope"));
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.That(run.ExitCode, Is.Zero, () => $"backup {string.Join(' ', args)}: {run.Stderr}");
        return run;
    }
}
