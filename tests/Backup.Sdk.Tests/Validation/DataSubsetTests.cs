using Backup.Sdk.Tests.Support;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Tests.Validation;

public class DataSubsetTests
{
    private CheckScenario _scenario = null!;

    [SetUp]
    public async Task SetUp() => _scenario = await CheckScenario.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _scenario.DisposeAsync();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    public async Task Slices_OverAllMRuns_ReadEveryPackExactlyOnce(int m)
    {
        var packs = await AllPacksAsync();
        var reads = new List<string>();
        for (var n = 1; n <= m; n++)
        {
            var (report, read) = await CheckAsync(DataSubset.SliceOf(n, m));
            Assert.That(report.PacksRead, Is.EqualTo(read.Count), $"slice {n}/{m}");
            reads.AddRange(read);
        }

        Assert.That(reads, Is.EquivalentTo(packs), "every pack once, none twice");
    }

    [Test]
    public async Task Slice_OfBitFlippedPack_FindsItOnlyInItsOwnSlice()
    {
        const int m = 4;
        var damaged = _scenario.PhotoDataPack;
        _scenario.Storage.Corrupt(damaged, _scenario.Builder.Locate(_scenario.P).Offset + 20);
        var found = 0;
        for (var n = 1; n <= m; n++)
        {
            var (report, read) = await CheckAsync(DataSubset.SliceOf(n, m));
            Assert.That(report.IsHealthy, Is.EqualTo(!read.Contains(damaged)), $"slice {n}/{m}");
            found += report.IsHealthy ? 0 : 1;
        }

        Assert.That(found, Is.EqualTo(1));
    }

    [Test]
    public async Task RandomShare_ReadsThatShareOfPacksRoundedUp()
    {
        var packs = await AllPacksAsync();

        var (report, read) = await CheckAsync(DataSubset.Random(0.3), new Random(5));

        Assert.Multiple(() =>
        {
            Assert.That(read, Has.Count.EqualTo((int)Math.Ceiling(packs.Count * 0.3)));
            Assert.That(read, Is.SubsetOf(packs));
            Assert.That(read, Is.Unique);
            Assert.That(report.PacksRead, Is.EqualTo(read.Count));
        });
    }

    [TestCase("10%", 0.1, 0, 0)]
    [TestCase("2.5%", 0.025, 0, 0)]
    [TestCase("100%", 1.0, 0, 0)]
    [TestCase("2/7", 0.0, 2, 7)]
    [TestCase(" 1/1 ", 0.0, 1, 1)]
    public void Parse_AcceptsPercentagesAndSlices(string text, double fraction, int slice, int count)
    {
        var subset = DataSubset.Parse(text);

        Assert.That((subset.Fraction, subset.Slice, subset.SliceCount), Is.EqualTo((fraction, slice, count)));
    }

    [TestCase("0%")]
    [TestCase("150%")]
    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("1/0")]
    [TestCase("half")]
    [TestCase("x/3")]
    public void Parse_RefusesWhatIsNotASubset(string text) =>
        Assert.That(() => DataSubset.Parse(text), Throws.InstanceOf<ArgumentException>());

    private async Task<List<string>> AllPacksAsync()
    {
        var packs = new List<string>();
        await foreach (var info in _scenario.Storage.ListAsync("data/"))
        {
            packs.Add(info.Name);
        }

        Assert.That(packs, Has.Count.GreaterThanOrEqualTo(5));
        return packs;
    }

    private async Task<(CheckReport Report, List<string> Read)> CheckAsync(DataSubset subset, Random? random = null)
    {
        var recording = new RecordingStorage(_scenario.Storage);
        await using var repository = await TestRepositories.OpenAsync(recording);
        var report = await new RepositoryChecker(repository).CheckAsync(new CheckOptions { ReadDataSubset = subset, Random = random, MaxConcurrency = 2 });
        return (report, [.. recording.ReadsToTheEnd.Where(n => n.StartsWith("data/", StringComparison.Ordinal))]);
    }
}
