using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Validation;

public class RepositoryCheckerTests
{
    private CheckScenario _scenario = null!;

    [SetUp]
    public async Task SetUp() => _scenario = await CheckScenario.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _scenario.DisposeAsync();

    [Test]
    public async Task Check_OfHealthyRepository_FindsNoProblemsAndCountsWhatItChecked()
    {
        var report = await CheckAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.Problems, Is.Empty);
            Assert.That(report.IsHealthy, Is.True);
            Assert.That(report.SnapshotsChecked, Is.EqualTo(2));
            Assert.That(report.TreesChecked, Is.EqualTo(7));
            Assert.That(report.BlobsReferenced, Is.EqualTo(12), "5 data blobs and 7 trees");
            Assert.That(report.PacksChecked, Is.EqualTo(5));
            Assert.That(report.IndexFilesChecked, Is.EqualTo(5));
            Assert.That(report.BytesRead, Is.Zero);
        });
    }

    [Test]
    public async Task Check_WithMissingDataPack_ReportsMissingPackWithTheFileThatNeedsIt()
    {
        _scenario.Storage[_scenario.PhotoDataPack] = null;

        var report = await CheckAsync();

        var problem = Single(report, CheckProblemKind.MissingPack);
        Assert.Multiple(() =>
        {
            Assert.That(report.IsHealthy, Is.False);
            Assert.That(problem.ObjectName, Is.EqualTo(_scenario.PhotoDataPack));
            Assert.That(problem.Severity, Is.EqualTo(CheckSeverity.Error));
            Assert.That(problem.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot1 }));
            Assert.That(problem.AffectedPaths, Is.EqualTo(new[] { "/data/photos/p.jpg" }));
            Assert.That(problem.AffectedPathCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Check_WithTreePackDeleted_ReportsMissingPackAtTheDirectoryItListed()
    {
        _scenario.Storage[_scenario.PhotosTreePack] = null;

        var report = await CheckAsync();

        var problem = Single(report, CheckProblemKind.MissingPack);
        Assert.Multiple(() =>
        {
            Assert.That(problem.ObjectName, Is.EqualTo(_scenario.PhotosTreePack));
            Assert.That(problem.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot1 }));
            Assert.That(problem.AffectedPaths, Is.EqualTo(new[] { "/data/photos" }));
            Assert.That(report.TreesChecked, Is.EqualTo(6), "the photos tree could not be read");
        });
    }

    [Test]
    public async Task Check_WithSharedDataBlobPackDamaged_ReportsEverySnapshotThatNeedsIt()
    {
        // The last byte of a pack is its trailer: the header no longer opens.
        var pack = _scenario.DocsDataPack;
        _scenario.Storage.Corrupt(pack, _scenario.Storage[pack]!.Length - 1);

        var report = await CheckAsync();

        var problem = Single(report, CheckProblemKind.DamagedPack);
        Assert.Multiple(() =>
        {
            Assert.That(problem.ObjectName, Is.EqualTo(pack));
            Assert.That(problem.AffectedSnapshots, Is.EquivalentTo(new[] { _scenario.Snapshot1, _scenario.Snapshot2 }));
            Assert.That(problem.AffectedPaths, Is.EquivalentTo(new[] { "/data/docs/a.txt", "/data/docs/b.txt" }));
            Assert.That(problem.AffectedPathCount, Is.EqualTo(4), "two files in each of two snapshots");
        });
    }

    [Test]
    public async Task Check_WithPackUnlistedBecauseItsIndexIsGone_WarnsAndReportsTheBlobAsMissing()
    {
        await _scenario.Storage.DeleteAsync(await _scenario.Builder.IndexFileListingAsync(_scenario.OtherDataPack));

        var report = await CheckAsync();

        var unindexed = Single(report, CheckProblemKind.UnindexedPack);
        var missing = Single(report, CheckProblemKind.MissingBlob);
        Assert.Multiple(() =>
        {
            Assert.That(unindexed.ObjectName, Is.EqualTo(_scenario.OtherDataPack));
            Assert.That(unindexed.Severity, Is.EqualTo(CheckSeverity.Warning));
            Assert.That(missing.BlobId, Is.EqualTo(_scenario.C));
            Assert.That(missing.ObjectName, Is.EqualTo("blob/" + _scenario.C));
            Assert.That(missing.Message, Does.Contain(_scenario.OtherDataPack), "says which unindexed pack still holds it");
            Assert.That(missing.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot2 }));
            Assert.That(missing.AffectedPaths, Is.EqualTo(new[] { "/data/other/c.txt" }));
            Assert.That(report.IsHealthy, Is.False);
        });
    }

    [Test]
    public async Task Check_WithTreeNoIndexLists_ReportsMissingTreeAtItsDirectory()
    {
        await _scenario.Storage.DeleteAsync(await _scenario.Builder.IndexFileListingAsync(_scenario.PhotosTreePack));

        var report = await CheckAsync();

        var missing = Single(report, CheckProblemKind.MissingTree);
        Assert.Multiple(() =>
        {
            Assert.That(missing.BlobId, Is.EqualTo(_scenario.PhotosTree));
            Assert.That(missing.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot1 }));
            Assert.That(missing.AffectedPaths, Is.EqualTo(new[] { "/data/photos" }));
        });
    }

    [Test]
    public async Task Check_WithOnlyAnUnreferencedUnindexedPack_IsHealthyWithAWarning()
    {
        // As an interrupted backup leaves it: a pack stored, its index never written.
        var orphanBlob = await _scenario.Builder.DataAsync();
        await _scenario.Builder.FlushAsync();
        await _scenario.Storage.DeleteAsync(await _scenario.Builder.IndexFileListingAsync(_scenario.Builder.PackOf(orphanBlob)));

        var report = await CheckAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { CheckProblemKind.UnindexedPack }));
            Assert.That(report.IsHealthy, Is.True);
        });
    }

    [Test]
    public async Task Check_WithDamagedIndexFile_NamesItAndStillReportsTheRest()
    {
        var index = await _scenario.Builder.IndexFileListingAsync(_scenario.OtherDataPack);
        _scenario.Storage.Corrupt(index, 80);
        _scenario.Storage[_scenario.PhotoDataPack] = null;

        var report = await CheckAsync();

        var damaged = Single(report, CheckProblemKind.DamagedIndex);
        Assert.Multiple(() =>
        {
            Assert.That(damaged.ObjectName, Is.EqualTo(index));
            Assert.That(Single(report, CheckProblemKind.MissingPack).ObjectName, Is.EqualTo(_scenario.PhotoDataPack));
            Assert.That(Single(report, CheckProblemKind.UnindexedPack).ObjectName, Is.EqualTo(_scenario.OtherDataPack));
            Assert.That(Single(report, CheckProblemKind.MissingBlob).AffectedPaths, Is.EqualTo(new[] { "/data/other/c.txt" }));
            Assert.That(report.IndexFilesChecked, Is.EqualTo(5));
            Assert.That(report.PacksChecked, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Check_WithDamagedSnapshotFile_NamesItAndChecksTheOtherSnapshot()
    {
        var name = "snapshots/" + _scenario.Snapshot2;
        _scenario.Storage.Corrupt(name, 70);
        _scenario.Storage[_scenario.PhotoDataPack] = null;

        var report = await CheckAsync();

        var damaged = Single(report, CheckProblemKind.DamagedSnapshot);
        Assert.Multiple(() =>
        {
            Assert.That(damaged.ObjectName, Is.EqualTo(name));
            Assert.That(damaged.AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot2 }));
            Assert.That(Single(report, CheckProblemKind.MissingPack).AffectedSnapshots, Is.EqualTo(new[] { _scenario.Snapshot1 }));
            Assert.That(report.SnapshotsChecked, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Check_WithPackHeaderDisagreeingWithIndex_ReportsBlobNotInPack()
    {
        // A validly sealed index that places A1 at A2's offset and length: the pack's own header says otherwise.
        var a2 = _scenario.Builder.Locate(_scenario.A2);
        await _scenario.Builder.RewriteIndexAsync(_scenario.DocsDataPack, blobs =>
            blobs.Select(b => b.Id == _scenario.A1 ? b with { Offset = a2.Offset, Length = a2.Length } : b).ToList());

        var report = await CheckAsync();

        var problem = Single(report, CheckProblemKind.BlobNotInPack);
        Assert.Multiple(() =>
        {
            Assert.That(problem.ObjectName, Is.EqualTo(_scenario.DocsDataPack));
            Assert.That(problem.BlobId, Is.EqualTo(_scenario.A1));
            Assert.That(problem.AffectedSnapshots, Is.EquivalentTo(new[] { _scenario.Snapshot1, _scenario.Snapshot2 }));
            Assert.That(problem.AffectedPaths, Is.EqualTo(new[] { "/data/docs/a.txt" }));
        });
    }

    [Test]
    public async Task Check_WithBitFlipInTreeRecord_ReportsDamagedTree()
    {
        var location = _scenario.Builder.Locate(_scenario.PhotosTree);
        _scenario.Storage.Corrupt(_scenario.PhotosTreePack, location.Offset + 3);

        var report = await CheckAsync();

        var problem = Single(report, CheckProblemKind.DamagedTree);
        Assert.Multiple(() =>
        {
            Assert.That(problem.ObjectName, Is.EqualTo(_scenario.PhotosTreePack));
            Assert.That(problem.BlobId, Is.EqualTo(_scenario.PhotosTree));
            Assert.That(problem.AffectedPaths, Is.EqualTo(new[] { "/data/photos" }));
        });
    }

    [Test]
    public void Check_WithConcurrencyOutOfRange_ThrowsArgumentException()
    {
        var checker = new RepositoryChecker(_scenario.Repository);

        Assert.ThrowsAsync<ArgumentException>(() => checker.CheckAsync(new CheckOptions { MaxConcurrency = 0 }));
    }

    internal static CheckProblem Single(CheckReport report, CheckProblemKind kind)
    {
        var matches = report.Problems.Where(p => p.Kind == kind).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"{kind} problems among: {string.Join("; ", report.Problems)}");
        return matches[0];
    }

    private Task<CheckReport> CheckAsync(bool readData = false) =>
        new RepositoryChecker(_scenario.Repository).CheckAsync(new CheckOptions { ReadData = readData, MaxConcurrency = 2 });
}
