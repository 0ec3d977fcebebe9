using Backup.Sdk.Chunking;
using static Backup.Sdk.Tests.Chunking.ChunkingTestData;

namespace Backup.Sdk.Tests.Chunking;

public class ChunkerParametersTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    private static IEnumerable<TestCaseData> InvalidParameters()
    {
        yield return new TestCaseData(new ChunkerParameters(ChunkerAlgorithm.FastCdc, 63, 1 * KiB, 4 * KiB), "at least 64").SetName("FastCdc_MinBelow64");
        yield return new TestCaseData(new ChunkerParameters(ChunkerAlgorithm.FastCdc, MiB, MiB, 8 * MiB), "MinSize < AverageSize < MaxSize").SetName("FastCdc_MinEqualsAverage");
        yield return new TestCaseData(new ChunkerParameters(ChunkerAlgorithm.FastCdc, 512 * KiB, 8 * MiB, 8 * MiB), "MinSize < AverageSize < MaxSize").SetName("FastCdc_AverageEqualsMax");
        yield return new TestCaseData(new ChunkerParameters(ChunkerAlgorithm.FastCdc, 512 * KiB, 1000 * KiB, 8 * MiB), "power of two").SetName("FastCdc_AverageNotPowerOfTwo");
        yield return new TestCaseData(new ChunkerParameters(ChunkerAlgorithm.FastCdc, 512 * KiB, MiB, 64 * MiB + 1), "at most").SetName("FastCdc_MaxAbove64MiB");
        yield return new TestCaseData(ChunkerParameters.FixedSize(4 * KiB - 1), "between").SetName("Fixed_Below4KiB");
        yield return new TestCaseData(ChunkerParameters.FixedSize(64 * MiB + 1), "between").SetName("Fixed_Above64MiB");
        yield return new TestCaseData(new ChunkerParameters((ChunkerAlgorithm)7), "Unknown").SetName("UnknownAlgorithm");
    }

    [Test]
    public void Defaults_AreFastCdc_512KiB_1MiB_8MiB()
    {
        var parameters = new ChunkerParameters();

        Assert.Multiple(() =>
        {
            Assert.That(parameters.Algorithm, Is.EqualTo(ChunkerAlgorithm.FastCdc));
            Assert.That(parameters.MinSize, Is.EqualTo(512 * KiB));
            Assert.That(parameters.AverageSize, Is.EqualTo(MiB));
            Assert.That(parameters.MaxSize, Is.EqualTo(8 * MiB));
            Assert.That(parameters.Validate, Throws.Nothing);
        });
    }

    [TestCaseSource(nameof(InvalidParameters))]
    public void Validate_RejectsInvalidParameters_WithAClearMessage(ChunkerParameters parameters, string messagePart)
    {
        Assert.That(parameters.Validate, Throws.ArgumentException.With.Message.Contains(messagePart));
    }

    [Test]
    public void Validate_ForFixed_IgnoresMinAndMax()
    {
        var parameters = new ChunkerParameters(ChunkerAlgorithm.Fixed, minSize: 0, averageSize: 64 * KiB, maxSize: 0);

        Assert.That(parameters.Validate, Throws.Nothing);
    }

    [Test]
    public void Create_ReturnsTheChunkerTheParametersName()
    {
        var fastCdc = Chunker.Create(ChunkerParameters.Default, Key);
        var fixedSize = Chunker.Create(ChunkerParameters.FixedSize(64 * KiB), ReadOnlySpan<byte>.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(fastCdc, Is.TypeOf<FastCdcChunker>());
            Assert.That(fastCdc.MaxChunkSize, Is.EqualTo(8 * MiB));
            Assert.That(fixedSize, Is.TypeOf<FixedSizeChunker>());
            Assert.That(fixedSize.MaxChunkSize, Is.EqualTo(64 * KiB));
        });
    }

    [Test]
    public void Create_WithInvalidParameters_Throws()
    {
        Assert.That(() => Chunker.Create(ChunkerParameters.FixedSize(10), Key), Throws.ArgumentException);
    }
}
