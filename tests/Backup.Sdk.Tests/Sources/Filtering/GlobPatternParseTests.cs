using System.Text;
using Backup.Sdk.Sources.Filtering;

namespace Backup.Sdk.Tests.Sources.Filtering;

public class GlobPatternParseTests
{
    public static IEnumerable<TestCaseData> Shapes()
    {
        // pattern, negated, anchored, directory-only
        yield return new TestCaseData("*.log", false, false, false);
        yield return new TestCaseData("/tmp", false, true, false);
        yield return new TestCaseData("src/bin", false, true, false);
        yield return new TestCaseData("node_modules/", false, false, true);
        yield return new TestCaseData("/cache/", false, true, true);
        yield return new TestCaseData("a/b/", false, true, true);
        yield return new TestCaseData("!keep.log", true, false, false);
        yield return new TestCaseData("!/keep/", true, true, true);
        yield return new TestCaseData("\\!keep", false, false, false);
        yield return new TestCaseData("**/x", false, true, false);
        yield return new TestCaseData("a\\/b", false, true, false);
    }

    [TestCaseSource(nameof(Shapes))]
    public void Parse_ReadsNegationAnchoringAndDirectoryOnly(string text, bool negated, bool anchored, bool directoryOnly)
    {
        var pattern = GlobPattern.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(pattern.IsNegated, Is.EqualTo(negated));
            Assert.That(pattern.IsAnchored, Is.EqualTo(anchored));
            Assert.That(pattern.IsDirectoryOnly, Is.EqualTo(directoryOnly));
            Assert.That(pattern.Pattern, Is.EqualTo(text));
            Assert.That(pattern.ToString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void IsMatch_IgnoresNegation()
    {
        Assert.That(GlobPattern.Parse("!*.log").IsMatch("a.log", isDirectory: false), Is.True);
    }

    public static IEnumerable<TestCaseData> InvalidPatterns()
    {
        yield return new TestCaseData("[abc", "never closed");
        yield return new TestCaseData("a/[b/c]", "contains '/'");
        yield return new TestCaseData("[]", "never closed");
        yield return new TestCaseData("[!]", "never closed");
        yield return new TestCaseData("[a\\", "never closed");
        yield return new TestCaseData("[z-a]", "reversed");
        yield return new TestCaseData("abc\\", "unfinished escape");
        yield return new TestCaseData("", "empty");
        yield return new TestCaseData("!", "no name");
        yield return new TestCaseData("/", "no name");
        yield return new TestCaseData("//", "no name");
    }

    [TestCaseSource(nameof(InvalidPatterns))]
    public void Parse_InvalidPattern_ThrowsArgumentExceptionNamingThePattern(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => GlobPattern.Parse(text));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"'{text}'"));
            Assert.That(error.Message, Does.Contain(reason));
        });
    }

    [Test]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GlobPattern.Parse(null!));
    }

    [TestCase("a*a*a*a*a*a*a*b", false)]
    [TestCase("a*a*a*a*a*a*a*a", true)]
    [TestCase("*a*a*a*a*a*a*a*a*a*a*?b", false)]
    [TestCase("[a]*[a]*[a]*[a]*[a]*[a]*c", false)]
    [CancelAfter(10_000)]
    public void IsMatch_PathologicalStarPattern_FinishesWithTheRightAnswer(string text, bool expected)
    {
        var pattern = GlobPattern.Parse(text);
        var name = new string('a', 100_000);

        Assert.Multiple(() =>
        {
            Assert.That(pattern.IsMatch(name, isDirectory: false), Is.EqualTo(expected));
            Assert.That(pattern.IsMatch(Encoding.ASCII.GetBytes(name), isDirectory: false), Is.EqualTo(expected));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public void IsMatch_PathologicalDoubleStarPattern_FinishesWithTheRightAnswer()
    {
        var pattern = GlobPattern.Parse("**/a/**/a/**/a/**/a/**/a/**/a/**/b");
        var path = string.Join('/', Enumerable.Repeat("a", 2_000));

        Assert.Multiple(() =>
        {
            Assert.That(pattern.IsMatch(path, isDirectory: false), Is.False);
            Assert.That(pattern.IsMatch(path + "/b", isDirectory: false), Is.True);
        });
    }

    public static IEnumerable<TestCaseData> InvalidUtf8()
    {
        // name bytes, pattern, expected
        yield return new TestCaseData(new byte[] { (byte)'a', 0xFF, (byte)'b' }, "a?b", true);
        yield return new TestCaseData(new byte[] { (byte)'a', 0xFF, (byte)'b' }, "a*b", true);
        yield return new TestCaseData(new byte[] { (byte)'a', 0xFF, 0xFE, (byte)'b' }, "a?b", false);
        yield return new TestCaseData(new byte[] { (byte)'a', 0xFF, 0xFE, (byte)'b' }, "a??b", true);
        yield return new TestCaseData(new byte[] { 0xE2, 0x82, (byte)'.', (byte)'x' }, "??.x", true); // truncated sequence: two bytes, two characters
        yield return new TestCaseData(new byte[] { 0xC0, 0xAF }, "??", true); // overlong '/' is two invalid bytes, not a separator
        yield return new TestCaseData(new byte[] { 0xC0, 0xAF }, "?", false);
        yield return new TestCaseData(new byte[] { 0xFF, (byte)'.', (byte)'l', (byte)'o', (byte)'g' }, "*.log", true);
        yield return new TestCaseData(new byte[] { 0xFF }, "\udcff", true); // the escape code point matches that byte only
        yield return new TestCaseData(new byte[] { 0xFE }, "\udcff", false);
        yield return new TestCaseData(new byte[] { 0xFF }, "[\udc80-\udcff]", true);
        yield return new TestCaseData(new byte[] { 0xC3, 0xA9 }, "\udcc3\udca9", false); // valid UTF-8 is a character, not bytes
        yield return new TestCaseData(new byte[] { 0xC3, 0xA9 }, "é", true);
    }

    [TestCaseSource(nameof(InvalidUtf8))]
    public void IsMatch_OnInvalidUtf8_MatchesEachBadByteAsOneCharacter(byte[] name, string text, bool expected)
    {
        var pattern = GlobPattern.Parse(text);
        var path = new byte[] { (byte)'d', (byte)'/' }.Concat(name).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(pattern.IsMatch(path, isDirectory: false), Is.EqualTo(expected));
            Assert.That(pattern.IsMatch(PathText.DecodeUtf8(path), isDirectory: false), Is.EqualTo(expected), "decoded string");
        });
    }

    [Test]
    public void DecodeUtf8_KeepsDistinctInvalidNamesDistinct()
    {
        var first = PathText.DecodeUtf8([(byte)'x', 0xFF]);
        var second = PathText.DecodeUtf8([(byte)'x', 0xFE]);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.EqualTo(second));
            Assert.That(first, Is.EqualTo("x\udcff"));
            Assert.That(PathText.DecodeUtf8("é/😀"u8), Is.EqualTo("é/😀"));
        });
    }
}
