namespace Backup.Sdk.Chunking;

/// <summary>How a repository splits content into chunks (the <c>chunker.algorithm</c> of the repository config).</summary>
public enum ChunkerAlgorithm
{
    /// <summary>Content-defined chunking: FastCDC with normalized chunking over a keyed gear hash (<c>fastcdc</c>).</summary>
    FastCdc = 0,

    /// <summary>Chunks of one fixed size, the last one shorter (<c>fixed</c>).</summary>
    Fixed = 1,
}
