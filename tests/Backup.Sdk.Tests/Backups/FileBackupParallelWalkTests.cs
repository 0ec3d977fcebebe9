using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Sources.FileSystem;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

/// <summary>Subdirectories walked aside, on other threads: hard links across them, and trees identical to a sequential walk's.</summary>
[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupParallelWalkTests : FileBackupFixture
{
    private readonly LinuxFileSystemMetadata _fs = new();

    [Test]
    [Repeat(3)]
    public async Task Backup_HardLinksAcrossDirectoriesWalkedAside_ReadsTheContentOnce()
    {
        var content = TestRepositories.RandomBytes(70_000, 5);
        var first = Write("d00/link", content);
        for (var i = 1; i < 12; i++)
        {
            Directory.CreateDirectory(Source.Combine($"d{i:D2}"));
            _fs.CreateHardLink(first, Source.Combine($"d{i:D2}/link"));
            Write($"d{i:D2}/own", TestRepositories.RandomBytes(1_000, i));
        }

        var result = await BackupAsync(new FileBackupOptions { Paths = [Source.Path], Hostname = "h", MaxConcurrency = 4 });
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.BytesRead, Is.EqualTo(content.Length + (11 * 1_000)), "the linked content read once");
            for (var i = 0; i < 12; i++)
            {
                Assert.That(entries[Source.Combine($"d{i:D2}/link")].Content, Is.EqualTo(content));
            }
        });
    }

    [Test]
    public async Task Backup_WalkedAsideOrNot_GivesTheSameTrees()
    {
        for (var i = 0; i < 30; i++)
        {
            Write($"d{i % 6}/e{i % 3}/f{i}", TestRepositories.RandomBytes(500 + i, i));
        }

        var sequential = await BackupAsync(new FileBackupOptions { Paths = [Source.Path], Hostname = "h", MaxConcurrency = 1, Level = BackupLevel.Full });
        var parallel = await BackupAsync(new FileBackupOptions { Paths = [Source.Path], Hostname = "h", MaxConcurrency = 8, Level = BackupLevel.Full });

        // The backed-up directory's own node carries its subtree: compare that, not the root tree, whose parents of the
        // path (/tmp) other tests may touch between the two runs.
        var sequentialEntries = await ReadBackAsync(sequential);
        var parallelEntries = await ReadBackAsync(parallel);
        Assert.That(parallelEntries[Source.Path].Node.Subtree, Is.Not.Null);
        Assert.That(parallelEntries[Source.Path].Node.Subtree, Is.EqualTo(sequentialEntries[Source.Path].Node.Subtree));
    }
}
