using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Tests.Sources.Filtering;

public class GlobPatternMatchTests
{
    private static TestCaseData Match(string pattern, string path, bool expected, bool isDirectory = false) =>
        new TestCaseData(pattern, path, isDirectory).Returns(expected);

    public static IEnumerable<TestCaseData> Wildcards()
    {
        // '*' is any run except '/'
        yield return Match("*.log", "app.log", true);
        yield return Match("*.log", ".log", true);
        yield return Match("*.log", "app.log.1", false);
        yield return Match("a*", "a", true);
        yield return Match("*a*", "bab", true);
        yield return Match("/a*c", "a/c", false);
        yield return Match("/a*c", "abbbc", true);
        yield return Match("/a/*", "a/b/c", false);
        yield return Match("*", "anything", true);
        yield return Match("/*/b", "x/b", true);
        yield return Match("/*/b", "b", false);

        // '?' is exactly one character except '/'
        yield return Match("?.txt", "a.txt", true);
        yield return Match("?.txt", ".txt", false);
        yield return Match("?.txt", "ab.txt", false);
        yield return Match("/a?b", "a/b", false);
        yield return Match("??", "éü", true);
        yield return Match("?", "😀", true); // one code point, two UTF-16 units

        // "**" next to other characters is an ordinary '*'
        yield return Match("/a**b", "axxb", true);
        yield return Match("/a**b", "a/b", false);
        yield return Match("/a**b", "a/x/b", false);
        yield return Match("/***", "abc", true);
    }

    public static IEnumerable<TestCaseData> CharacterClasses()
    {
        yield return Match("[abc].c", "b.c", true);
        yield return Match("[abc].c", "d.c", false);
        yield return Match("file[0-9]", "file7", true);
        yield return Match("file[0-9]", "filex", false);
        yield return Match("file[0-9]", "file10", false);
        yield return Match("file[!0-9]", "filex", true);
        yield return Match("file[!0-9]", "file5", false);
        yield return Match("file[^0-9]", "filex", true);
        yield return Match("file[^0-9]", "file5", false);
        yield return Match("[a-cx-z]", "y", true);
        yield return Match("[a-cx-z]", "m", false);
        yield return Match("[]]", "]", true);
        yield return Match("[]a]", "a", true);
        yield return Match("[!]]", "]", false);
        yield return Match("[!]]", "x", true);
        yield return Match("[a-]", "-", true);
        yield return Match("[-a]", "-", true);
        yield return Match("[\\]]", "]", true);
        yield return Match("[\\-]", "-", true);
        yield return Match("[\\-]", "\\", false);
        yield return Match("[[]", "[", true);
        yield return Match("[*?]", "*", true);
        yield return Match("[*?]", "a", false);
        yield return Match("[à-ÿ]", "é", true);
        yield return Match("[à-ÿ]", "e", false);
        yield return Match("[😀-😂]", "😁", true);
        yield return Match("[!a]", "/", false);
        yield return Match("/x[!a]y", "x/y", false);
    }

    public static IEnumerable<TestCaseData> Escapes()
    {
        yield return Match("\\*", "*", true);
        yield return Match("\\*", "a", false);
        yield return Match("\\?", "?", true);
        yield return Match("\\?", "a", false);
        yield return Match("\\[abc]", "[abc]", true);
        yield return Match("\\[abc]", "a", false);
        yield return Match("a\\\\b", "a\\b", true);
        yield return Match("\\a", "a", true);
        yield return Match("\\#file", "#file", true);
        yield return Match("\\!important", "!important", true);
        yield return Match("\\**", "*x", true);
        yield return Match("\\**", "x", false);
        yield return Match("/\\*\\*/b", "**/b", true);
        yield return Match("/\\*\\*/b", "x/y/b", false);
    }

    public static IEnumerable<TestCaseData> Anchoring()
    {
        // no '/' (or only a trailing one): last segment at any depth
        yield return Match("*.log", "a/b/c.log", true);
        yield return Match("*.log", "/abs/c.log", true);
        yield return Match("build", "build", true);
        yield return Match("build", "src/build", true);
        yield return Match("build", "src/build/x", false); // the pattern matches the directory; filters handle contents
        yield return Match("build", "rebuild", false);

        // a '/' at the start or in the middle anchors
        yield return Match("/build", "build", true);
        yield return Match("/build", "src/build", false);
        yield return Match("/build", "/build", true);
        yield return Match("src/*.c", "src/a.c", true);
        yield return Match("src/*.c", "lib/src/a.c", false);
        yield return Match("src/*.c", "src/x/a.c", false);
        yield return Match("/home/user/tmp", "/home/user/tmp", true);
        yield return Match("/home/user/tmp", "home/user/tmp", true);
        yield return Match("/home/user/tmp", "/x/home/user/tmp", false);

        // redundant separators in paths and patterns
        yield return Match("a//b", "a/b", true);
        yield return Match("/a/b", "//a///b", true);
        yield return Match("b", "a/b/", true);
    }

