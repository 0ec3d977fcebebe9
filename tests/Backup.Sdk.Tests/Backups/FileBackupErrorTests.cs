using System.Runtime.Versioning;
using Backup.Sdk.Backups;
using Backup.Sdk.Repository;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Backups;

[Platform("Linux")]
[SupportedOSPlatform("linux")]
public class FileBackupErrorTests : FileBackupFixture
{
    [Test]
    public async Task Backup_UnreadableFile_IsReportedAndSkipped_AndTheBackupCompletes()
    {
        Write("good", [1]);
        var bad = Write("bad", [2]);
        var access = new TestSourceAccess { FailOpen = name => name == "bad" };

        var result = await BackupAsync(access: access);
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { bad }));
            Assert.That(result.Errors[0].Message, Does.Contain("cannot be read"));
            Assert.That(entries.ContainsKey(bad), Is.False);
            Assert.That(entries[Source.Combine("good")].Content, Is.EqualTo(new byte[] { 1 }));
            Assert.That(result.Summary.ErrorCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Backup_WhenThePackTemporaryDirectoryIsMissing_FailsWithTemporaryStorageException_NotASkippedFile()
    {
        Write("a", TestRepositories.RandomBytes(50_000, 1));
        var missing = Path.Combine(Source.Path, "no-such-directory");
        var spooling = await BackupRepository.OpenAsync(Storage, TestRepositories.Password, new RepositoryOptions { TemporaryDirectory = missing });
        await using (spooling)
        {
            var backup = new FileBackup(spooling) { SourceAccess = LinuxBackupSourceAccess.Instance };

            var error = Assert.ThrowsAsync<TemporaryStorageException>(() => backup.RunAsync(new FileBackupOptions { Paths = [Source.Path], Hostname = "h" }));

            Assert.That(error!.Directory, Is.EqualTo(missing));
            Assert.That(error.Message, Does.Contain(missing));
        }

        Assert.That(await spooling.Snapshots.ListAsync(), Is.Empty, "no snapshot was written");
        var report = await new Backup.Sdk.Validation.RepositoryChecker(Repository).CheckAsync(new Backup.Sdk.Validation.CheckOptions { ReadData = true });
        Assert.That(report.Problems, Is.Empty);
        Assert.That(Directory.Exists(missing), Is.False);
    }

    [Test]
    public async Task Backup_FileChangingWhileRead_IsReportedAndStoredAsRead()
    {
        var content = TestRepositories.RandomBytes(600_000, 5);
        var path = Write("growing", content);
        var appended = false;
        var access = new TestSourceAccess
        {
            AfterChunk = (_, name, index) =>
            {
                if (index == 0 && !appended)
                {
                    appended = true;
                    using var stream = new FileStream(path, FileMode.Append);
                    stream.Write([9, 9, 9]);
                }
            },
        };

        var result = await BackupAsync(access: access);
        var stored = (await ReadBackAsync(result))[path];

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { path }));
            Assert.That(result.Errors[0].Message, Does.Contain("changed"));
            Assert.That(stored.Content, Is.EqualTo(content.Concat(new byte[] { 9, 9, 9 }).ToArray()), "the content as read, appended bytes included");
            Assert.That(stored.Node.Size, Is.EqualTo(content.Length + 3));
        });
    }

    [Test]
    public async Task Backup_MissingPath_IsAnErrorAndTheOtherPathsAreBackedUp()
    {
        var good = Write("good", [1]);
        var missing = Source.Combine("missing");

        var result = await BackupAsync(new() { Paths = [good, missing], Hostname = "h" });
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors.Single().Path, Is.EqualTo(missing));
            Assert.That(result.Errors.Single().Message, Does.Contain("does not exist"));
            Assert.That(entries.ContainsKey(good), Is.True);
        });
    }

    [Test]
    public async Task Backup_AllPathsMissing_ThrowsAndWritesNoSnapshot()
    {
        Assert.ThrowsAsync<BackupSourceNotFoundException>(() => BackupAsync(new() { Paths = [Source.Combine("nope"), "/nonexistent-backup-sdk-path/x"], Hostname = "h" }));
        Assert.That(await Repository.Snapshots.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task Backup_ExcludePatterns_LeaveOutMatchingEntries()
    {
        Write("keep.txt", [1]);
        Write("drop.tmp", [2]);
        Write("cache/inner", [3]);
        Write("sub/cache/deep", [4]);

        var result = await BackupAsync(new() { Paths = [Source.Path], Hostname = "h", Excludes = ["*.tmp", "cache/"] });
        var entries = await ReadBackAsync(result);

        Assert.Multiple(() =>
        {
            Assert.That(entries.ContainsKey(Source.Combine("keep.txt")), Is.True);
            Assert.That(entries.ContainsKey(Source.Combine("drop.tmp")), Is.False);
            Assert.That(entries.Keys.Any(k => k.Contains("/cache", StringComparison.Ordinal)), Is.False);
            Assert.That(entries.ContainsKey(Source.Combine("sub")), Is.True);
            Assert.That(result.Snapshot.Excludes, Is.EqualTo(new[] { "*.tmp", "cache/" }));
        });
    }

    [Test]
    public async Task Backup_OneFileSystem_DoesNotDescendIntoAnotherDevice()
    {
        Write("mnt/inside", [1]);
        Write("local/file", [2]);
        var access = new TestSourceAccess { DeviceOverride = name => name == "mnt" ? 0xDEAD : null };

        var crossing = await ReadBackAsync(await BackupAsync(new() { Paths = [Source.Path], Hostname = "h" }, access));
        var staying = await ReadBackAsync(await BackupAsync(new() { Paths = [Source.Path], Hostname = "h", OneFileSystem = true, Level = Backup.Sdk.Repository.BackupLevel.Full }, access));

        Assert.Multiple(() =>
        {
            Assert.That(crossing.ContainsKey(Source.Combine("mnt/inside")), Is.True);
            Assert.That(staying.ContainsKey(Source.Combine("mnt")), Is.True, "the mount point is kept");
            Assert.That(staying.ContainsKey(Source.Combine("mnt/inside")), Is.False);
            Assert.That(staying.ContainsKey(Source.Combine("local/file")), Is.True);
        });
    }

    [Test]
    public async Task Backup_OneFileSystem_StopsAtARealTmpfsMount()
    {
        var mountPoint = Source.Combine("tmpfs");
        Directory.CreateDirectory(mountPoint);
        if (!RunMount("mount", "-t", "tmpfs", "none", mountPoint))
        {
            Assert.Ignore("mount -t tmpfs is not allowed here; the device check is covered through the seam.");
        }

        try
        {
            File.WriteAllBytes(Path.Combine(mountPoint, "inside"), [1]);
            Write("local", [2]);

            var entries = await ReadBackAsync(await BackupAsync(new() { Paths = [Source.Path], Hostname = "h", OneFileSystem = true }));

            Assert.Multiple(() =>
            {
                Assert.That(entries.ContainsKey(mountPoint), Is.True);
                Assert.That(entries.ContainsKey(Path.Combine(mountPoint, "inside")), Is.False);
                Assert.That(entries.ContainsKey(Source.Combine("local")), Is.True);
            });
        }
        finally
        {
            RunMount("umount", mountPoint);
        }
    }

    private static bool RunMount(string program, params string[] arguments)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments) { RedirectStandardError = true });
            process!.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
