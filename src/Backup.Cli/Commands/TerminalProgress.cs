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
        var line = $"{value.FilesDone} files, {value.BytesDone / (1024 * 1024)} MiB done, {value.BytesRead / (1024 * 1024)} MiB read, {value.Elapsed:hh\\:mm\\:ss}  {value.CurrentPath}";
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
