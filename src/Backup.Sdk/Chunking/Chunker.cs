namespace Backup.Sdk.Chunking;

/// <summary>Creates the chunker that a repository's parameters describe.</summary>
public static class Chunker
{
    /// <summary>Creates a <see cref="FastCdcChunker"/> or a <see cref="FixedSizeChunker"/>, after validating the parameters.</summary>
    /// <param name="parameters">The repository's chunker parameters.</param>
    /// <param name="chunkerKey">The repository's 32-byte chunker key (used by FastCDC; a fixed-size chunker ignores it).</param>
    /// <exception cref="ArgumentException">The parameters are invalid, or FastCDC is asked for with a key that is not 32 bytes.</exception>
    public static IChunker Create(ChunkerParameters parameters, ReadOnlySpan<byte> chunkerKey)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        return parameters.Algorithm switch
        {
            ChunkerAlgorithm.Fixed => new FixedSizeChunker(parameters.AverageSize),
            _ => new FastCdcChunker(parameters, chunkerKey),
        };
    }
}
