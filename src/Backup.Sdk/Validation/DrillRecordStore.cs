using System.Text.Json;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Validation;

/// <summary>Saves and lists the <see cref="DrillRecord"/>s of a repository (<c>drills/&lt;id&gt;</c>).</summary>
public sealed class DrillRecordStore
{
    private const string Folder = "drills";
    private readonly SealedFileStore _files;

    internal DrillRecordStore(SealedFileStore files) => _files = files;

    /// <summary>Stores a record and sets its <see cref="DrillRecord.Id"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The record's id.</returns>
    public async Task<ContentId> SaveAsync(DrillRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.SerializeToUtf8Bytes(record, ValidationJsonContext.Default.DrillRecord);
        record.Id = await _files.SaveAsync(SealedFileType.DrillRecord, Folder, json, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }

    /// <summary>Loads every record, oldest first. A record that does not open (damaged, or of a newer version) is left out: drill records are history, not data.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The records.</returns>
    public async Task<IReadOnlyList<DrillRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<DrillRecord>();
        await foreach (var id in _files.ListAsync(Folder, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var plain = await _files.LoadAsync(SealedFileType.DrillRecord, Folder, id, cancellationToken).ConfigureAwait(false);
                var record = JsonObjectReader.Read(plain, ValidationJsonContext.Default.DrillRecord, SealedFileStore.NameOf(Folder, id), "drill record");
                if (record.Version == 1)
                {
                    record.Id = id;
                    records.Add(record);
                }
            }
            catch (Exception ex) when (ex is CorruptObjectException or ObjectNotFoundException or UnsupportedFormatVersionException)
            {
                // Skipped: see the summary.
            }
        }

        records.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Id.CompareTo(b.Id));
        return records;
    }
}
