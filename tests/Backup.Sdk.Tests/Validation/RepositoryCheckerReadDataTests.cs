using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Validation;

public class RepositoryCheckerReadDataTests
{
    private CheckScenario _scenario = null!;

    [SetUp]
    public async Task SetUp() => _scenario = await CheckScenario.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _scenario.DisposeAsync();

    [Test]
    public async Task ReadData_OfHealthyRepository_ReadsEveryPackOnceAndFindsNothing()
    {
        long packBytes = 0;
        await foreach (var info in _scenario.Storage.ListAsync("data/"))
        {
            packBytes += info.Length;
        }

        var report = await CheckAsync(readData: true);

        Assert.Multiple(() =>
        {
            Assert.That(report.Problems, Is.Empty);
            Assert.That(report.BytesRead, Is.EqualTo(packBytes));
        });
    }

    [Test]
    public async Task BitFlipInsideBlobRecord_IsFoundByReadDataAndNotByStructureCheck()
    {
        var location = _scenario.Builder.Locate(_scenario.A2);
        _scenario.Storage.Corrupt(_scenario.DocsDataPack, location.Offset + 100);

        var structure = await CheckAsync(readData: false);
        var data = await CheckAsync(readData: true);

        var problem = RepositoryCheckerTests.Single(data, CheckProblemKind.DamagedBlob);
        Assert.Multiple(() =>
        {
            Assert.That(structure.Problems, Is.Empty, "the pack header and index still agree");
            Assert.That(data.IsHealthy, Is.False);
            Assert.That(data.Problems, Has.Count.EqualTo(1));
            Assert.That(problem.ObjectName, Is.EqualTo(_scenario.DocsDataPack));
            Assert.That(problem.BlobId, Is.EqualTo(_scenario.A2));
            Assert.That(problem.AffectedSnapshots, Is.EquivalentTo(new[] { _scenario.Snapshot1, _scenario.Snapshot2 }));
            Assert.That(problem.AffectedPaths, Is.EqualTo(new[] { "/data/docs/a.txt" }));
            Assert.That(problem.AffectedPathCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ReadData_WithMissingPackAndHeaderDamage_ReportsEachOnceWithoutReadingThem()
    {
        _scenario.Storage[_scenario.PhotoDataPack] = null;
        var other = _scenario.OtherDataPack;
        _scenario.Storage.Corrupt(other, _scenario.Storage[other]!.Length - 1);

        var report = await CheckAsync(readData: true);

        Assert.Multiple(() =>
        {
            Assert.That(report.Problems.Select(p => p.Kind), Is.EquivalentTo(new[] { CheckProblemKind.MissingPack, CheckProblemKind.DamagedPack }));
            Assert.That(RepositoryCheckerTests.Single(report, CheckProblemKind.DamagedPack).AffectedPaths, Is.EqualTo(new[] { "/data/other/c.txt" }));
        });
    }

    [Test]
    public async Task Check_OfDamagedRepository_ChangesNothingInStorage()
    {
        _scenario.Storage.Corrupt(_scenario.DocsDataPack, _scenario.Builder.Locate(_scenario.A1).Offset + 10);
        _scenario.Storage[_scenario.PhotoDataPack] = null;
        _scenario.Storage.Corrupt("snapshots/" + _scenario.Snapshot2, 70);
        await _scenario.Storage.DeleteAsync(await _scenario.Builder.IndexFileListingAsync(_scenario.OtherDataPack));
        var before = await TestRepositories.FingerprintAsync(_scenario.Storage);

        var report = await CheckAsync(readData: true);

        Assert.Multiple(async () =>
        {
            Assert.That(report.IsHealthy, Is.False);
            Assert.That(await TestRepositories.FingerprintAsync(_scenario.Storage), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Progress_ReportsEveryPhase()
    {
        var phases = new List<CheckPhase>();
        var progress = new SynchronousProgress(p =>
        {
            lock (phases)
            {
                phases.Add(p.Phase);
            }
        });

        await new RepositoryChecker(_scenario.Repository).CheckAsync(new CheckOptions { ReadData = true }, progress);

        Assert.That(phases.Distinct(), Is.EquivalentTo(Enum.GetValues<CheckPhase>()));
    }

    private Task<CheckReport> CheckAsync(bool readData) =>
        new RepositoryChecker(_scenario.Repository).CheckAsync(new CheckOptions { ReadData = readData, MaxConcurrency = 2 });

    private sealed class SynchronousProgress(Action<CheckProgress> report) : IProgress<CheckProgress>
    {
        public void Report(CheckProgress value) => report(value);
    }
}