    public static IEnumerable<TestCaseData> DoubleStar()
    {
        // middle: zero or more whole segments
        yield return Match("a/**/b", "a/b", true);
        yield return Match("a/**/b", "a/x/b", true);
        yield return Match("a/**/b", "a/x/y/b", true);
        yield return Match("a/**/b", "a/xb", false);
        yield return Match("a/**/b", "x/a/b", false);
        yield return Match("a/**/b", "a/b/c", false);
        yield return Match("a/**/**/b", "a/b", true);
        yield return Match("a/**/b/**/c", "a/1/b/2/3/c", true);
        yield return Match("a/**/b/**/c", "a/b/c", true);
        yield return Match("a/**/b/**/c", "a/c", false);

        // leading: at any depth
        yield return Match("**/x", "x", true);
        yield return Match("**/x", "a/b/x", true);
        yield return Match("**/x", "a/b/xy", false);
        yield return Match("**/a/b", "z/a/b", true);
        yield return Match("**/a/b", "a/z/b", false);
        yield return Match("/**/x", "p/x", true);

        // trailing: everything inside, not the directory itself
        yield return Match("x/**", "x/a", true);
        yield return Match("x/**", "x/a/b/c", true);
        yield return Match("x/**", "x", false);
        yield return Match("x/**", "x", false, isDirectory: true);
        yield return Match("x/**", "y/x/a", false);
        yield return Match("**/x/**", "y/x/a", true);

        // alone: everything
        yield return Match("**", "a", true);
        yield return Match("**", "a/b/c", true);
        yield return Match("/**", "a/b", true);
    }

    public static IEnumerable<TestCaseData> DirectoryOnly()
    {
        yield return Match("node_modules/", "node_modules", true, isDirectory: true);
        yield return Match("node_modules/", "node_modules", false);
        yield return Match("node_modules/", "web/node_modules", true, isDirectory: true);
        yield return Match("/cache/", "cache", true, isDirectory: true);
        yield return Match("/cache/", "x/cache", false, isDirectory: true);
        yield return Match("a/b/", "a/b", true, isDirectory: true);
        yield return Match("a/b/", "a/b", false);
        yield return Match("*.d/", "conf.d", true, isDirectory: true);
        yield return Match("*.log", "logs.log", true, isDirectory: true); // no '/' at the end: files and directories
    }

    public static IEnumerable<TestCaseData> Names()
    {
        yield return Match("My Documents", "C/Users/x/My Documents", true, isDirectory: true);
        yield return Match("/with space/*.txt", "with space/a b.txt", true);
        yield return Match("*.txt", "trailing space.txt ", false);
        yield return Match("日本語/*.md", "日本語/読んで.md", true);
        yield return Match("Straße", "straße", false); // case-sensitive
        yield return Match("café", "cafe\u0301", false); // no Unicode normalisation
        yield return Match("*😀*", "a😀b", true);
        yield return Match("?", "\udc80", true); // a lone surrogate is one character
    }

    [TestCaseSource(nameof(Wildcards))]
    [TestCaseSource(nameof(CharacterClasses))]
    [TestCaseSource(nameof(Escapes))]
    [TestCaseSource(nameof(Anchoring))]
    [TestCaseSource(nameof(DoubleStar))]
    [TestCaseSource(nameof(DirectoryOnly))]
    [TestCaseSource(nameof(Names))]
    public bool IsMatch_OnStrings(string pattern, string path, bool isDirectory) =>
        GlobPattern.Parse(pattern).IsMatch(path, isDirectory);

    [TestCaseSource(nameof(Wildcards))]
    [TestCaseSource(nameof(CharacterClasses))]
    [TestCaseSource(nameof(Escapes))]
    [TestCaseSource(nameof(Anchoring))]
    [TestCaseSource(nameof(DoubleStar))]
    [TestCaseSource(nameof(DirectoryOnly))]
    public bool IsMatch_OnUtf8Bytes_AgreesWithStrings(string pattern, string path, bool isDirectory) =>
        GlobPattern.Parse(pattern).IsMatch(System.Text.Encoding.UTF8.GetBytes(path), isDirectory);
}
