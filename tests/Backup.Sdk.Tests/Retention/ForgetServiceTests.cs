using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Retention;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Retention;

public class ForgetServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = null!;
    private StorageClock _storageClock = null!;
    private InMemoryStorageBackend _storage = null!;
    private BackupRepository _repository = null!;
    private ForgetService _service = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = new FakeTimeProvider(Start);
        _clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _storageClock = new StorageClock { Now = Start };
        _storage = new InMemoryStorageBackend("forget", _storageClock);
        _repository = await BackupRepository.InitAsync(_storage, TestRepositories.Password, TestRepositories.SmallOptions(), timeProvider: _storageClock);
        _service = new ForgetService(timeProvider: _clock);
    }

    [TearDown]
    public async Task TearDown() => await _repository.DisposeAsync();

    /// <summary>Stores a snapshot record dated <paramref name="time"/>, written when the storage's clock says <paramref name="storedAt"/> (default: its own time).</summary>
    private async Task<Snapshot> AddAsync(DateTimeOffset time, string host = "h1", string[]? tags = null, DateTimeOffset? storedAt = null)
    {
        _storageClock.Now = storedAt ?? time;
        var snapshot = new Snapshot { Time = time, Hostname = host, Paths = ["/data"], Tags = tags ?? [] };
        await _repository.Snapshots.SaveAsync(snapshot);
        return snapshot;
    }

    private async Task<List<ContentId>> RemainingAsync() => [.. (await _repository.Snapshots.ListAsync()).Select(s => s.Id)];

    [Test]
    public async Task Forget_ByPolicy_DeletesTheRemovedRecordsOnly()
    {
        var a = await AddAsync(Start);
        var b = await AddAsync(Start.AddDays(1));
        var c = await AddAsync(Start.AddDays(2));
        var other = await AddAsync(Start, host: "h2");

        var result = await _service.ForgetAsync(_repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 2 } });

        Assert.Multiple(async () =>
        {
            Assert.That(result.Remove.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { a.Id }));
            Assert.That(result.Keep.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { other.Id, b.Id, c.Id }));
            Assert.That(result.Keep.All(d => d.Reasons.SequenceEqual(["last snapshot"])), Is.True);
            Assert.That(result.Groups, Has.Count.EqualTo(2));
            Assert.That(result.DryRun, Is.False);
            Assert.That(await RemainingAsync(), Is.EquivalentTo(new[] { b.Id, c.Id, other.Id }));
        });
    }

    [Test]
    public async Task Forget_DryRun_ChangesNothing()
    {
        await AddAsync(Start);
        await AddAsync(Start.AddDays(1));
        var before = await TestRepositories.FingerprintAsync(_storage);

        var result = await _service.ForgetAsync(_repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 1 }, DryRun = true });

        Assert.Multiple(async () =>
        {
            Assert.That(result.Remove, Has.Count.EqualTo(1));
            Assert.That(result.DryRun, Is.True);
            Assert.That(await TestRepositories.FingerprintAsync(_storage), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Forget_WithHostAndTagFilters_DecidesOnlyAmongTheSelected()
    {
        var web1 = await AddAsync(Start, host: "web", tags: ["daily"]);
        var web2 = await AddAsync(Start.AddDays(1), host: "web", tags: ["daily"]);
        var webWeekly = await AddAsync(Start.AddDays(2), host: "web", tags: ["weekly"]);
        var db = await AddAsync(Start, host: "db", tags: ["daily"]);

        var result = await _service.ForgetAsync(_repository, new ForgetRequest
        {
            Rules = new RetentionRules { KeepLast = 1 },
            Hosts = ["web"],
            Tags = [["daily"]],
        });

        Assert.Multiple(async () =>
        {
            Assert.That(result.Keep.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { web2.Id }));
            Assert.That(result.Remove.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { web1.Id }));
            Assert.That(await RemainingAsync(), Is.EquivalentTo(new[] { web2.Id, webWeekly.Id, db.Id }));
        });
    }

    [Test]
    public async Task Forget_ByIdAndPrefix_DeletesThoseSnapshots()
    {
        var a = await AddAsync(Start);
        var b = await AddAsync(Start.AddDays(1));
        var c = await AddAsync(Start.AddDays(2));

        var result = await _service.ForgetAsync(_repository, new ForgetRequest { SnapshotIds = [c.Id.ToString(), a.Id.ToString()[..10], c.Id.ToString()] });

        Assert.Multiple(async () =>
        {
            Assert.That(result.Remove.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { a.Id, c.Id }));
            Assert.That(result.Keep, Is.Empty);
            Assert.That(await RemainingAsync(), Is.EqualTo(new[] { b.Id }));
        });
    }

    [Test]
    public async Task Forget_ByUnknownId_ThrowsAndDeletesNothing()
    {
        var a = await AddAsync(Start);
        var missing = new string('0', 64);

        Assert.ThrowsAsync<ObjectNotFoundException>(() => _service.ForgetAsync(_repository, new ForgetRequest { SnapshotIds = [a.Id.ToString(), missing] }));

        Assert.That(await RemainingAsync(), Is.EqualTo(new[] { a.Id }));
    }

    [Test]
    public async Task Forget_WhenThePolicyKeepsNothing_IsRefusedAndDeletesNothing()
    {
        await AddAsync(Start);
        await AddAsync(Start.AddDays(1));
        var before = await TestRepositories.FingerprintAsync(_storage);
        var request = new ForgetRequest { Rules = new RetentionRules { KeepTags = ["prod"] } };

        Assert.ThrowsAsync<RetentionKeepsNothingException>(() => _service.ForgetAsync(_repository, request));
        Assert.That(await TestRepositories.FingerprintAsync(_storage), Is.EqualTo(before));

        var forced = await _service.ForgetAsync(_repository, new ForgetRequest { Rules = request.Rules, AllowKeepNothing = true });
        Assert.Multiple(async () =>
        {
            Assert.That(forced.Remove, Has.Count.EqualTo(2));
            Assert.That(await RemainingAsync(), Is.Empty);
        });
    }

    [TestCase(false, false)]
    [TestCase(true, true)]
    public void Forget_WithBothOrNeitherRulesAndIds_IsACallerMistake(bool rules, bool ids)
    {
        var request = new ForgetRequest { Rules = rules ? new RetentionRules { KeepLast = 1 } : null, SnapshotIds = ids ? ["latest"] : [] };

        Assert.ThrowsAsync<ArgumentException>(() => _service.ForgetAsync(_repository, request));
    }

    [Test]
    public async Task Forget_ReportsSnapshotsWhoseTimeIsSuspicious()
    {
        var now = Start.AddDays(30);
        var normal = await AddAsync(Start.AddDays(29), storedAt: Start.AddDays(29).AddHours(3)); // a three-hour backup
        var slightlyAhead = await AddAsync(now.AddMinutes(2), storedAt: now); // a clock two minutes fast: tolerated
        var future = await AddAsync(now.AddYears(5), storedAt: now);
        var afterStored = await AddAsync(Start.AddDays(10), storedAt: Start.AddDays(9));
        var backdated = await AddAsync(Start.AddDays(-400), storedAt: Start.AddDays(20));
        _clock.SetUtcNow(now);

        var result = await _service.ForgetAsync(_repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 10 }, DryRun = true });

        var kinds = result.Warnings.ToDictionary(w => w.Id, w => w.Kind);
        var future5y = result.Warnings.Single(w => w.Id == future.Id);
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Has.Count.EqualTo(3));
            Assert.That(kinds[future.Id], Is.EqualTo(SnapshotTimeSuspicion.InFuture));
            Assert.That(kinds[afterStored.Id], Is.EqualTo(SnapshotTimeSuspicion.AfterStored));
            Assert.That(kinds[backdated.Id], Is.EqualTo(SnapshotTimeSuspicion.LongBeforeStored));
            Assert.That(kinds.ContainsKey(normal.Id) || kinds.ContainsKey(slightlyAhead.Id), Is.False);
            Assert.That(future5y.StoredAt, Is.EqualTo(now));
            Assert.That(future5y.Message, Does.Contain(future.Id.ToShortString()).And.Contain("in the future"));
            Assert.That(result.Keep, Has.Count.EqualTo(5), "suspicious snapshots are reported, not dropped");
        });
    }

    [Test]
    public async Task Forget_APlantedFutureSnapshot_IsReportedAlthoughItTakesAKeepLastSlot()
    {
        // Retention poisoning: with keep-last 2, one planted snapshot dated in the future pushes out a real one. forget cannot tell
        // which is real, but it says which one looks planted.
        var real1 = await AddAsync(Start);
        var real2 = await AddAsync(Start.AddDays(1));
        var planted = await AddAsync(Start.AddYears(3), storedAt: Start.AddDays(1).AddHours(1));
        _clock.SetUtcNow(Start.AddDays(2));

        var result = await _service.ForgetAsync(_repository, new ForgetRequest { Rules = new RetentionRules { KeepLast = 2 }, DryRun = true });

        Assert.Multiple(() =>
        {
            Assert.That(result.Keep.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { real2.Id, planted.Id }));
            Assert.That(result.Remove.Select(d => d.Snapshot.Id), Is.EqualTo(new[] { real1.Id }));
            Assert.That(result.Warnings.Select(w => (w.Id, w.Kind)), Is.EqualTo(new[] { (planted.Id, SnapshotTimeSuspicion.InFuture) }));
        });
    }

    /// <summary>The storage's clock, set freely (backwards too) so that each record gets the modification time a test chooses.</summary>
    private sealed class StorageClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
