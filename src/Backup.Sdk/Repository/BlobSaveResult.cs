namespace Backup.Sdk.Repository;

/// <summary>The outcome of saving one blob.</summary>
/// <param name="Id">The blob id.</param>
/// <param name="Added">Whether the blob was new; <see langword="false"/> when the repository (or a save in progress) already had it.</param>
/// <param name="StoredLength">The bytes the blob adds to its pack (record after compression and encryption); 0 when not added.</param>
public readonly record struct BlobSaveResult(ContentId Id, bool Added, long StoredLength);
