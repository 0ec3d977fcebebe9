namespace Backup.Sdk.Validation;

/// <summary>What <see cref="RepositoryChecker.CheckAsync"/> checks and how hard it works.</summary>
/// <remarks>
/// Without <see cref="ReadData"/> the check reads index files, pack headers, snapshots and trees: it proves that every
/// object a snapshot needs is listed and present, not that its bytes are intact. With it every blob is read back and
/// authenticated, which costs a full download of the repository.
/// </remarks>
public sealed class CheckOptions
{
    /// <summary>The most workers that the check runs at once. Default: one per processor.</summary>
    public const int MaxAllowedConcurrency = 256;

    /// <summary>
    /// Whether every blob that an index lists is read, authenticated, decompressed and re-hashed (pack by pack), on top of the
    /// structure check. Default <see langword="false"/>.
    /// </summary>
    public bool ReadData { get; set; }

    /// <summary>
    /// Reads and authenticates only these packs' blobs (a random share, or a slice <c>n/m</c>), instead of all of them; the
    /// structure check still covers everything. Implies reading data; <see langword="null"/> (the default) follows
    /// <see cref="ReadData"/>.
    /// </summary>
    public DataSubset? ReadDataSubset { get; set; }

    /// <summary>The randomness a random <see cref="ReadDataSubset"/> draws from; <see cref="Random.Shared"/> when null (set a seeded one to repeat a pick).</summary>
    public Random? Random { get; set; }

    /// <summary>Whether any data is read: <see cref="ReadData"/> or a <see cref="ReadDataSubset"/>.</summary>
    public bool ReadsData => ReadData || ReadDataSubset is not null;

    /// <summary>How many packs or index files are read at once. Default: the processor count.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    /// <exception cref="ArgumentException"><see cref="MaxConcurrency"/> is not between 1 and <see cref="MaxAllowedConcurrency"/>.</exception>
    public void Validate()
    {
        if (MaxConcurrency is < 1 or > MaxAllowedConcurrency)
        {
            throw new ArgumentException($"{nameof(MaxConcurrency)} must be between 1 and {MaxAllowedConcurrency}, not {MaxConcurrency}.");
        }
    }
}
