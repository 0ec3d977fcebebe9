using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Tests.Cryptography;

public class KdfParametersTests
{
    [TestCase(7, 1, 1)]
    [TestCase(8192, 0, 1)]
    [TestCase(8192, 1, 0)]
    [TestCase(8192, 1, 4)]
    public void Constructor_WithOutOfRangeValue_Throws(int memoryKiB, int iterations, int parallelism)
    {
        Assert.That(() => new KdfParameters(memoryKiB, iterations, parallelism), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ForTesting_IsCheapButValid()
    {
        Assert.That(KdfParameters.ForTesting, Is.EqualTo(new KdfParameters(8 * 1024, 1, 1)));
    }

    [Test]
    public void Calibrate_ReturnsParametersAtOrAboveTheFloor()
    {
        var parameters = KdfParameters.Calibrate();

        Assert.Multiple(() =>
        {
            Assert.That(parameters.MemoryKiB, Is.GreaterThanOrEqualTo(19 * 1024));
            Assert.That(parameters.MemoryKiB, Is.LessThanOrEqualTo(KdfParameters.MaximumCalibratedMemoryKiB));
            Assert.That(parameters.Iterations, Is.GreaterThanOrEqualTo(2));
            Assert.That(parameters.Parallelism, Is.EqualTo(1));
        });
    }

    [Test]
    public void Choose_OnASlowMachine_StaysAtTheFloor()
    {
        var parameters = KdfCalibration.Choose(TimeSpan.FromMilliseconds(500), probeTime: TimeSpan.FromSeconds(2), memoryCapKiB: 1024 * 1024);

        Assert.That(parameters, Is.EqualTo(new KdfParameters(19 * 1024, 2)));
    }

    [Test]
    public void Choose_DoublesMemoryWithinTheBudget()
    {
        // 19 MiB × 1 pass takes 10 ms, so 500 ms buys 50 × 19 MiB-passes: 2 passes of 19 × 16 MiB fit, 19 × 32 do not.
        var parameters = KdfCalibration.Choose(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(10), memoryCapKiB: 1024 * 1024);

        Assert.That(parameters, Is.EqualTo(new KdfParameters(19 * 1024 * 16, 2)));
    }

    [Test]
    public void Choose_AtTheMemoryCap_SpendsTheRestOnPasses()
    {
        // 500 ms buys 500 × 19 MiB-passes; memory stops at 19 × 32 MiB (608 MiB, below the 1 GiB cap), leaving 500 / 32 passes.
        var parameters = KdfCalibration.Choose(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1), memoryCapKiB: 1024 * 1024);

        Assert.That(parameters, Is.EqualTo(new KdfParameters(19 * 1024 * 32, 15)));
    }

    [Test]
    public void Choose_WithAClockThatDidNotMove_StaysBounded()
    {
        var parameters = KdfCalibration.Choose(TimeSpan.FromMilliseconds(500), TimeSpan.Zero, memoryCapKiB: 64 * 1024);

        Assert.Multiple(() =>
        {
            Assert.That(parameters.MemoryKiB, Is.LessThanOrEqualTo(64 * 1024));
            Assert.That(parameters.Iterations, Is.LessThanOrEqualTo(KdfCalibration.MaximumIterations));
        });
    }

    [Test]
    public void Refine_WhenTheChoiceTookHalfTheTarget_DoublesThePasses()
    {
        var refined = KdfCalibration.Refine(new KdfParameters(19 * 1024, 15), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250));

        Assert.That(refined, Is.EqualTo(new KdfParameters(19 * 1024, 30)));
    }

    [Test]
    public void Refine_WhenTheChoiceTookTwiceTheTarget_HalvesThePassesButNotBelowTheFloor()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KdfCalibration.Refine(new KdfParameters(19 * 1024, 20), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)), Is.EqualTo(new KdfParameters(19 * 1024, 10)));
            Assert.That(KdfCalibration.Refine(new KdfParameters(19 * 1024, 2), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), Is.EqualTo(new KdfParameters(19 * 1024, 2)));
        }
    }

    [Test]
    public void Refine_NearTheTargetOrWithAStoppedClock_KeepsTheChoice()
    {
        var chosen = new KdfParameters(38 * 1024, 7);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(KdfCalibration.Refine(chosen, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(530)), Is.SameAs(chosen));
            Assert.That(KdfCalibration.Refine(chosen, TimeSpan.FromMilliseconds(500), TimeSpan.Zero), Is.SameAs(chosen));
        }
    }

    [Test]
    public void DeriveKey_IsDeterministicAndDependsOnPasswordSaltAndParameters()
    {
        var salt = new byte[16];
        var otherSalt = new byte[16];
        otherSalt[0] = 1;

        var baseline = Derive("password", salt, KdfParameters.ForTesting);

        Assert.Multiple(() =>
        {
            Assert.That(Derive("password", salt, KdfParameters.ForTesting), Is.EqualTo(baseline));
            Assert.That(Derive("passwore", salt, KdfParameters.ForTesting), Is.Not.EqualTo(baseline));
            Assert.That(Derive("password", otherSalt, KdfParameters.ForTesting), Is.Not.EqualTo(baseline));
            Assert.That(Derive("password", salt, new KdfParameters(8 * 1024, 2)), Is.Not.EqualTo(baseline));
        });
    }

    [Test]
    public void DeriveKey_MatchesAnArgon2idVectorFromAnIndependentImplementation()
    {
        // Argon2id v1.3, m = 64 KiB, t = 1, p = 1, salt = 16 × 0x02, 32 bytes out, computed once with the managed
        // Konscious.Security.Cryptography.Argon2 1.3.1 (not libsodium). It guards the parameter mapping (KiB, not bytes;
        // passes, not ops) against a silent change.
        var key = Derive("password", Enumerable.Repeat((byte)2, 16).ToArray(), new KdfParameters(64, 1));

        Assert.That(Convert.ToHexStringLower(key), Is.EqualTo(ReferenceVector));
    }

    private const string ReferenceVector = "74918277366de18108628ffd064a70ba7976d61e72c89c22a835fc81897567e0";

    private static byte[] Derive(string password, byte[] salt, KdfParameters parameters)
    {
        var key = new byte[32];
        PasswordKeyDeriver.DeriveKey(password, salt, parameters, key);
        return key;
    }
}
