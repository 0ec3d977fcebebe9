using System.Diagnostics;

namespace Backup.Cli.Tests.EndToEnd;

/// <summary>
/// The CLI as separate processes: a backup killed with SIGKILL at any moment leaves a repository that check passes and
/// that the next backup completes, reusing what was uploaded; two processes backing up at once both succeed.
/// </summary>
[Category("EndToEnd")]
[NonParallelizable]
public class CrashAndConcurrencyTests
{
    private string _root = null!;
    private string _repository = null!;
    private CliProcess _cli = null!;

    [SetUp]
    public async Task SetUp()
    {
        _root = Directory.CreateTempSubdirectory("backup-e2e-").FullName;
        _repository = Path.Combine(_root, "repo");
        _cli = new CliProcess(_repository);
        // Small packs, so that a backup of a few MB uploads (and indexes, every 8 packs) many of them before it ends.
        var init = await _cli.RunAsync("init", "--pack-size", "262144");
        Assert.That(init.ExitCode, Is.Zero, init.StandardError);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Backup_ThenRestore_ReproducesTheTreeByteForByte()
    {
        var source = Path.Combine(_root, "source");
        SourceTree.Generate(source, files: 60, maxFileSize: 300_000, seed: 1);

        var summary = await _cli.RunJsonAsync("backup", source);
        var target = Path.Combine(_root, "target");
        var restore = await _cli.RunAsync("restore", summary.GetProperty("snapshotId").GetString()!, "--target", target);

        Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
        Assert.That(SourceTree.Fingerprint(SourceTree.RestoredPath(target, source)), Is.EqualTo(SourceTree.Fingerprint(source)));
    }

    [Test]
    public async Task Backup_KilledWithSigkill_LeavesACheckableRepositoryAndTheNextBackupReusesUploadedPacks()
    {
        var source = Path.Combine(_root, "source");
        SourceTree.Generate(source, files: 48, maxFileSize: 2_000_000, seed: 2);
        var sourceBytes = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        // Kill at several moments: right away, mid-way, and once after packs (and their index) are surely uploaded.
        foreach (var delay in new[] { 0, 300 })
        {
            using var early = _cli.Start("backup", source);
            await Task.Delay(delay);
            early.Kill(entireProcessTree: true);
            await early.WaitForExitAsync();
            await AssertCheckPassesAsync();
        }

        bool killedAfterIndex;
        using (var late = _cli.Start("backup", source))
        {
            var watch = Stopwatch.StartNew();
            while (!late.HasExited && CountFiles("index") == 0 && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20);
            }

            killedAfterIndex = !late.HasExited && CountFiles("index") > 0;
            if (!late.HasExited)
            {
                late.Kill(entireProcessTree: true);
            }

            await late.WaitForExitAsync();
        }

        // With 256 KiB packs and an index file every 8 packs, the first index lands long before ~50 MB are stored.
        Assert.That(killedAfterIndex, Is.True, "the backup finished before it could be killed mid-way; the test proves nothing");

        await AssertCheckPassesAsync();
        var summary = await _cli.RunJsonAsync("backup", source);
        await AssertCheckPassesAsync();

        Assert.That(summary.GetProperty("dataAdded").GetInt64(), Is.LessThan(sourceBytes), "the packs uploaded before the kill were not reused");
        var target = Path.Combine(_root, "target");
        var restore = await _cli.RunAsync("restore", "latest", "--target", target);
        Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
        Assert.That(SourceTree.Fingerprint(SourceTree.RestoredPath(target, source)), Is.EqualTo(SourceTree.Fingerprint(source)));
    }

    [Test]
    public async Task TwoProcessesBackingUpAtOnce_BothSucceedAndBothSnapshotsRestore()
    {
        var first = Path.Combine(_root, "first");
        var second = Path.Combine(_root, "second");
        SourceTree.Generate(first, files: 40, maxFileSize: 1_000_000, seed: 3);
        SourceTree.Generate(second, files: 40, maxFileSize: 1_000_000, seed: 4);

        var results = await Task.WhenAll(_cli.RunAsync("backup", first, "--json"), _cli.RunAsync("backup", second, "--json"));

        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", results.Select(r => r.StandardError)));
        await AssertCheckPassesAsync();
        foreach (var (result, source) in results.Zip([first, second]))
        {
            var id = System.Text.Json.JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("snapshotId").GetString()!;
            var target = Path.Combine(_root, "target-" + Path.GetFileName(source));
            var restore = await _cli.RunAsync("restore", id, "--target", target);
            Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
            Assert.That(SourceTree.Fingerprint(SourceTree.RestoredPath(target, source)), Is.EqualTo(SourceTree.Fingerprint(source)));
        }
    }

    private async Task AssertCheckPassesAsync()
    {
        var check = await _cli.RunAsync("check", "--read-data");
        Assert.That(check.ExitCode, Is.Zero, $"check failed after a kill:\n{check.StandardOutput}\n{check.StandardError}");
    }

    private int CountFiles(string folder)
    {
        var path = Path.Combine(_repository, folder);
        return Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
