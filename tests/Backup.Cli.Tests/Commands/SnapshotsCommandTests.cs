using System.Text.Json;
using Backup.Sdk.Repository;

namespace Backup.Cli.Tests.Commands;

public class SnapshotsCommandTests
{
    private static readonly TimeSpan Plus2 = TimeSpan.FromHours(2);
    private TempRepository _repo = null!;

    [SetUp]
    public async Task SetUp()
    {
        _repo = new TempRepository();
        await _repo.InitAsync();
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private async Task<JsonElement[]> SnapshotsJsonAsync(params string[] args)
    {
        var run = await _repo.RunAsync(["snapshots", "--json", .. args]);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Test]
    public async Task Json_HasTheDocumentedShape()
    {
        var full = await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 3, 1, 10, 0, 0, Plus2), tags: ["daily"]);
        var incremental = await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 3, 2, 10, 0, 0, Plus2), level: BackupLevel.Incremental, parent: full.Id);

        var snapshots = await SnapshotsJsonAsync();

        Assert.That(snapshots, Has.Length.EqualTo(2));
        var first = snapshots[0];
        var second = snapshots[1];
        var summary = first.GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("id").GetString(), Is.EqualTo(full.Id.ToString()).And.Length.EqualTo(64));
            Assert.That(first.GetProperty("time").GetString(), Does.StartWith("2026-03-01T10:00:00").And.EndWith("+02:00"));
            Assert.That(first.GetProperty("hostname").GetString(), Is.EqualTo("host1"));
            Assert.That(first.GetProperty("paths").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "/data/x" }));
            Assert.That(first.GetProperty("tags").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "daily" }));
            Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("full"));
            Assert.That(first.GetProperty("parent").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(first.GetProperty("tree").GetString(), Is.EqualTo(full.Tree.ToString()));
            Assert.That(summary.GetProperty("filesNew").GetInt64(), Is.EqualTo(2));
            Assert.That(summary.GetProperty("dirsNew").GetInt64(), Is.EqualTo(3));
            Assert.That(summary.GetProperty("dataAdded").GetInt64(), Is.EqualTo(1234));
            Assert.That(summary.GetProperty("totalBytesProcessed").GetInt64(), Is.EqualTo(5));
            Assert.That(summary.TryGetProperty("filesChanged", out _), Is.True);
            Assert.That(summary.TryGetProperty("bytesRead", out _), Is.True);
            Assert.That(second.GetProperty("level").GetString(), Is.EqualTo("incremental"));
            Assert.That(second.GetProperty("parent").GetString(), Is.EqualTo(full.Id.ToString()));
            Assert.That(second.GetProperty("id").GetString(), Is.EqualTo(incremental.Id.ToString()));
        });
    }

    [Test]
    public async Task Json_WithoutSummary_PrintsNullSummary()
    {
        await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 3, 1, 10, 0, 0, Plus2), withSummary: false);

        var snapshot = (await SnapshotsJsonAsync()).Single();

        Assert.That(snapshot.GetProperty("summary").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Json_IsSortedByTime_NotByCreationOrder()
    {
        var later = await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var earlier = await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

        var ids = (await SnapshotsJsonAsync()).Select(s => s.GetProperty("id").GetString());

        Assert.That(ids, Is.EqualTo(new[] { earlier.Id.ToString(), later.Id.ToString() }));
    }

    [Test]
    public async Task Filters_ByTagAndHost()
    {
        var time = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var dailyA = await _repo.AddSnapshotAsync(time, hostname: "a", tags: ["daily", "db"]);
        var weeklyA = await _repo.AddSnapshotAsync(time.AddDays(1), hostname: "a", tags: ["weekly"]);
        var dailyB = await _repo.AddSnapshotAsync(time.AddDays(2), hostname: "b", tags: ["daily"]);

        async Task<string?[]> IdsAsync(params string[] args) => [.. (await SnapshotsJsonAsync(args)).Select(s => s.GetProperty("id").GetString())];

        var daily = await IdsAsync("--tag", "daily");
        var dailyAndDb = await IdsAsync("--tag", "daily,db");
        var dailyOrWeekly = await IdsAsync("--tag", "db", "--tag", "weekly");
        var hostA = await IdsAsync("--host", "a");
        var hostBDaily = await IdsAsync("--host", "b", "--tag", "daily");
        var none = await IdsAsync("--host", "c");

        Assert.Multiple(() =>
        {
            Assert.That(daily, Is.EqualTo(new[] { dailyA.Id.ToString(), dailyB.Id.ToString() }));
            Assert.That(dailyAndDb, Is.EqualTo(new[] { dailyA.Id.ToString() }));
            Assert.That(dailyOrWeekly, Is.EqualTo(new[] { dailyA.Id.ToString(), weeklyA.Id.ToString() }));
            Assert.That(hostA, Is.EqualTo(new[] { dailyA.Id.ToString(), weeklyA.Id.ToString() }));
            Assert.That(hostBDaily, Is.EqualTo(new[] { dailyB.Id.ToString() }));
            Assert.That(none, Is.Empty);
        });
    }

    [Test]
    public async Task Text_PrintsOneRowPerSnapshotWithShortIdHostTagsLevelAndPath()
    {
        var snapshot = await _repo.AddSnapshotAsync(new DateTimeOffset(2026, 3, 1, 10, 0, 0, Plus2), hostname: "web1", tags: ["daily", "db"]);

        var run = await _repo.RunAsync("snapshots");

        var row = run.Stdout.Split('\n').Single(l => l.StartsWith(snapshot.Id.ToShortString(), StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(run.Stdout, Does.StartWith("ID"));
            Assert.That(row, Does.Contain("2026-03-01 10:00:00").And.Contain("web1").And.Contain("daily,db").And.Contain("full").And.Contain("/data/x"));
            Assert.That(run.Stdout, Does.Contain("1 snapshot"));
        });
    }
}
