namespace Backup.Sdk.Backups;

/// <summary>Reports progress at most once per interval (and once more at the end), whichever thread finishes a file.</summary>
internal sealed class ProgressThrottle
{
    private readonly IProgress<BackupProgress>? _progress;
    private readonly BackupCounters _counters;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _intervalTicks;
    private long _filesDone;
    private long _bytesDone;
    private long _lastReport;
    private string? _currentPath;
    private long _totalFiles = -1;
    private long _totalBytes = -1;

    public ProgressThrottle(IProgress<BackupProgress>? progress, BackupCounters counters, TimeProvider time, TimeSpan interval)
    {
        _progress = progress;
        _counters = counters;
        _time = time;
        _start = time.GetTimestamp();
        _lastReport = _start;
        _intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    public void Started(string path)
    {
        if (_progress is not null)
        {
            Volatile.Write(ref _currentPath, path);
        }
    }

    public void FileDone(long size)
    {
        Interlocked.Increment(ref _filesDone);
        Interlocked.Add(ref _bytesDone, size);
        if (_progress is null)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var last = Volatile.Read(ref _lastReport);
        if (now - last >= _intervalTicks && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            Report(now);
        }
    }

    public void Finish() => Report(_time.GetTimestamp());

    /// <summary>The totals, once the scan that runs beside the backup has counted them.</summary>
    public void SetTotals(long files, long bytes)
    {
        Interlocked.Exchange(ref _totalBytes, bytes);
        Interlocked.Exchange(ref _totalFiles, files);
    }

    private void Report(long now)
    {
        if (_progress is null)
        {
            return;
        }

        var filesDone = Interlocked.Read(ref _filesDone);
        var bytesDone = Interlocked.Read(ref _bytesDone);
        var totalFiles = Interlocked.Read(ref _totalFiles);
        var totalBytes = Interlocked.Read(ref _totalBytes);
        var elapsed = _time.GetElapsedTime(_start, now);
        _progress.Report(new BackupProgress(
            filesDone,
            bytesDone,
            Interlocked.Read(ref _counters.BytesRead),
            totalFiles >= 0 ? totalFiles : null,
            totalBytes >= 0 ? totalBytes : null,
            Volatile.Read(ref _currentPath),
            elapsed,
            EstimateRemaining(elapsed, bytesDone, totalBytes)));
    }

    /// <summary>The time left at the pace so far, by bytes; none before the totals or any progress are known.</summary>
    internal static TimeSpan? EstimateRemaining(TimeSpan elapsed, long bytesDone, long totalBytes)
    {
        if (totalBytes < 0 || bytesDone <= 0)
        {
            return null;
        }

        var left = Math.Max(0, totalBytes - bytesDone);
        return TimeSpan.FromTicks((long)(elapsed.Ticks * ((double)left / bytesDone)));
    }
}
