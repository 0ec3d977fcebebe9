using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Storage;

public class StorageNamesTests
{
    [TestCase("config")]
    [TestCase("data/ab/abcd")]
    [TestCase("a.b/c-d_e")]
    [TestCase("x.")]
    public void IsValid_AcceptsNames(string name) => Assert.That(StorageNames.IsValid(name), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase(".tmp")]
    [TestCase(".tmp/x")]
    [TestCase("data/.partial")]
    [TestCase("a/..b")]
    [TestCase("/abs")]
    [TestCase("a//b")]
    [TestCase("a/")]
    [TestCase("a\\b")]
    public void IsValid_RejectsNames(string? name) => Assert.That(StorageNames.IsValid(name), Is.False);

    [Test]
    public void IsValid_RejectsOverlongNames() =>
        Assert.That(StorageNames.IsValid(new string('a', StorageNames.MaxLength + 1)), Is.False);

    [TestCase("")]
    [TestCase("data/")]
    [TestCase("data/a")]
    public void ValidatePrefix_AcceptsPrefixes(string prefix) => Assert.DoesNotThrow(() => StorageNames.ValidatePrefix(prefix));

    [TestCase(".tmp/")]
    [TestCase("/")]
    [TestCase("data//")]
    public void ValidatePrefix_RejectsPrefixes(string prefix) =>
        Assert.Throws<ArgumentException>(() => StorageNames.ValidatePrefix(prefix));
}
