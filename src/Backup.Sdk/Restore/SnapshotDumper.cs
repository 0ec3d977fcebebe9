using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;

namespace Backup.Sdk.Restore;

/// <summary>What <see cref="SnapshotDumper.DumpAsync"/> wrote.</summary>
public enum DumpFormat
{
    /// <summary>The content of one file, as it is.</summary>
    FileContent,

    /// <summary>A directory as a POSIX (pax) tar stream.</summary>
    Tar,
}

/// <summary>The outcome of a dump.</summary>
/// <param name="Format">Whether one file's content or a tar stream was written.</param>
/// <param name="Entries">Entries written (1 for a file).</param>
/// <param name="ContentBytes">Bytes of file content written (tar headers not counted).</param>
/// <param name="Skipped">Entries left out of a tar stream or renamed in it, with the reason.</param>
public sealed record DumpResult(DumpFormat Format, long Entries, long ContentBytes, IReadOnlyList<RestoreIssue> Skipped);

/// <summary>
/// Reads one path of a snapshot out as a stream, without restoring it to disk: a file's content
/// (<see cref="OpenFileAsync"/>), or a directory as a tar stream with its metadata (<see cref="WriteTarAsync"/>).
/// <see cref="DumpAsync"/> picks by the entry's type. Tar entry names are relative, one checked component at a time, so an
/// archive made from any repository extracts below the directory it is extracted into.
/// </summary>
/// <remarks>The repository's index must be loaded (<see cref="BlobStore.LoadIndexAsync"/>).</remarks>
[SupportedOSPlatform("linux")]
public sealed class SnapshotDumper
{
    private readonly BackupRepository _repository;

    /// <summary>Creates a dumper over an opened repository.</summary>
    /// <param name="repository">The repository, with its index loaded.</param>
    public SnapshotDumper(BackupRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
    }

    /// <summary>Opens the content of a file of a snapshot as a read-only stream (holes of sparse files read as zeros).</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="path">The file's absolute path inside the snapshot, e.g. <c>/data/x/report.pdf</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The stream; dispose it. Reading it fails with <see cref="CorruptObjectException"/> or <see cref="ObjectNotFoundException"/> when a blob is damaged or missing.</returns>
    /// <exception cref="ArgumentException">The path is not absolute, or holds <c>.</c> or <c>..</c>, or is not a regular file.</exception>
    /// <exception cref="SnapshotPathNotFoundException">The snapshot has no such entry.</exception>
    public async Task<Stream> OpenFileAsync(Snapshot snapshot, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var node = await SnapshotPathLookup.FindAsync(_repository.Trees, snapshot, path, cancellationToken).ConfigureAwait(false);
        if (node.Type != NodeType.File)
        {
            throw new ArgumentException($"'{path}' is a {node.Type}, not a regular file.", nameof(path));
        }

        return new SnapshotFileStream(_repository.Blobs, node, path);
    }

    /// <summary>Writes a file's content, or a directory as a tar stream, to <paramref name="destination"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="path">The absolute path inside the snapshot; <c>/</c> dumps the whole snapshot as tar.</param>
    /// <param name="destination">Where to write; need not be seekable; not disposed.</param>
    /// <param name="cancellationToken">Stops the dump.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException">The path is not absolute, or holds <c>.</c> or <c>..</c>; or the entry is neither a file nor a directory.</exception>
    /// <exception cref="SnapshotPathNotFoundException">The snapshot has no such entry.</exception>
    /// <exception cref="CorruptObjectException">A tree or blob is damaged (what was written so far stays written).</exception>
    /// <exception cref="ObjectNotFoundException">A tree or blob is missing.</exception>
    public async Task<DumpResult> DumpAsync(Snapshot snapshot, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(destination);
        var node = await SnapshotPathLookup.FindAsync(_repository.Trees, snapshot, path, cancellationToken).ConfigureAwait(false);
        switch (node.Type)
        {
            case NodeType.File:
                await using (var content = new SnapshotFileStream(_repository.Blobs, node, path))
                {
                    await content.CopyToAsync(destination, 1024 * 1024, cancellationToken).ConfigureAwait(false);
                }

                return new DumpResult(DumpFormat.FileContent, 1, node.Size, []);
            case NodeType.Directory:
                return await new TarExport(_repository, destination).WriteAsync(node, SnapshotPathLookup.Normalize(path), cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentException($"'{path}' is a {node.Type}; only files and directories can be dumped.", nameof(path));
        }
    }

    /// <summary>Writes a directory of a snapshot, with everything below it, as a pax tar stream.</summary>
    /// <remarks>
    /// The directory itself is the first entry, under its own name (the whole snapshot, <c>/</c>, has no entry of its own).
    /// Each entry keeps its mode, owner (ids and names), modification time (to 100 ns) and, for devices, its numbers; hard
    /// links are tar hard links to the first name; sockets are left out. A name that is not one path component is left out
    /// with its subtree; a name that is not valid UTF-8 is written with its bad bytes as <c>\xNN</c>. Both are listed in
    /// <see cref="DumpResult.Skipped"/>.
    /// </remarks>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="path">The directory's absolute path inside the snapshot.</param>
    /// <param name="destination">Where to write; need not be seekable; not disposed.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException">The path is not a directory, or not absolute.</exception>
    /// <exception cref="SnapshotPathNotFoundException">The snapshot has no such entry.</exception>
    public async Task<DumpResult> WriteTarAsync(Snapshot snapshot, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(destination);
        var node = await SnapshotPathLookup.FindAsync(_repository.Trees, snapshot, path, cancellationToken).ConfigureAwait(false);
        if (node.Type != NodeType.Directory)
        {
            throw new ArgumentException($"'{path}' is a {node.Type}, not a directory.", nameof(path));
        }

        return await new TarExport(_repository, destination).WriteAsync(node, SnapshotPathLookup.Normalize(path), cancellationToken).ConfigureAwait(false);
    }
}
