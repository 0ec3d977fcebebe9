using System.Text.Json;

namespace Backup.Cli.Tests.Commands;

[Platform("Linux")]
public class ForgetCommandTests
{
    private TempRepository _repo = null!;
    private string _source = null!;

    [SetUp]
    public async Task SetUp()
    {
        _repo = new TempRepository();
        await _repo.InitAsync();
        _source = Path.Combine(_repo.Root, "source");
        Directory.CreateDirectory(_source);
        File.WriteAllText(Path.Combine(_source, "a.txt"), "hello");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    /// <summary>Backs up the source with <c>backup --time</c> and returns the snapshot id.</summary>
    private async Task<string> BackupAtAsync(string time, string host = "h1", params string[] tags)
    {
        var run = await _repo.RunAsync(["backup", _source, "--json", "--time", time, "--host", host, .. tags.SelectMany(t => new[] { "--tag", t })]);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("snapshotId").GetString()!;
    }

    private async Task<List<string>> SnapshotIdsAsync()
    {
        var run = await _repo.RunAsync("snapshots", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private static JsonElement Parse(CliRun run)
    {
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    [Test]
    public async Task Forget_ByPolicy_RemovesTheRightSnapshots()
    {
        var jan1Early = await BackupAtAsync("2026-01-01T11:00:00Z");
        var jan1 = await BackupAtAsync("2026-01-01T12:00:00Z");
        var jan2 = await BackupAtAsync("2026-01-02T12:00:00Z");
        var feb1 = await BackupAtAsync("2026-02-01T12:00:00Z");
        var mar1 = await BackupAtAsync("2026-03-01T12:00:00Z");
        var otherHost = await BackupAtAsync("2025-01-01T12:00:00Z", host: "h2");

        // By hand, newest first in h1's group: 1 Mar daily and monthly, 1 Feb daily and monthly (daily used up), 2 Jan monthly
        // (January; monthly used up), both 1 Jan snapshots removed. h2's only snapshot is its group's newest day and month.
        var json = Parse(await _repo.RunAsync("forget", "--keep-daily", "2", "--keep-monthly", "3", "--json"));

        var kept = json.GetProperty("keep").EnumerateArray().ToDictionary(k => k.GetProperty("id").GetString()!, k => k.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray());
        var removed = json.GetProperty("remove").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray();
        var remaining = await SnapshotIdsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(kept.Keys, Is.EqualTo(new[] { otherHost, jan2, feb1, mar1 }), "oldest first");
            Assert.That(kept[mar1], Is.EqualTo(new[] { "daily snapshot", "monthly snapshot" }));
            Assert.That(kept[feb1], Is.EqualTo(new[] { "daily snapshot", "monthly snapshot" }));
            Assert.That(kept[jan2], Is.EqualTo(new[] { "monthly snapshot" }));
            Assert.That(kept[otherHost], Is.EqualTo(new[] { "daily snapshot", "monthly snapshot" }));
            Assert.That(removed, Is.EqualTo(new[] { jan1Early, jan1 }));
            Assert.That(remaining, Is.EquivalentTo(new[] { otherHost, jan2, feb1, mar1 }));
            Assert.That(json.GetProperty("groups").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Forget_DryRun_ChangesNothing()
    {
        await BackupAtAsync("2026-01-01T12:00:00Z");
        await BackupAtAsync("2026-01-02T12:00:00Z");
        await BackupAtAsync("2026-01-03T12:00:00Z");
        var before = await SnapshotIdsAsync();
        var files = _repo.Fingerprint();

        var run = await _repo.RunAsync("forget", "--keep-last", "1", "--dry-run");

        Assert.Multiple(async () =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain("snapshots for host [h1], paths [" + _source + "]:"));
            Assert.That(run.Stdout, Does.Contain("keep 1 snapshot:").And.Contain("remove 2 snapshots:").And.Contain("last snapshot"));
            Assert.That(run.Stderr, Does.Contain("dry run: 2 snapshots would be removed"));
            Assert.That(await SnapshotIdsAsync(), Is.EqualTo(before));
            Assert.That(_repo.Fingerprint(), Is.EqualTo(files));
        });
    }

    [Test]
    public async Task Forget_ById_RemovesThatSnapshotOnly()
    {
        var first = await BackupAtAsync("2026-01-01T12:00:00Z");
        var second = await BackupAtAsync("2026-01-02T12:00:00Z");

        var json = Parse(await _repo.RunAsync("forget", first[..10], "--json"));

        Assert.Multiple(async () =>
        {
            Assert.That(json.GetProperty("remove").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { first }));
            Assert.That(json.GetProperty("keep").GetArrayLength(), Is.Zero);
            Assert.That(await SnapshotIdsAsync(), Is.EqualTo(new[] { second }));
        });
    }

    [Test]
    public async Task Forget_ByUnknownId_FailsAndChangesNothing()
    {
        var id = await BackupAtAsync("2026-01-01T12:00:00Z");

        var run = await _repo.RunAsync("forget", id, "0123456789abcdef");

        Assert.Multiple(async () =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("0123456789abcdef").And.Contain("Nothing was forgotten"));
            Assert.That(await SnapshotIdsAsync(), Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public async Task Json_HasKeepWithReasonsAndRemoveWithIdAndTime()
    {
        var old = await BackupAtAsync("2026-01-01T12:00:00+01:00");
        var latest = await BackupAtAsync("2026-01-02T12:00:00+01:00");

        var json = Parse(await _repo.RunAsync("forget", "--keep-last", "1", "--dry-run", "--json"));

        var keep = json.GetProperty("keep").EnumerateArray().Single();
        var remove = json.GetProperty("remove").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(keep.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "time", "reasons" }));
            Assert.That(keep.GetProperty("id").GetString(), Is.EqualTo(latest));
            Assert.That(keep.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.Parse("2026-01-02T12:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(keep.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "last snapshot" }));
            Assert.That(remove.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "time" }));
            Assert.That(remove.GetProperty("id").GetString(), Is.EqualTo(old));
            Assert.That(json.GetProperty("dryRun").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("warnings").ValueKind, Is.EqualTo(JsonValueKind.Array));
            var group = json.GetProperty("groups").EnumerateArray().Single();
            Assert.That(group.GetProperty("host").GetString(), Is.EqualTo("h1"));
            Assert.That(group.GetProperty("keep").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { latest }));
            Assert.That(group.GetProperty("remove").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { old }));
        });
    }

    [Test]
    public async Task Forget_GroupByTags_AndHostFilter()
    {
        var a = await BackupAtAsync("2026-01-01T12:00:00Z", "h1", "db");
        var b = await BackupAtAsync("2026-01-02T12:00:00Z", "h1", "db");
        var c = await BackupAtAsync("2026-01-03T12:00:00Z", "h1", "web");
        var d = await BackupAtAsync("2026-01-04T12:00:00Z", "h2", "db");

        var json = Parse(await _repo.RunAsync("forget", "--keep-last", "1", "--group-by", "tags", "--host", "h1", "--json"));

        Assert.Multiple(async () =>
        {
            Assert.That(json.GetProperty("remove").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { a }));
            Assert.That(json.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("tags")[0].GetString()), Is.EqualTo(new[] { "db", "web" }));
            Assert.That(await SnapshotIdsAsync(), Is.EquivalentTo(new[] { b, c, d }));
        });
    }

    [Test]
    public async Task Text_WithoutGrouping_ShowsOneTableWithEveryReason()
    {
        var a = await BackupAtAsync("2026-01-01T12:00:00Z", "h1", "prod");
        var b = await BackupAtAsync("2026-01-10T12:00:00Z", "h2");
        var c = await BackupAtAsync("2026-01-11T12:00:00Z", "h1");

        // Within 2d of c (11 Jan 12:00): b and c; a by its tag.
        var run = await _repo.RunAsync("forget", "--keep-within", "2d", "--keep-tag", "prod", "--group-by", "none");

        var lines = run.Stdout.Split('\n');
        Assert.Multiple(async () =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(lines[0], Is.EqualTo("all snapshots (not grouped):"));
            Assert.That(lines[1], Is.EqualTo("keep 3 snapshots:"));
            Assert.That(lines.Single(l => l.StartsWith(a[..8], StringComparison.Ordinal)), Does.EndWith("tag prod"));
            Assert.That(lines.Single(l => l.StartsWith(c[..8], StringComparison.Ordinal)), Does.EndWith("within 2d"));
            Assert.That(run.Stdout, Does.Contain("remove 0 snapshots:"));
            Assert.That(run.Stderr, Does.Contain("0 snapshots removed"));
            Assert.That(await SnapshotIdsAsync(), Is.EquivalentTo(new[] { a, b, c }));
        });
    }

    [Test]
    public async Task Text_ById_ListsTheRemovedSnapshots()
    {
        var a = await BackupAtAsync("2026-01-01T12:00:00Z");

        var run = await _repo.RunAsync("forget", "latest");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.StartWith("remove 1 snapshot:"));
            Assert.That(run.Stdout, Does.Contain(a[..8] + "  2026-01-01 12:00:00"));
            Assert.That(run.Stderr, Does.Contain("1 snapshot removed"));
        });
    }

    [Test]
    public async Task Forget_ReportsAFutureDatedSnapshot()
    {
        await BackupAtAsync(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var planted = await BackupAtAsync("2100-01-01T00:00:00Z");

        var run = await _repo.RunAsync("forget", "--keep-last", "5", "--dry-run", "--json");

        var json = Parse(run);
        var warning = json.GetProperty("warnings").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(warning.GetProperty("id").GetString(), Is.EqualTo(planted));
            Assert.That(warning.GetProperty("kind").GetString(), Is.EqualTo("inFuture"));
            Assert.That(run.Stderr, Does.Contain("warning: snapshot " + planted[..8]).And.Contain("in the future"));
        });
    }

    [Test]
    public async Task Forget_WhenThePolicyKeepsNothing_IsRefusedUnlessForced()
    {
        await BackupAtAsync("2026-01-01T12:00:00Z");
        var files = _repo.Fingerprint();

        var refused = await _repo.RunAsync("forget", "--keep-tag", "prod");
        var filesAfterRefusal = _repo.Fingerprint();
        var forced = await _repo.RunAsync("forget", "--keep-tag", "prod", "--force");

        Assert.Multiple(async () =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(refused.Stderr, Does.Contain("would keep no snapshot"));
            Assert.That(filesAfterRefusal, Is.EqualTo(files));
            Assert.That(forced.ExitCode, Is.EqualTo(ExitCodes.Success), forced.Stderr);
            Assert.That(await SnapshotIdsAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task Forget_WithPrune_FreesTheDataOnlyTheForgottenSnapshotUsed()
    {
        var file = Path.Combine(_source, "a.txt");
        File.WriteAllBytes(file, RandomBytes(300_000, seed: 1));
        var old = await BackupAtAsync("2026-01-01T12:00:00Z");
        var newContent = RandomBytes(300_000, seed: 2);
        File.WriteAllBytes(file, newContent);
        var kept = await BackupAtAsync("2026-01-02T12:00:00Z");
        var dataBefore = DataBytes();

        var json = Parse(await _repo.RunAsync("forget", "--keep-last", "1", "--prune", "--max-unused", "0", "--json"));

        var prune = json.GetProperty("prune");
        var restoreTarget = Path.Combine(_repo.Root, "restored");
        var restore = await _repo.RunAsync("restore", kept, "--target", restoreTarget);
        var check = await _repo.RunAsync("check", "--read-data");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("remove").EnumerateArray().Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { old }));
            Assert.That(prune.GetProperty("blobsRemoved").GetInt64(), Is.GreaterThan(0));
            Assert.That(prune.GetProperty("bytesFreed").GetInt64(), Is.EqualTo(dataBefore - DataBytes()));
            Assert.That(dataBefore - DataBytes(), Is.GreaterThan(250_000), "the forgotten content (300 KB of random bytes) is gone");
            Assert.That(restore.ExitCode, Is.EqualTo(ExitCodes.Success), restore.Stderr);
            Assert.That(File.ReadAllBytes(Path.Combine(restoreTarget, _source.TrimStart('/'), "a.txt")), Is.EqualTo(newContent));
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout + check.Stderr);
        });
    }

    [Test]
    public async Task Forget_DryRunWithPrune_ChangesNothing()
    {
        await BackupAtAsync("2026-01-01T12:00:00Z");
        File.WriteAllBytes(Path.Combine(_source, "a.txt"), RandomBytes(100_000, seed: 3));
        await BackupAtAsync("2026-01-02T12:00:00Z");
        var files = _repo.Fingerprint();

        var json = Parse(await _repo.RunAsync("forget", "--keep-last", "1", "--prune", "--dry-run", "--json"));

        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("remove").GetArrayLength(), Is.EqualTo(1));
            Assert.That(json.GetProperty("prune").GetProperty("dryRun").GetBoolean(), Is.True);
            Assert.That(_repo.Fingerprint(), Is.EqualTo(files));
        });
    }

    private long DataBytes() =>
        new DirectoryInfo(Path.Combine(_repo.Location, "data")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        yield return new TestCaseData((object)new[] { "forget", "--keep-within", "30x" }, "not a duration").SetName("BadDuration");
        yield return new TestCaseData((object)new[] { "forget", "--keep-within", "0d" }, "not a duration").SetName("ZeroDuration");
        yield return new TestCaseData((object)new[] { "forget", "--keep-daily", "-1" }, "--keep-daily must be 0 or more").SetName("NegativeCount");
        yield return new TestCaseData((object)new[] { "forget" }, "Nothing to forget").SetName("NoRuleAndNoIds");
        yield return new TestCaseData((object)new[] { "forget", "--host", "h1" }, "Nothing to forget").SetName("OnlyAFilter");
        yield return new TestCaseData((object)new[] { "forget", "latest", "--keep-last", "1" }, "not both").SetName("IdsAndRules");
        yield return new TestCaseData((object)new[] { "forget", "--keep-last", "1", "--group-by", "user" }, "--group-by 'user'").SetName("BadGroupBy");
        yield return new TestCaseData((object)new[] { "forget", "abc" }, "prefix of at least 8").SetName("ShortPrefix");
    }

    [TestCaseSource(nameof(UsageErrors))]
    public async Task UsageErrors_ExitWith2_AndChangeNothing(string[] args, string message)
    {
        await BackupAtAsync("2026-01-01T12:00:00Z");
        var files = _repo.Fingerprint();

        var run = await _repo.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError), run.Stderr);
            Assert.That(run.Stderr, Does.Contain(message));
            Assert.That(_repo.Fingerprint(), Is.EqualTo(files));
        });
    }
}
