using Backup.Sdk.Storage.Resilience;

namespace Backup.Sdk.Tests.Storage.Resilience;

public class BackoffDelayTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private static IEnumerable<TestCaseData> Ceilings()
    {
        yield return new TestCaseData(1, 200).SetName("Ceiling_FirstRetry_IsTheBaseDelay");
        yield return new TestCaseData(2, 400).SetName("Ceiling_SecondRetry_Doubles");
        yield return new TestCaseData(5, 3200).SetName("Ceiling_FifthRetry_IsSixteenTimesTheBase");
        yield return new TestCaseData(8, 25600).SetName("Ceiling_EighthRetry_IsBelowTheCap");
        yield return new TestCaseData(9, 30000).SetName("Ceiling_NinthRetry_IsCapped");
        yield return new TestCaseData(1000, 30000).SetName("Ceiling_HugeRetryCount_StaysCappedWithoutOverflow");
    }

    [TestCaseSource(nameof(Ceilings))]
    public void Ceiling_DoublesPerRetryUpToTheMaximum(int retry, int expectedMilliseconds)
    {
        Assert.That(BackoffDelay.Ceiling(retry, Base, Max), Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    [TestCase(0.999999)]
    public void Compute_IsFullJitter_BetweenZeroAndTheCeiling(double unit)
    {
        for (var retry = 1; retry < 12; retry++)
        {
            var delay = BackoffDelay.Compute(retry, Base, Max, unit);
            var ceiling = BackoffDelay.Ceiling(retry, Base, Max);
            Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.Zero).And.LessThan(ceiling));
            Assert.That(delay.Ticks, Is.EqualTo((long)(ceiling.Ticks * unit)));
        }
    }
}
