namespace Backup.Sdk.Backups;

/// <summary>The counters of one run, updated from many workers with <see cref="Interlocked"/>.</summary>
internal sealed class BackupCounters
{
    public long FilesNew;
    public long FilesChanged;
    public long FilesUnmodified;
    public long DirsNew;
    public long DirsChanged;
    public long DirsUnmodified;
    public long DataAdded;
    public long BlobsAdded;
    public long TotalFiles;
    public long TotalBytes;
    public long BytesRead;

    public void BlobSaved(Repository.BlobSaveResult result)
    {
        if (result.Added)
        {
            Interlocked.Increment(ref BlobsAdded);
            Interlocked.Add(ref DataAdded, result.StoredLength);
        }
    }
}
