using System.Text.Json;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Cli.Tests.Commands;

public class LsCommandTests
{
    private static readonly DateTimeOffset Time = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private TempRepository _repo = null!;
    private Snapshot _snapshot = null!;

    [SetUp]
    public async Task SetUp()
    {
        _repo = new TempRepository();
        await _repo.InitAsync();
        _snapshot = await _repo.AddSnapshotAsync(Time);
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public async Task Text_ListsEveryEntryRecursivelyWithModeSizeAndPath()
    {
        var run = await _repo.RunAsync("ls", _snapshot.Id.ToString());

        var lines = Lines(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]), Is.EqualTo(new[]
            {
                "/data", "/data/x", "/data/x/a.txt", "/data/x/f\\xFF", "/data/x/link", "/data/x/sub",
            }));
            Assert.That(lines[0], Does.StartWith("drwxr-xr-x"));
            Assert.That(lines[2], Does.Match(@"^-rw-r--r-- +5 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /data/x/a\.txt$"));
            Assert.That(lines[3], Does.StartWith("-rw-------"));
            Assert.That(lines[4], Does.StartWith("lrwxrwxrwx").And.EndWith("/data/x/link -> a.txt"));
        });
    }

    [Test]
    public async Task Json_PrintsOneArrayOfEntries()
    {
        var run = await _repo.RunAsync("ls", "--json", _snapshot.Id.ToString());

        using var document = JsonDocument.Parse(run.Stdout);
        var entries = document.RootElement.EnumerateArray().ToArray();
        var file = entries.Single(e => e.GetProperty("path").GetString() == "/data/x/a.txt");
        var link = entries.Single(e => e.GetProperty("path").GetString() == "/data/x/link");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(entries, Has.Length.EqualTo(6));
            Assert.That(file.GetProperty("type").GetString(), Is.EqualTo("file"));
            Assert.That(file.GetProperty("size").GetInt64(), Is.EqualTo(5));
            Assert.That(file.GetProperty("mode").GetUInt32(), Is.EqualTo(0x81A4u));
            Assert.That(file.GetProperty("uid").GetUInt32(), Is.EqualTo(1000u));
            Assert.That(file.GetProperty("gid").GetUInt32(), Is.EqualTo(100u));
            Assert.That(file.GetProperty("mtime").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
            Assert.That(file.TryGetProperty("linkTarget", out _), Is.False);
            Assert.That(link.GetProperty("type").GetString(), Is.EqualTo("symlink"));
            Assert.That(link.GetProperty("linkTarget").GetString(), Is.EqualTo("a.txt"));
            Assert.That(entries.Select(e => e.GetProperty("path").GetString()), Does.Contain("/data/x/f\\xFF"));
        });
    }

    [Test]
    public async Task WithPath_ListsThatEntryAndWhatIsBelowIt()
    {
        var run = await _repo.RunAsync("ls", "--json", _snapshot.Id.ToString(), "/data/x/sub");

        using var document = JsonDocument.Parse(run.Stdout);
        var paths = document.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.That(paths, Is.EqualTo(new[] { "/data/x/sub" }));
    }

    [Test]
    public async Task WithDirectoryPath_ListsItsSubtree()
    {
        var run = await _repo.RunAsync("ls", _snapshot.Id.ToString(), "/data/x/");

        Assert.Multiple(() =>
        {
            Assert.That(Lines(run.Stdout), Has.Length.EqualTo(5));
            Assert.That(run.Stdout, Does.Not.Contain(" /data\n"));
        });
    }

    [Test]
    public async Task WithPathNotInSnapshot_FailsWithMessage()
    {
        var run = await _repo.RunAsync("ls", _snapshot.Id.ToString(), "/data/nope");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("/data/nope"));
        });
    }

    [Test]
    public async Task Latest_ResolvesTheNewestSnapshot()
    {
        await _repo.AddSnapshotAsync(Time.AddDays(1), fileContent: "the newest");
        await _repo.AddSnapshotAsync(Time.AddDays(-1), fileContent: "the oldest, made last");

        var run = await _repo.RunAsync("ls", "--json", "latest", "/data/x/a.txt");

        using var document = JsonDocument.Parse(run.Stdout);
        Assert.That(document.RootElement[0].GetProperty("size").GetInt64(), Is.EqualTo("the newest".Length));
    }

    [Test]
    public async Task UniquePrefix_ResolvesTheSnapshot()
    {
        var run = await _repo.RunAsync("ls", _snapshot.Id.ToString()[..8]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(Lines(run.Stdout), Has.Length.EqualTo(6));
        });
    }

    [TestCase("abc")]
    [TestCase("not-hex-at-all")]
    public async Task TooShortOrInvalidPrefix_IsUsageError(string text)
    {
        var run = await _repo.RunAsync("ls", text);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageError));
            Assert.That(run.Stderr, Does.Contain(text).And.Not.Contain("Parameter"));
        });
    }

    [Test]
    public async Task UnknownId_FailsWithMessageNamingIt()
    {
        var unknown = _snapshot.Id.ToString()[0] == '0' ? "11111111" : "00000000";
        var unknownFull = new string('0', 63) + "1";

        var prefix = await _repo.RunAsync("ls", unknown);
        var full = await _repo.RunAsync("ls", unknownFull);

        Assert.Multiple(() =>
        {
            Assert.That(prefix.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(prefix.Stderr, Does.Contain($"No snapshot matches '{unknown}'"));
            Assert.That(full.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(full.Stderr, Does.Contain("No snapshot matches"));
        });
    }

    [Test]
    public async Task Latest_InEmptyRepository_FailsWithMessage()
    {
        using var empty = new TempRepository();
        await empty.InitAsync();

        var run = await empty.RunAsync("ls", "latest");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure));
            Assert.That(run.Stderr, Does.Contain("no snapshots"));
        });
    }
}
