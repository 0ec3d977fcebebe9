namespace Backup.Sdk.Repository.Packs;

/// <summary>Where one blob lies in its pack: the record's offset and length (ciphertext and tag).</summary>
/// <param name="Type">The blob type.</param>
/// <param name="Id">The blob id.</param>
/// <param name="Offset">The offset of the blob record from the start of the pack.</param>
/// <param name="Length">The length of the blob record.</param>
public readonly record struct PackBlobEntry(BlobType Type, ContentId Id, uint Offset, uint Length);
