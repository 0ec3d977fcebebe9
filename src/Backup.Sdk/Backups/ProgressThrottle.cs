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

    private void Report(long now) => _progress?.Report(new BackupProgress(
        Interlocked.Read(ref _filesDone),
        Interlocked.Read(ref _bytesDone),
        Interlocked.Read(ref _counters.BytesRead),
        TotalFiles: null,
        TotalBytes: null,
        Volatile.Read(ref _currentPath),
        _time.GetElapsedTime(_start, now),
        EstimatedRemaining: null));
}
