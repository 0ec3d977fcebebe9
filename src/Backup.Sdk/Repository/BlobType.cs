namespace Backup.Sdk.Repository;

/// <summary>What a blob holds. The type is bound into the blob's authentication, so one kind can never be passed off as the other.</summary>
public enum BlobType : byte
{
    /// <summary>A chunk of file or volume content.</summary>
    Data = 1,

    /// <summary>A serialized directory listing.</summary>
    Tree = 2,
}
