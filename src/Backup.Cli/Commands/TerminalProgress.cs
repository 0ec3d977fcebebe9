using Backup.Sdk.Backups;

namespace Backup.Cli.Commands;

/// <summary>One progress line on stderr, rewritten in place; only when stderr is a terminal and neither --quiet nor --json is given.</summary>
internal sealed class TerminalProgress : IProgress<BackupProgress>, IDisposable
{
    private readonly TextWriter _error;
    private readonly Lock _lock = new();
    private int _width;

    private TerminalProgress(TextWriter error)
    {
        _error = error;
    }

    public static TerminalProgress? Create(CliContext context) =>
        context.Quiet || context.Json || !ReferenceEquals(context.Error, Console.Error) || Console.IsErrorRedirected
            ? null
            : new TerminalProgress(context.Error);

    public void Report(BackupProgress value)
    {
        var line = Format(value);
        if (line.Length > 120)
        {
            line = line[..117] + "...";
        }

        lock (_lock)
        {
            _error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
    }

    /// <summary>"3/10 files, 12/40 MiB, 5 MiB read, 00:00:04, ETA 00:00:09  /path" (totals and ETA once the scan has counted).</summary>
    internal static string Format(BackupProgress value)
    {
        const long MiB = 1024 * 1024;
        var files = value.TotalFiles is { } totalFiles ? $"{value.FilesDone}/{totalFiles}" : $"{value.FilesDone}";
        var bytes = value.TotalBytes is { } totalBytes ? $"{value.BytesDone / MiB}/{totalBytes / MiB}" : $"{value.BytesDone / MiB}";
        var eta = value.EstimatedRemaining is { } remaining ? $", ETA {remaining:hh\\:mm\\:ss}" : "";
        return $"{files} files, {bytes} MiB, {value.BytesRead / MiB} MiB read, {value.Elapsed:hh\\:mm\\:ss}{eta}  {value.CurrentPath}";
    }

    public void Clear()
    {
        lock (_lock)
        {
            if (_width > 0)
            {
                _error.Write("\r" + new string(' ', _width) + "\r");
                _width = 0;
            }
        }
    }

    public void Dispose() => Clear();
}
