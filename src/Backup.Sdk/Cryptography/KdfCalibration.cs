namespace Backup.Sdk.Cryptography;

/// <summary>Chooses Argon2id parameters for a target duration from the time of one small derivation.</summary>
internal static class KdfCalibration
{
    private const int ProbeMemoryKiB = KdfParameters.RecommendedMinimumMemoryKiB;
    private const int MaximumIterations = 64;

    public static KdfParameters Calibrate(TimeSpan target, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);

        Span<byte> salt = stackalloc byte[PasswordKeyDeriver.SaltSize];
        Span<byte> output = stackalloc byte[PasswordKeyDeriver.KeySize];

        // The first call loads and self-tests libsodium; keep that out of the measurement.
        PasswordKeyDeriver.DeriveKey("calibration"u8, salt, new KdfParameters(KdfParameters.MinimumMemoryKiB, 1), output);

        var start = timeProvider.GetTimestamp();
        PasswordKeyDeriver.DeriveKey("calibration"u8, salt, new KdfParameters(ProbeMemoryKiB, 1), output);
        var elapsed = timeProvider.GetElapsedTime(start);

        return Choose(target, elapsed, MemoryCapKiB());
    }

    /// <summary>
    /// Scales the probe (<c>ProbeMemoryKiB</c> × 1 pass took <paramref name="probeTime"/>) to <paramref name="target"/>, assuming
    /// the cost grows with memory × passes.
    /// </summary>
    internal static KdfParameters Choose(TimeSpan target, TimeSpan probeTime, int memoryCapKiB)
    {
        // A clock that did not move (a fake one, or a coarse timer) must not make the budget infinite.
        var probeTicks = Math.Max(probeTime.Ticks, 1);
        var budget = (double)ProbeMemoryKiB * target.Ticks / probeTicks; // KiB × passes affordable in the target time

        var iterations = KdfParameters.RecommendedMinimumIterations;
        var memory = KdfParameters.RecommendedMinimumMemoryKiB;
        var cap = Math.Max(memoryCapKiB, KdfParameters.RecommendedMinimumMemoryKiB);
        while ((long)memory * 2 <= cap && (double)memory * 2 * iterations <= budget)
        {
            memory *= 2;
        }

        if ((long)memory * 2 > cap)
        {
            // Memory is at its cap: spend the rest of the budget on passes.
            iterations = (int)Math.Clamp(Math.Floor(budget / memory), KdfParameters.RecommendedMinimumIterations, MaximumIterations);
        }

        return new KdfParameters(memory, iterations);
    }

    private static int MemoryCapKiB()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var quarterKiB = available > 0 ? available / 4 / 1024 : long.MaxValue;
        return (int)Math.Min(KdfParameters.MaximumCalibratedMemoryKiB, quarterKiB);
    }
}
