using System.Text;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Tests.Sources.Filtering;

public class IncludeFilterTests
{
    private static TestCaseData Select(string[] includes, string path, bool isDirectory, bool selected) =>
        new TestCaseData(includes, path, isDirectory).Returns(selected)
            .SetArgDisplayNames($"[{string.Join(", ", includes)}]", path + (isDirectory ? "/" : string.Empty));

    private static TestCaseData Descend(string[] includes, string directory, bool descend) =>
        new TestCaseData(includes, directory).Returns(descend)
            .SetArgDisplayNames($"[{string.Join(", ", includes)}]", directory);

    public static IEnumerable<TestCaseData> Selection()
    {
        yield return Select([], "anything/at/all", false, true);
        yield return Select(["/data/x/*.txt"], "/data/x/a.txt", false, true);
        yield return Select(["/data/x/*.txt"], "/data/x/a.csv", false, false);
        yield return Select(["/data/x/*.txt"], "/data/x", true, false); // only entered, not selected
        yield return Select(["/data/x/*.txt"], "/data", true, false);
        yield return Select(["/data/x/*.txt"], "/data/x/sub/a.txt", false, false);
        yield return Select(["/data/x"], "/data/x", true, true);
        yield return Select(["/data/x"], "/data/x/deep/file.bin", false, true); // with everything under it
        yield return Select(["/data/x"], "/data/xy", false, false);
        yield return Select(["docs/"], "a/docs/readme.md", false, true);
        yield return Select(["docs/"], "a/docs", false, false); // a file named docs
        yield return Select(["*.jpg", "*.png"], "photos/2024/a.png", false, true);
        yield return Select(["*.jpg", "*.png"], "photos/2024/a.gif", false, false);
        yield return Select(["/home/**/.bashrc"], "/home/alice/.bashrc", false, true);
        yield return Select(["/home/**/.bashrc"], "/home/.bashrc", false, true);
        yield return Select(["/home/*/"], "/home/alice/notes.txt", false, true);
    }

    public static IEnumerable<TestCaseData> Descent()
    {
        yield return Descend([], "any/where", true);
        yield return Descend(["/data/x/*.txt"], "", true);
        yield return Descend(["/data/x/*.txt"], "/", true);
        yield return Descend(["/data/x/*.txt"], "/data", true);
        yield return Descend(["/data/x/*.txt"], "/data/x", true);
        yield return Descend(["/data/x/*.txt"], "/data/y", false);
        yield return Descend(["/data/x/*.txt"], "/other", false);
        yield return Descend(["/data/x/*.txt"], "/data/x/sub", false);
        yield return Descend(["/data/x"], "/data/x", true);
        yield return Descend(["/data/x"], "/data/x/a/b", true); // inside a selected directory
        yield return Descend(["/data/x"], "/data/xy", false);
        yield return Descend(["*.txt"], "/any/depth/at/all", true);
        yield return Descend(["/a/**/b"], "/a/p/q", true);
        yield return Descend(["/a/**/b"], "/c", false);
        yield return Descend(["/a/*/c"], "/a/anything", true);
        yield return Descend(["/a/*/c"], "/a/anything/d", false);
        yield return Descend(["/a/[0-9]/c"], "/a/x", false);
        yield return Descend(["/a/[0-9]/c"], "/a/7", true);
        yield return Descend(["/a/b", "/c/d"], "/c", true);
        yield return Descend(["/a/b/"], "/a", true); // a directory-only include can still be below
    }

    [TestCaseSource(nameof(Selection))]
    public bool IsSelected(string[] includes, string path, bool isDirectory) =>
        new IncludeFilter(includes).IsSelected(path, isDirectory);

    [TestCaseSource(nameof(Selection))]
    public bool IsSelected_OnUtf8Bytes(string[] includes, string path, bool isDirectory) =>
        new IncludeFilter(includes).IsSelected(Encoding.UTF8.GetBytes(path), isDirectory);

    [TestCaseSource(nameof(Descent))]
    public bool CouldSelectBelow(string[] includes, string directory) =>
        new IncludeFilter(includes).CouldSelectBelow(directory);

    [TestCaseSource(nameof(Descent))]
    public bool CouldSelectBelow_OnUtf8Bytes(string[] includes, string directory) =>
        new IncludeFilter(includes).CouldSelectBelow(Encoding.UTF8.GetBytes(directory));

    [Test]
    public void Constructor_NegatedPattern_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new IncludeFilter(["*.txt", "!*.tmp"]));

        Assert.That(error!.Message, Does.Contain("'!*.tmp'"));
    }

    [Test]
    public void Constructor_InvalidPattern_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new IncludeFilter(["/data/[x"]));

        Assert.That(error!.Message, Does.Contain("'/data/[x'"));
    }

    [Test]
    public void All_SelectsEverything()
    {
        Assert.Multiple(() =>
        {
            Assert.That(IncludeFilter.All.SelectsEverything, Is.True);
            Assert.That(new IncludeFilter(["x"]).SelectsEverything, Is.False);
            Assert.That(IncludeFilter.All.IsSelected("a/b", isDirectory: false), Is.True);
        });
    }

    [Test]
    public void RestoreFilter_AppliesIncludesThenExcludes()
    {
        var filter = new RestoreFilter(new IncludeFilter(["/data/"]), new PathFilter(["*.tmp", "/data/cache/"]));

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsSelected("/data/report.pdf", isDirectory: false), Is.True);
            Assert.That(filter.IsSelected("/data/scratch.tmp", isDirectory: false), Is.False);
            Assert.That(filter.IsSelected("/data/cache/blob", isDirectory: false), Is.False);
            Assert.That(filter.IsSelected("/etc/passwd", isDirectory: false), Is.False);
            Assert.That(filter.IsSelected("/data/report.pdf"u8, isDirectory: false), Is.True);
            Assert.That(filter.ShouldDescend("/"), Is.True);
            Assert.That(filter.ShouldDescend("/data"), Is.True);
            Assert.That(filter.ShouldDescend("/data/cache"), Is.False);
            Assert.That(filter.ShouldDescend("/etc"), Is.False);
            Assert.That(filter.ShouldDescend("/etc"u8), Is.False);
            Assert.That(RestoreFilter.All.IsSelected("x/y", isDirectory: false), Is.True);
        });
    }
}
