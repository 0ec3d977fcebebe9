using System.Runtime.Versioning;
using System.Text.Json;
using Backup.Sdk.Repository;
using Backup.Sdk.Tests.Sources.FileSystem;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Validation;

[SupportedOSPlatform("linux")]
public class RecoveryValidationTests
{
    private CheckScenario _scenario = null!;
    private TemporaryDirectory _scratch = null!;

    [SetUp]
    public async Task SetUp()
    {
        _scenario = await CheckScenario.CreateAsync();
        _scratch = new TemporaryDirectory();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _scenario.DisposeAsync();
        _scratch.Dispose();
    }

    [Test]
    public async Task BitFlipInOnePack_FailsDataIntegrityNamingPackBlobSnapshotsAndPaths()
    {
        _scenario.Storage.Corrupt(_scenario.PhotoDataPack, _scenario.Builder.Locate(_scenario.P).Offset + 30);

        var report = await RunAsync([new StructureValidator(), new DataIntegrityValidator()], _scenario.Snapshot1);

        var data = report.Validators[1];
        var failure = data.Failures.Single();
        Assert.Multiple(() =>
        {
            Assert.That(report.Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(report.Validators[0].Status, Is.EqualTo(ValidationStatus.Passed), "the structure is intact");
            Assert.That(data.Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(failure.ObjectName, Is.EqualTo(_scenario.PhotoDataPack));
            Assert.That(failure.BlobId, Is.EqualTo(_scenario.P.ToString()));
            Assert.That(failure.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot1.ToString() }));
            Assert.That(failure.AffectedPaths, Is.EqualTo(new[] { "/data/photos/p.jpg" }));
        });
    }

