namespace Backup.Sdk.Cryptography;

/// <summary>Chooses Argon2id parameters for a target duration from the time of one small derivation.</summary>
internal static class KdfCalibration
{
    private const int ProbeMemoryKiB = KdfParameters.RecommendedMinimumMemoryKiB;
    internal const int MaximumIterations = 256;

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

        var chosen = Choose(target, elapsed, MemoryCapKiB());

        // One pass of the probe costs more than a pass of a long derivation (allocating and first touching the memory), so
        // the choice undershoots: time it once and scale the passes to the target.
        start = timeProvider.GetTimestamp();
        PasswordKeyDeriver.DeriveKey("calibration"u8, salt, chosen, output);
        return Refine(chosen, target, timeProvider.GetElapsedTime(start));
    }

    /// <summary>
    /// Scales the passes of <paramref name="chosen"/>, whose derivation took <paramref name="measured"/>, so that one takes
    /// about <paramref name="target"/>; memory stays. Within 10 % of the target, or with a clock that did not move, the
    /// choice stands.
    /// </summary>
    internal static KdfParameters Refine(KdfParameters chosen, TimeSpan target, TimeSpan measured)
    {
        if (measured <= TimeSpan.Zero || Math.Abs((measured - target) / target) <= 0.1)
        {
            return chosen;
        }

        var iterations = (int)Math.Clamp(Math.Round(chosen.Iterations * (target / measured)), KdfParameters.RecommendedMinimumIterations, MaximumIterations);
        return new KdfParameters(chosen.MemoryKiB, iterations, chosen.Parallelism);
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
