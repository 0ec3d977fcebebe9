namespace Backup.Sdk.Cryptography;

/// <summary>
/// The cost of the Argon2id derivation that turns a password into the key that wraps the master secret. Stored with each key
/// file, so that keys made on different machines coexist.
/// </summary>
/// <remarks>
/// The constructor accepts anything libsodium computes (at least 8 KiB and 1 pass), so that tests can use
/// <see cref="ForTesting"/>; the floor of docs/format.md (19 MiB, 2 passes) is what <see cref="Calibrate"/> never goes below.
/// </remarks>
public sealed record KdfParameters
{
    /// <summary>The least memory, in KiB, that <see cref="Calibrate"/> chooses: 19 MiB.</summary>
    public const int RecommendedMinimumMemoryKiB = 19 * 1024;

    /// <summary>The fewest passes that <see cref="Calibrate"/> chooses.</summary>
    public const int RecommendedMinimumIterations = 2;

    /// <summary>
    /// The most memory, in KiB, that <see cref="Calibrate"/> chooses: 32 MiB, as much as restic's scrypt (N = 2^15, r = 8).
    /// Every command that opens a repository pays it in peak memory, and an embedding host may run several at once; past it,
    /// more passes buy the time instead. Memory doubles from 19 MiB, so calibration chooses 19 MiB in practice.
    /// </summary>
    public const int MaximumCalibratedMemoryKiB = 32 * 1024;

    /// <summary>The least memory libsodium accepts, in KiB.</summary>
    public const int MinimumMemoryKiB = 8;

    /// <summary>Creates validated parameters.</summary>
    /// <param name="memoryKiB">Memory in KiB, at least <see cref="MinimumMemoryKiB"/>.</param>
    /// <param name="iterations">Number of passes over the memory, at least 1.</param>
    /// <param name="parallelism">Lanes; must be 1, the only value libsodium computes.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public KdfParameters(int memoryKiB, int iterations, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryKiB, MinimumMemoryKiB);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (parallelism != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "Argon2id through libsodium computes one lane only; parallelism must be 1.");
        }

        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Parallelism = parallelism;
    }

    /// <summary>Memory in KiB.</summary>
    public int MemoryKiB { get; }

    /// <summary>Number of passes over the memory.</summary>
    public int Iterations { get; }

    /// <summary>Degree of parallelism (lanes).</summary>
    public int Parallelism { get; }

    /// <summary>
    /// Cheap parameters (8 MiB, 1 pass) for tests and throw-away repositories. They offer little protection against password
    /// guessing: never use them for a repository that matters.
    /// </summary>
    public static KdfParameters ForTesting { get; } = new(8 * 1024, 1);

    /// <summary>
    /// Chooses parameters so that one derivation takes about <paramref name="target"/> (half a second by default) on this machine,
    /// never below 19 MiB and 2 passes. Memory grows first, doubling up to 32 MiB (and to a quarter of the memory available to
    /// the process), then passes. It times one small derivation and scales, then times one derivation with the chosen
    /// parameters and corrects the passes, so it takes about one target plus a fraction of a second.
    /// </summary>
    /// <param name="target">The time one derivation should take.</param>
    /// <param name="timeProvider">The clock used to time the derivation; <see cref="TimeProvider.System"/> by default.</param>
    public static KdfParameters Calibrate(TimeSpan? target = null, TimeProvider? timeProvider = null) =>
        KdfCalibration.Calibrate(target ?? TimeSpan.FromMilliseconds(500), timeProvider ?? TimeProvider.System);

    /// <inheritdoc />
    public override string ToString() => $"argon2id m={MemoryKiB} KiB t={Iterations} p={Parallelism}";
}
