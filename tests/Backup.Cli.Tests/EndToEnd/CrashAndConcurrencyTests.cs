using System.Diagnostics;

namespace Backup.Cli.Tests.EndToEnd;

/// <summary>
/// The CLI as separate processes: a backup killed with SIGKILL at any moment leaves a repository that check passes and
/// that the next backup completes, reusing what was uploaded; two processes backing up at once both succeed; a prune beside a
/// running backup is refused and deletes nothing, and alone frees the space in that same run.
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

    [Test]
    public async Task PruneWhileAnotherProcessBacksUp_IsRefusedAndDeletesNothing_ThenFreesSpaceWhenAlone()
    {
        var forgotten = Path.Combine(_root, "forgotten");
        SourceTree.Generate(forgotten, files: 10, maxFileSize: 400_000, seed: 11);
        var old = await _cli.RunJsonAsync("backup", forgotten);
        var forgottenData = DataBytes();
        var forget = await _cli.RunAsync("forget", old.GetProperty("snapshotId").GetString()!);
        Assert.That(forget.ExitCode, Is.Zero, forget.StandardError);

        var source = Path.Combine(_root, "source");
        SourceTree.Generate(source, files: 48, maxFileSize: 2_000_000, seed: 12);
        using var backup = _cli.Start("backup", source, "--json");
        var stdout = backup.StandardOutput.ReadToEndAsync();
        var stderr = backup.StandardError.ReadToEndAsync();

        // Wait until the backup holds its lock and has uploaded packs of its own, then prune again and again while it runs.
        var packsBefore = CountFiles("data");
        var watch = Stopwatch.StartNew();
        while (!backup.HasExited && (CountFiles("locks") == 0 || CountFiles("data") <= packsBefore) && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
        }

        var refused = 0;
        long freedBeside = 0;
        while (!backup.HasExited)
        {
            var prune = await _cli.RunAsync("prune", "--max-unused", "0", "--json");
            if (backup.HasExited && prune.ExitCode == 0)
            {
                // The backup ended before this prune took its lock: it ran alone, and may have freed the space already.
                freedBeside = System.Text.Json.JsonDocument.Parse(prune.StandardOutput).RootElement.GetProperty("bytesFreed").GetInt64();
                break;
            }

            Assert.That(prune.ExitCode, Is.EqualTo(1), $"a prune while a backup runs must be refused:\n{prune.StandardOutput}\n{prune.StandardError}");
            Assert.That(prune.StandardError, Does.Contain("locked"));
            refused++;
        }

        await backup.WaitForExitAsync();
        Assert.That(backup.ExitCode, Is.Zero, await stderr);
        Assert.That(refused, Is.GreaterThan(0), "the backup finished before a prune could run beside it; the test proves nothing");

        var dataBefore = DataBytes();
        var alone = await _cli.RunJsonAsync("prune", "--max-unused", "0");
        var check = await _cli.RunAsync("check", "--read-data");
        var id = System.Text.Json.JsonDocument.Parse(await stdout).RootElement.GetProperty("snapshotId").GetString()!;
        var target = Path.Combine(_root, "target");
        var restore = await _cli.RunAsync("restore", id, "--target", target);

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError);
            Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
            Assert.That(SourceTree.Fingerprint(SourceTree.RestoredPath(target, source)), Is.EqualTo(SourceTree.Fingerprint(source)));
            // The forgotten snapshot's files are random, so its data is freed almost whole (trees and headers aside).
            Assert.That(freedBeside + alone.GetProperty("bytesFreed").GetInt64(), Is.GreaterThan(forgottenData / 2), "the forgotten snapshot's data was not freed");
            Assert.That(dataBefore - DataBytes(), Is.EqualTo(alone.GetProperty("bytesFreed").GetInt64()));
        });
    }

    private long DataBytes() =>
        new DirectoryInfo(Path.Combine(_repository, "data")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

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
