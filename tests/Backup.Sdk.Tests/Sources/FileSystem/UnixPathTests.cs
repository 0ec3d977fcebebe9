using System.Text;
using Backup.Sdk.Sources.FileSystem;

namespace Backup.Sdk.Tests.Sources.FileSystem;

public class UnixPathTests
{
    [Test]
    public void TryDecode_ValidUtf8_RoundTripsThroughEncode()
    {
        var bytes = Encoding.UTF8.GetBytes("dir/naïve-文件-😀");

        Assert.Multiple(() =>
        {
            Assert.That(UnixPath.TryDecode(bytes, out var text), Is.True);
            Assert.That(UnixPath.Encode(text!), Is.EqualTo(bytes));
        });
    }

    [TestCase(new byte[] { 0x66, 0x6F, 0xFF })]
    [TestCase(new byte[] { 0xC3 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate is not UTF-8
    public void TryDecode_InvalidUtf8_GivesNoString(byte[] bytes)
    {
        Assert.That(UnixPath.TryDecode(bytes, out var text), Is.False);
        Assert.That(text, Is.Null);
    }

    [Test]
    public void Encode_UnpairedSurrogate_IsRefused()
    {
        Assert.That(() => UnixPath.Encode("a\uD800b"), Throws.ArgumentException);
    }

    [Test]
    public void ToDisplayString_EscapesOnlyTheInvalidBytes()
    {
        Assert.That(UnixPath.ToDisplayString([0x66, 0x6F, 0xFF, 0xC3, 0xA9, 0x00]), Is.EqualTo(@"fo\xFFé"));
    }

    [TestCase("dir", "name", "dir/name")]
    [TestCase("dir/", "name", "dir/name")]
    [TestCase("/", "etc", "/etc")]
    [TestCase("", "name", "name")]
    public void Join_PutsOneSeparatorBetween(string directory, string name, string expected)
    {
        Assert.That(UnixPath.Join(Encoding.UTF8.GetBytes(directory), Encoding.UTF8.GetBytes(name)), Is.EqualTo(Encoding.UTF8.GetBytes(expected)));
    }

    [TestCase("name", true)]
    [TestCase("..name", true)]
    [TestCase("", false)]
    [TestCase(".", false)]
    [TestCase("..", false)]
    [TestCase("a/b", false)]
    [TestCase("a\0b", false)]
    public void IsSingleComponent_AcceptsOnlyOneName(string name, bool expected)
    {
        Assert.That(UnixPath.IsSingleComponent(Encoding.UTF8.GetBytes(name)), Is.EqualTo(expected));
    }

    [TestCase(8u, 1u, 0x801ul)]
    [TestCase(1u, 3u, 0x103ul)]
    [TestCase(259u, 65536u, 0x1001_0300ul)]
    public void UnixDevice_EncodesLikeGlibcMakedev(uint major, uint minor, ulong expected)
    {
        var device = UnixDevice.Make(major, minor);

        Assert.Multiple(() =>
        {
            Assert.That(device, Is.EqualTo(expected));
            Assert.That(UnixDevice.Major(device), Is.EqualTo(major));
            Assert.That(UnixDevice.Minor(device), Is.EqualTo(minor));
        });
    }

    [Test]
    public void UnixDevice_RoundTripsWideNumbers()
    {
        var device = UnixDevice.Make(0xFFFF_FFFFu, 0xFFFF_FFFFu);

        Assert.Multiple(() =>
        {
            Assert.That(device, Is.EqualTo(ulong.MaxValue));
            Assert.That(UnixDevice.Major(device), Is.EqualTo(0xFFFF_FFFFu));
            Assert.That(UnixDevice.Minor(device), Is.EqualTo(0xFFFF_FFFFu));
        });
    }
}
