using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Backups;

/// <summary>A file waiting for a worker: where it is and what lstat said, no content.</summary>
[SupportedOSPlatform("linux")]
internal sealed record FileJob(SharedDirectory Directory, byte[] Name, string DisplayPath, FileEntryInfo Info)
{
    public TaskCompletionSource<FileContent?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What reading a file gave: its blobs, its data regions when sparse, the metadata to store, and the XXH3-128 of the content (hex).</summary>
internal sealed record FileContent(IReadOnlyList<ContentId> Content, IReadOnlyList<FileDataRegion>? DataRegions, FileEntryInfo Info, string Checksum);