    [Test]
    public async Task Drill_OfSnapshotNeedingTheDamagedPack_FailsAndOfAnUnaffectedOnePasses()
    {
        _scenario.Storage.Corrupt(_scenario.PhotoDataPack, _scenario.Builder.Locate(_scenario.P).Offset + 30);
        var drill = new RestoreDrill(_scenario.Repository);
        var options = new DrillOptions { ScratchDirectory = _scratch.Path };

        var affected = await drill.RunAsync(await _scenario.Repository.Snapshots.LoadAsync(_scenario.Snapshot1), options);
        var unaffected = await drill.RunAsync(await _scenario.Repository.Snapshots.LoadAsync(_scenario.Snapshot2), options);

        Assert.Multiple(() =>
        {
            Assert.That(affected.Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(affected.Failures.Select(f => f.ObjectName), Does.Contain(_scenario.PhotoDataPack));
            Assert.That(unaffected.Status, Is.EqualTo(ValidationStatus.Passed), string.Join("; ", unaffected.Failures));
            Assert.That(unaffected.FilesChecked, Is.EqualTo(3), "a.txt, b.txt, c.txt");
            Assert.That(unaffected.BytesChecked, Is.EqualTo(unaffected.BytesRestored).And.GreaterThan(0));
            Assert.That(unaffected.RecoveryTime, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(unaffected.ThroughputBytesPerSecond, Is.GreaterThan(0));
            Assert.That(Directory.GetFileSystemEntries(_scratch.Path), Is.Empty, "the drill cleans up");
        });
    }

    [Test]
    public async Task Drill_IsRecordedInTheRepository()
    {
        var snapshot = await _scenario.Repository.Snapshots.LoadAsync(_scenario.Snapshot2);

        var result = await new RestoreDrill(_scenario.Repository).RunAsync(snapshot, new DrillOptions { ScratchDirectory = _scratch.Path });

        var records = await _scenario.Repository.Drills.ListAsync();
        var record = records.Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Id, Is.EqualTo(result.RecordId));
            Assert.That(record.Snapshot, Is.EqualTo(_scenario.Snapshot2));
            Assert.That(record.Passed, Is.True);
            Assert.That(record.Files, Is.EqualTo(3));
            Assert.That(record.RestoreSeconds, Is.EqualTo(result.RecoveryTime.TotalSeconds));
            Assert.That(record.Hostname, Is.EqualTo(snapshot.Hostname));
        });
    }

    [Test]
    public async Task Drill_WithSample_RestoresOnlyAShareOfTheFiles()
    {
        var snapshot = await _scenario.Repository.Snapshots.LoadAsync(_scenario.Snapshot2);
        var counts = new List<long>();
        for (var seed = 0; seed < 6; seed++)
        {
            var result = await new RestoreDrill(_scenario.Repository).RunAsync(snapshot, new DrillOptions { ScratchDirectory = _scratch.Path, Sample = 0.5, Seed = seed, Record = false });
            Assert.That(result.Status, Is.EqualTo(ValidationStatus.Passed));
            counts.Add(result.FilesChecked);
        }

        Assert.That(counts, Has.All.LessThanOrEqualTo(3).And.Some.LessThan(3));
    }

    [Test]
    public async Task FunctionalCheck_RunsAgainstTheDrillsRestoredDataAndItsFailuresFailTheRun()
    {
        string? seen = null;
        var functional = new FunctionalValidator("docs-readable", (directory, context, ct) =>
        {
            seen = directory;
            var docs = Path.Combine(directory, "data/docs");
            IReadOnlyList<string> problems = File.Exists(Path.Combine(docs, "a.txt")) && new FileInfo(Path.Combine(docs, "b.txt")).Length == 20_000
                ? ["b.txt holds 20000 bytes, not the 1 record the host expected"]
                : ["the restored docs are not there"];
            return Task.FromResult(problems);
        });

        var report = await RunAsync([new RestoreDrillValidator(), functional], _scenario.Snapshot2);

        var result = report.Validators[1];
        Assert.Multiple(() =>
        {
            Assert.That(report.Validators[0].Status, Is.EqualTo(ValidationStatus.Passed));
            Assert.That(result.Name, Is.EqualTo("docs-readable"));
            Assert.That(result.Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(result.Failures.Single().Message, Does.StartWith("b.txt holds 20000 bytes"), "the check saw the restored files");
            Assert.That(report.Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(Directory.Exists(seen), Is.False, "the run removes the restored data");
        });
    }

    [Test]
    public async Task FunctionalCheck_WithoutADrill_IsSkipped()
    {
        var functional = new FunctionalValidator("never", (_, _, _) => Task.FromResult<IReadOnlyList<string>>(["must not run"]));

        var report = await RunAsync([functional], _scenario.Snapshot2);

        Assert.That((report.Status, report.Validators[0].Status), Is.EqualTo((ValidationStatus.Skipped, ValidationStatus.Skipped)));
    }

    [Test]
    public async Task Report_OfDefaultValidators_IsOneJsonDocumentWithStatusesRtoAndThroughput()
    {
        var report = await RunAsync(RecoveryValidationRunner.CreateDefaultValidators(), _scenario.Snapshot2);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("Passed"));
            Assert.That(root.GetProperty("snapshotId").GetString(), Is.EqualTo(_scenario.Snapshot2.ToString()));
            Assert.That(root.GetProperty("rtoSeconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("throughputBytesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("durationSeconds").GetDouble(), Is.GreaterThan(0));
            var validators = root.GetProperty("validators").EnumerateArray().ToList();
            Assert.That(validators.Select(v => v.GetProperty("name").GetString()), Is.EqualTo(new[] { "structure", "data-integrity", "restore-drill" }));
            Assert.That(validators.Select(v => v.GetProperty("status").GetString()), Has.All.EqualTo("Passed"));
            Assert.That(validators[2].GetProperty("measurements").GetProperty("rtoSeconds").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Validator_ThatThrows_FailsWithItsMessageAndTheOthersStillRun()
    {
        var report = await RunAsync([new ThrowingValidator(), new StructureValidator()], _scenario.Snapshot2);

        Assert.Multiple(() =>
        {
            Assert.That(report.Validators[0].Status, Is.EqualTo(ValidationStatus.Failed));
            Assert.That(report.Validators[0].Failures.Single().Message, Does.Contain("boom"));
            Assert.That(report.Validators[1].Status, Is.EqualTo(ValidationStatus.Passed));
        });
    }

    private Task<RecoveryValidationReport> RunAsync(IEnumerable<IRecoveryValidator> validators, ContentId snapshot) =>
        new RecoveryValidationRunner(validators).RunAsync(_scenario.Repository, new RecoveryValidationOptions { Snapshot = snapshot.ToString(), ScratchDirectory = _scratch.Path, MaxConcurrency = 2 });

    private sealed class ThrowingValidator : IRecoveryValidator
    {
        public string Name => "throws";

        public Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("boom");
    }
}
