using System.Text;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Tests.Sources.Filtering;

public class PathFilterTests
{
    private static TestCaseData Rules(string[] rules, string path, bool isDirectory, bool excluded) =>
        new TestCaseData(rules, path, isDirectory).Returns(excluded)
            .SetArgDisplayNames($"[{string.Join(", ", rules)}]", path + (isDirectory ? "/" : string.Empty));

    public static IEnumerable<TestCaseData> Cases()
    {
        // no rules, no match
        yield return Rules([], "a/b", false, false);
        yield return Rules(["*.tmp"], "a/b.txt", false, false);
        yield return Rules(["*.tmp"], "", true, false); // the root is never excluded

        // last matching rule wins
        yield return Rules(["*.log", "!keep.log"], "x/keep.log", false, false);
        yield return Rules(["*.log", "!keep.log"], "x/other.log", false, true);
        yield return Rules(["!keep.log", "*.log"], "x/keep.log", false, true);
        yield return Rules(["*.log", "!*.log", "*.log"], "a.log", false, true);
        yield return Rules(["*", "!*.c"], "main.c", false, false);
        yield return Rules(["*", "!*.c"], "main.h", false, true);

        // gitignore's "dir/* then !dir/keep"
        yield return Rules(["/dir/*", "!/dir/keep"], "dir/keep", false, false);
        yield return Rules(["/dir/*", "!/dir/keep"], "dir/keep/deep/file", false, false);
        yield return Rules(["/dir/*", "!/dir/keep"], "dir/other", false, true);
        yield return Rules(["/dir/*", "!/dir/keep"], "dir", true, false);

        // a parent directory that is excluded excludes everything below, and cannot be undone
        yield return Rules(["node_modules/"], "web/node_modules/react/index.js", false, true);
        yield return Rules(["node_modules/"], "web/node_modules", true, true);
        yield return Rules(["node_modules/"], "web/node_modules", false, false); // a file of that name
        yield return Rules(["node_modules/", "!index.js"], "web/node_modules/index.js", false, true);
        yield return Rules(["/build", "!/build/keep.txt"], "build/keep.txt", false, true);
        yield return Rules(["/build/"], "build/a/b/c", false, true);
        yield return Rules(["/build/"], "src/build/a", false, false);
        yield return Rules(["*.d"], "etc/conf.d/x.conf", false, true);
        yield return Rules(["/home/user/tmp"], "/home/user/tmp/a/b", false, true);
        yield return Rules(["/home/user/tmp"], "/home/user/tmpfile", false, false);

        // a re-included directory brings back its contents unless a later rule removes them
        yield return Rules(["/logs/*", "!/logs/keep/"], "logs/keep/a.log", false, false);
        yield return Rules(["/logs/*", "!/logs/keep/", "*.log"], "logs/keep/a.log", false, true);
        yield return Rules(["a/", "!a/"], "a/b", false, false);

        // trailing "/**" excludes contents, leaving the directory itself, so a negation can re-include
        yield return Rules(["/x/**"], "x", true, false);
        yield return Rules(["/x/**"], "x/y/z", false, true);
        yield return Rules(["/x/**", "!/x/y/"], "x/y", true, false);
        yield return Rules(["/x/**", "!/x/y/", "!/x/y/**"], "x/y/z", false, false);

        // directory-only rules do not apply to the entry itself when it is a file, but do to its parents
        yield return Rules(["cache/"], "cache", false, false);
        yield return Rules(["cache/"], "cache/x", false, true);
        yield return Rules(["*.git/"], "a/repo.git/HEAD", false, true);
    }

    [TestCaseSource(nameof(Cases))]
    public bool IsExcluded(string[] rules, string path, bool isDirectory) =>
        new PathFilter(rules).IsExcluded(path, isDirectory);

    [TestCaseSource(nameof(Cases))]
    public bool IsExcluded_OnUtf8Bytes(string[] rules, string path, bool isDirectory) =>
        new PathFilter(rules).IsExcluded(Encoding.UTF8.GetBytes(path), isDirectory);

    [Test]
    public void ShouldDescend_IsFalseForExcludedDirectoriesAndTheirSubdirectories()
    {
        var filter = new PathFilter(["node_modules/", "/dir/*", "!/dir/keep/"]);

        Assert.Multiple(() =>
        {
            Assert.That(filter.ShouldDescend("web"), Is.True);
            Assert.That(filter.ShouldDescend("web/node_modules"), Is.False);
            Assert.That(filter.ShouldDescend("web/node_modules/react"), Is.False);
            Assert.That(filter.ShouldDescend("dir"), Is.True);
            Assert.That(filter.ShouldDescend("dir/keep"), Is.True);
            Assert.That(filter.ShouldDescend("dir/other"), Is.False);
            Assert.That(filter.ShouldDescend("web/node_modules"u8), Is.False);
        });
    }

