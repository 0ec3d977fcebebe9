using Backup.Cli.Commands;
using Backup.Sdk.Backups;

namespace Backup.Cli.Tests.Commands;

public class TerminalProgressTests
{
    [Test]
    public void Format_BeforeTheTotalsAreKnown_ShowsCountsOnly()
    {
        var line = TerminalProgress.Format(new BackupProgress(3, 5 * 1024 * 1024, 2 * 1024 * 1024, null, null, "/data/a", TimeSpan.FromSeconds(4), null));

        Assert.That(line, Is.EqualTo("3 files, 5 MiB, 2 MiB read, 00:00:04  /data/a"));
    }

    [Test]
    public void Format_WithTotals_ShowsThemAndTheEstimate()
    {
        var line = TerminalProgress.Format(new BackupProgress(3, 5 * 1024 * 1024, 2 * 1024 * 1024, 10, 40L * 1024 * 1024, "/data/a", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(65)));

        Assert.That(line, Is.EqualTo("3/10 files, 5/40 MiB, 2 MiB read, 00:00:04, ETA 00:01:05  /data/a"));
    }
}
