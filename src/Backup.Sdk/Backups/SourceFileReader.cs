using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Backup.Sdk.Chunking;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Sources.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Backups;

/// <summary>
/// Reads one file on a worker: opens it relative to its directory, reads the data regions only (holes are never read),
/// chunks, saves each chunk as it comes (one pooled buffer of about twice the largest chunk per worker), then lstats the
/// name again to tell whether the file changed while it was read.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SourceFileReader
{
    private static readonly FileRegion[] WholeFile = [new FileRegion(0, long.MaxValue)];
    private readonly BackupSession _session;

    public SourceFileReader(BackupSession session)
    {
        _session = session;
    }

    /// <summary>Reads the file; <see langword="null"/> when it cannot be read (the error is recorded and the file skipped).</summary>
    public async Task<FileContent?> ReadAsync(FileJob job, CancellationToken cancellationToken)
    {
        _session.Progress.Started(job.DisplayPath);
        var access = _session.Access;
        SafeFileHandle handle;
        try
        {
            handle = access.OpenFile(job.Directory.Handle, job.Name);
        }
        catch (FileSystemEntryException ex)
        {
            _session.AddError(job.DisplayPath, $"cannot be read, skipped: {ex.Message}");
            return null;
        }

        var content = new List<ContentId>();
        IReadOnlyList<FileDataRegion>? dataRegions = null;
        long bytesRead;
        RegionReadStream stream;
        using (handle)
        {
            try
            {
                var regions = SparseRegions(handle, job.Info);
                stream = new RegionReadStream(handle, regions ?? WholeFile);
                await using (stream.ConfigureAwait(false))
                {
                    var index = 0;
                    await foreach (var chunk in StreamChunker.ReadChunksAsync(stream, _session.Chunker, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Add(ref _session.Counters.BytesRead, chunk.Length);
                        // The chunk lies in this reader's own window, which the chunker never reads again: verification may decode
                        // into it (it holds the same bytes again afterwards), instead of into a second buffer of the chunk's size.
                        var saved = await _session.Repository.Blobs.SaveReusingContentAsync(BlobType.Data, MemoryMarshal.AsMemory(chunk), cancellationToken).ConfigureAwait(false);
                        _session.Counters.BlobSaved(saved);
                        content.Add(saved.Id);
                        access.ChunkSaved(job.Directory.Handle, job.Name, index++);
                    }

                    bytesRead = stream.BytesRead;
                    if (regions is not null)
                    {
                        // A file of holes only keeps one empty region, so that a reader never mistakes it for a plain file.
                        dataRegions = stream.ReadRegions.Count > 0 ? [.. stream.ReadRegions] : [new FileDataRegion(0, 0)];
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FileSystemEntryException)
            {
                _session.AddError(job.DisplayPath, $"cannot be read, skipped: {ex.Message}");
                return null;
            }
        }

        var info = CheckUnchanged(job);
        // The stored size is what was read (a plain file) or what lstat says (a sparse file, whose tail may be a hole).
        var stored = dataRegions is null ? info with { Size = bytesRead } : info;
        // A plain file's content is what was read; a sparse file's runs to its stored size, holes as zeros.
        var checksum = stream.FinishChecksum(dataRegions is null ? bytesRead : Math.Max(stored.Size, LastRegionEnd(dataRegions)));
        return new FileContent(content, dataRegions, stored, checksum);
    }

    private static long LastRegionEnd(IReadOnlyList<FileDataRegion> regions) => regions[^1].Offset + regions[^1].Length;

    /// <summary>The data regions when the file has holes; <see langword="null"/> when it is to be read whole.</summary>
    private IReadOnlyList<FileRegion>? SparseRegions(SafeFileHandle handle, FileEntryInfo info)
    {
        if (info.AllocatedBytes >= info.Size)
        {
            return null;
        }

        var regions = _session.Access.GetDataRegions(handle);
        return regions.Count == 1 && regions[0].Offset == 0 && regions[0].Length >= info.Size ? null : regions;
    }

    private FileEntryInfo CheckUnchanged(FileJob job)
    {
        FileEntryInfo? after;
        try
        {
            after = _session.Access.GetInfo(job.Directory.Handle, job.Name);
        }
        catch (FileSystemEntryException)
        {
            after = null;
        }

        var before = job.Info;
        if (after is null
            || after.Inode != before.Inode
            || after.Size != before.Size
            || after.ModificationTimeNs != before.ModificationTimeNs
            || after.ChangeTimeNs != before.ChangeTimeNs)
        {
            _session.AddError(job.DisplayPath, "the file changed while it was read; its content is stored as read");
        }

        return after is not null && after.Inode == before.Inode ? after : before;
    }
}