    [Test]
    public void IsEntryExcluded_LooksOnlyAtTheEntry()
    {
        var filter = new PathFilter(["/build/", "*.o", "!keep.o"]);

        Assert.Multiple(() =>
        {
            Assert.That(filter.IsEntryExcluded("src/a.o", isDirectory: false), Is.True);
            Assert.That(filter.IsEntryExcluded("src/keep.o", isDirectory: false), Is.False);
            Assert.That(filter.IsEntryExcluded("build", isDirectory: true), Is.True);
            // its parent is excluded, but the walker would never have asked
            Assert.That(filter.IsEntryExcluded("build/a.c", isDirectory: false), Is.False);
            Assert.That(filter.IsExcluded("build/a.c", isDirectory: false), Is.True);
            Assert.That(filter.IsEntryExcluded("src/a.o"u8, isDirectory: false), Is.True);
        });
    }

    [Test]
    public void Parse_ReadsAGitignoreStyleFile()
    {
        string[] lines =
        [
            "# build output",
            "",
            "   ",
            "/bin/",
            "*.log   ",
            "!important.log",
            "\\#notes",
            "\\!bang",
            "space\\ ",
            "tab\t",
            "windows\r",
            " lead",
        ];

        var filter = PathFilter.Parse(lines);

        Assert.Multiple(() =>
        {
            Assert.That(filter.Rules.Select(r => r.Pattern), Is.EqualTo(new[]
            {
                "/bin/", "*.log", "!important.log", "\\#notes", "\\!bang", "space\\ ", "tab\t", "windows", " lead",
            }));
            Assert.That(filter.IsExcluded("bin/x", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("a/debug.log", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("a/important.log", isDirectory: false), Is.False);
            Assert.That(filter.IsExcluded("#notes", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("!bang", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("space ", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("space", isDirectory: false), Is.False);
            Assert.That(filter.IsExcluded("tab\t", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded("windows", isDirectory: false), Is.True);
            Assert.That(filter.IsExcluded(" lead", isDirectory: false), Is.True);
        });
    }

    [TestCase("a\\\\ ", "a\\\\")] // an escaped backslash does not escape the space
    [TestCase("a\\\\\\ ", "a\\\\\\ ")]
    [TestCase("a \\  ", "a \\ ")]
    public void Parse_TrimsOnlyUnescapedTrailingSpaces(string line, string pattern)
    {
        Assert.That(PathFilter.Parse([line]).Rules.Single().Pattern, Is.EqualTo(pattern));
    }

    [Test]
    public void Parse_InvalidLine_ReportsLineNumberAndPattern()
    {
        var error = Assert.Throws<ArgumentException>(() => PathFilter.Parse(["# ok", "*.tmp", "[abc"]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("Line 3"));
            Assert.That(error.Message, Does.Contain("'[abc'"));
            Assert.That(error.InnerException, Is.InstanceOf<ArgumentException>());
        });
    }

    [Test]
    public void Constructor_InvalidPattern_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new PathFilter(["ok", "bad\\"]));
    }

    [Test]
    public void Empty_ExcludesNothing()
    {
        Assert.That(PathFilter.Empty.IsExcluded("a/b/c", isDirectory: false), Is.False);
    }

    [Test]
    public void IsExcluded_WorksOnVeryDeepPaths()
    {
        var path = string.Join('/', Enumerable.Repeat("d", 1_000)) + "/x.tmp";
        var filter = new PathFilter(["*.tmp", "!/d/d/d/**"]);

        Assert.That(filter.IsExcluded(path, isDirectory: false), Is.False);
        Assert.That(new PathFilter(["*.tmp"]).IsExcluded(path, isDirectory: false), Is.True);
    }

    [Test]
    public void Matching_DoesNotAllocate()
    {
        var filter = new PathFilter(["**/cache/**", "*.tmp", "!keep.tmp", "/src/[a-z]*/bin/"]);
        var includes = new IncludeFilter(["/data/x/*.txt"]);
        var path = "src/project/bin/debug/app.tmp";
        var bytes = "src/project/obj/keep.tmp"u8.ToArray();
        var total = 0;

        void Run()
        {
            total += filter.IsExcluded(path, isDirectory: false) ? 1 : 0;
            total += filter.IsExcluded(bytes, isDirectory: false) ? 1 : 0;
            total += filter.IsEntryExcluded(path, isDirectory: false) ? 1 : 0;
            total += includes.CouldSelectBelow("/data/x") ? 1 : 0;
            total += includes.IsSelected("/data/x/a.txt", isDirectory: false) ? 1 : 0;
        }

        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Run();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(total, Is.EqualTo(101 * 4));
        });
    }
}
