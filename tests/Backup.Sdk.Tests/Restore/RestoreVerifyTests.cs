using System.Runtime.Versioning;
using Backup.Sdk.Restore;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

[SupportedOSPlatform("linux")]
public class RestoreVerifyTests : RestoreTestBase
{
    private async Task<Backup.Sdk.Repository.Snapshots.Snapshot> SampleAsync() =>
        await Builder.SnapshotAsync(
            await Builder.DirAsync(
                "d",
                await Builder.FileAsync("big", TestRepositories.RandomBytes(200_000, 5), mode: 0x81ED),
                await Builder.FileAsync("small", "small"),
                SnapshotBuilder.Symlink("link", "big")));

    [Test]
    public async Task Restore_WithVerifyOnCleanRestore_ReportsNoMismatch()
    {
        var result = await RestoreAsync(await SampleAsync(), o => o.Verify = true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verified, Is.Not.Null);
            Assert.That(result.Verified!.Succeeded, Is.True, string.Join("; ", result.Verified.Mismatches));
            Assert.That(result.Verified.FilesChecked, Is.EqualTo(2));
            Assert.That(result.Verified.BytesChecked, Is.EqualTo(200_005));
            Assert.That(result.Verified.EntriesChecked, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Restore_WithoutVerify_HasNoVerification()
    {
        var result = await RestoreAsync(await SampleAsync());

        Assert.That(result.Verified, Is.Null);
    }

    [Test]
    public async Task Restore_FileModifiedBeforeVerification_IsReportedAsMismatch()
    {
        var restorer = new SnapshotRestorer(Repository)
        {
            BeforeVerify = async ct =>
            {
                await using (var stream = new FileStream(InTarget("d/big"), FileMode.Open, FileAccess.ReadWrite))
                {
                    stream.Position = 150_000;
                    var original = stream.ReadByte();
                    stream.Position = 150_000;
                    stream.WriteByte((byte)~original);
                }

                File.SetUnixFileMode(InTarget("d/small"), UnixFileMode.UserRead);
            },
        };

        var result = await restorer.RestoreAsync(await SampleAsync(), Options(o => o.Verify = true));

        var mismatches = result.Verified!.Mismatches;
        Assert.Multiple(() =>
        {
            Assert.That(result.Verified.Succeeded, Is.False);
            Assert.That(mismatches.Where(m => m.Path == "/d/big").Select(m => m.Reason), Has.Some.Contain("content differs"));
            Assert.That(mismatches.Where(m => m.Path == "/d/small").Select(m => m.Reason), Has.Some.StartWith("mode"));
        });
    }

    [Test]
    public async Task Verify_AfterTargetChangedOnDisk_FindsEveryDifference()
    {
        var snapshot = await SampleAsync();
        var restorer = new SnapshotRestorer(Repository);
        await restorer.RestoreAsync(snapshot, Options());
        var plan = await restorer.PlanAsync(snapshot, Options());
        File.Delete(InTarget("d/link"));
        File.CreateSymbolicLink(InTarget("d/link"), "elsewhere");
        await File.AppendAllTextAsync(InTarget("d/small"), "!");

        var verification = await restorer.VerifyAsync(plan, Target);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Mismatches.Select(m => m.Path), Does.Contain("/d/link").And.Contain("/d/small"));
            Assert.That(verification.Mismatches.Where(m => m.Path == "/d/small").Select(m => m.Reason), Has.Some.StartWith("size"));
            Assert.That(verification.Mismatches.Where(m => m.Path == "/d/big"), Is.Empty);
        });
    }
}
