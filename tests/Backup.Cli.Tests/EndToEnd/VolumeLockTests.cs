using Backup.Sdk.Volumes;

namespace Backup.Cli.Tests.EndToEnd;

/// <summary>
/// A volume held open by this test process is refused to <c>backup volume ...</c> run as a real second process: a clear
/// message and exit code 1, and the volume is untouched; once closed, the same command succeeds.
/// </summary>
[Category("EndToEnd")]
public class VolumeLockTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("backup-volume-lock-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [TestCase("cow")]
    [TestCase("row")]
    public async Task VolumeSnapshot_FromAnotherProcess_WhileTheVolumeIsOpen_FailsWithExitCode1(string provider)
    {
        var path = Path.Combine(_root, "vol");
        var kind = provider == "row" ? SnapshotProviderKind.RedirectOnWrite : SnapshotProviderKind.CopyOnWrite;
        var cli = new CliProcess(Path.Combine(_root, "repo"));
        await using (var holder = new SnapshotVolumeFactory().Create(path, new VolumeGeometry(4096, 16), kind))
        {
            var refused = await cli.RunAsync("volume", "snapshot", path, "s0");
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Failure), refused.StandardError);
            Assert.That(refused.StandardError, Does.Contain("in use"));
            Assert.That(holder.ListSnapshots(), Is.Empty);
        }

        var accepted = await cli.RunAsync("volume", "snapshot", path, "s0");
        Assert.That(accepted.ExitCode, Is.Zero, accepted.StandardError);
    }
}
