namespace Backup.Sdk.Validation;

/// <summary>What a <see cref="CheckProblem"/> found. docs/guides/check.md says what each means and what to do.</summary>
public enum CheckProblemKind
{
    /// <summary>An index lists a pack that storage does not have: every blob in it is lost.</summary>
    MissingPack = 0,

    /// <summary>A pack's own header does not open (truncated, altered, of another repository), or its content does not match its name.</summary>
    DamagedPack = 1,

    /// <summary>A tree refers to a data blob that no index lists.</summary>
    MissingBlob = 2,

    /// <summary>An index says a pack holds a blob at an offset and length, and the pack's own header says otherwise.</summary>
    BlobNotInPack = 3,

    /// <summary>A data blob does not authenticate, decompress or hash to its id (found by reading data).</summary>
    DamagedBlob = 4,

    /// <summary>An index file does not load: its packs are unknown to readers until the index is rebuilt.</summary>
    DamagedIndex = 5,

    /// <summary>A snapshot file does not load: the snapshot cannot be restored or listed.</summary>
    DamagedSnapshot = 6,

    /// <summary>A snapshot or directory refers to a tree blob that no index lists.</summary>
    MissingTree = 7,

    /// <summary>A tree blob is listed but does not open or parse, or holds an entry a reader must refuse.</summary>
    DamagedTree = 8,

    /// <summary>
    /// A pack in storage that no index lists. Not damage: an interrupted backup leaves such packs. A warning, since their
    /// blobs are invisible until an index lists them.
    /// </summary>
    UnindexedPack = 9,
}

/// <summary>How bad a <see cref="CheckProblem"/> is.</summary>
public enum CheckSeverity
{
    /// <summary>Damage: some data or metadata cannot be read back.</summary>
    Error = 0,

    /// <summary>Worth knowing and tidying up, but nothing that a snapshot needs is lost.</summary>
    Warning = 1,
}
