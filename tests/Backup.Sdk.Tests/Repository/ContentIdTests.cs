using Backup.Sdk.Repository;

namespace Backup.Sdk.Tests.Repository;

public class ContentIdTests
{
    [Test]
    public void Parse_ThenToString_RoundTrips()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray();
        var id = new ContentId(bytes);

        var parsed = ContentId.Parse(id.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(id));
            Assert.That(parsed.ToArray(), Is.EqualTo(bytes));
            Assert.That(id.ToString(), Has.Length.EqualTo(64));
            Assert.That(id.ToShortString(), Is.EqualTo(id.ToString()[..8]));
        });
    }

    [TestCase("")]
    [TestCase("zz")]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00")]
    public void TryParse_RejectsMalformedText(string text)
    {
        Assert.That(ContentId.TryParse(text, out _), Is.False);
    }

    [Test]
    public void CompareTo_OrdersLikeTheBytes()
    {
        var low = new byte[32];
        var high = new byte[32];
        low[31] = 0xFF;
        high[0] = 0x01;

        Assert.That(new ContentId(low), Is.LessThan(new ContentId(high)));
    }
}
