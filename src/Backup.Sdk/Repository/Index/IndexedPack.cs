using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Repository.Index;

/// <summary>One pack as an index file lists it.</summary>
/// <param name="Id">The pack id.</param>
/// <param name="Salt">The pack's 32-byte key salt.</param>
/// <param name="Blobs">The blobs in the pack.</param>
internal sealed record IndexedPack(ContentId Id, byte[] Salt, IReadOnlyList<PackBlobEntry> Blobs);

/// <summary>The decoded content of one index file.</summary>
/// <param name="Supersedes">Index files this one replaces.</param>
/// <param name="Packs">The packs it lists.</param>
internal sealed record IndexFileContents(IReadOnlyList<ContentId> Supersedes, IReadOnlyList<IndexedPack> Packs);
