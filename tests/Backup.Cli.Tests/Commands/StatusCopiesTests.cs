using System.Text.Json;

namespace Backup.Cli.Tests.Commands;

/// <summary><c>backup status --copy …</c>: the 3-2-1 section over a repository and a copy made by <c>backup copy</c>.</summary>
[Platform("Linux")]
public class StatusCopiesTests
{
    private const string OffsitePassword = "offsite password";

    private TempRepository _primary = null!;
    private TempRepository _offsite = null!;
    private string _offsitePasswordFile = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _primary = new TempRepository();
        _offsite = new TempRepository();
        await _primary.InitAsync();
        var init = await _offsite.RunWithAsync(_offsite.Variables(OffsitePassword), "init");
        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Success), init.Stderr);
        var data = Path.Combine(_primary.Root, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "a.txt"), "alpha");
        Assert.That((await _primary.RunAsync("backup", data)).ExitCode, Is.EqualTo(ExitCodes.Success));
        _offsitePasswordFile = _offsite.WriteFile("password", OffsitePassword);
    }

    [TearDown]
    public void TearDown()
    {
        _primary.Dispose();
        _offsite.Dispose();
    }

    private Task<CliRun> StatusAsync() =>
        _primary.RunAsync("status", "--json", "--copy", $"{_offsite.Location},medium=cloud,site=offsite,password-file={_offsitePasswordFile}");

    private static JsonElement Copies(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("copies");

    [Test]
    public async Task Status_WithCopyNotYetMade_MissesTheRule_AndExitsOne()
    {
        var run = await StatusAsync();

        var group = Copies(run).GetProperty("groups")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), run.Stderr);
            Assert.That(Copies(run).GetProperty("state").GetString(), Is.EqualTo("Missed"));
            Assert.That(group.GetProperty("copies").GetInt32(), Is.EqualTo(2));
            Assert.That(group.GetProperty("missingFrom")[0].GetString(), Is.EqualTo(_offsite.Location));
        }
    }

    [Test]
    public async Task Status_AfterCopyingOffsiteToAnotherMedium_MeetsTheRule()
    {
        var copy = await _offsite.RunWithAsync(_offsite.Variables(OffsitePassword), "copy", "--from-repo", _primary.Location, "--from-password-file", _primary.WriteFile("primary-password", TempRepository.Password));
        Assert.That(copy.ExitCode, Is.EqualTo(ExitCodes.Success), copy.Stderr);

        var run = await StatusAsync();
        var text = await _primary.RunAsync("status", "--copy", $"{_offsite.Location},medium=cloud,site=offsite,password-file={_offsitePasswordFile}");

        var group = Copies(run).GetProperty("groups")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(Copies(run).GetProperty("state").GetString(), Is.EqualTo("Met"));
            Assert.That(group.GetProperty("copies").GetInt32(), Is.EqualTo(3));
            Assert.That(group.GetProperty("media").GetInt32(), Is.EqualTo(2));
            Assert.That(group.GetProperty("offsite").GetInt32(), Is.EqualTo(1));
            Assert.That(text.Stdout, Does.Contain("copies (3-2-1): met"));
        }
    }

    [Test]
    public async Task Status_WithMalformedCopy_IsAUsageError()
    {
        var run = await _primary.RunAsync("status", "--copy", _offsite.Location + ",medium=cloud");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError), run.Stderr);
    }
}
