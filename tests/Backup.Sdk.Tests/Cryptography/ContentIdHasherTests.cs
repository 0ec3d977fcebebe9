using System.Security.Cryptography;
using System.Text;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Tests.Cryptography;

public class ContentIdHasherTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("the same bytes, twice");

    [Test]
    public void Compute_IsTheHmacOfThePlaintextUnderTheTypesKey()
    {
        using var secret = TestSecrets.Fixed();
        using var keys = new RepositoryKeys(secret);
        using var hasher = new ContentIdHasher(secret);

        Assert.Multiple(() =>
        {
            Assert.That(hasher.Compute(BlobType.Data, Content).ToArray(), Is.EqualTo(HMACSHA256.HashData(keys.DataIdKey, Content)));
            Assert.That(hasher.Compute(BlobType.Tree, Content).ToArray(), Is.EqualTo(HMACSHA256.HashData(keys.TreeIdKey, Content)));
        });
    }

    [Test]
    public void Compute_ForTheSameContent_DiffersBetweenDataAndTree()
    {
        using var secret = TestSecrets.Fixed();
        using var hasher = new ContentIdHasher(secret);

        Assert.That(hasher.Compute(BlobType.Data, Content), Is.Not.EqualTo(hasher.Compute(BlobType.Tree, Content)));
    }

    [Test]
    public void Compute_ForTheSameContent_DiffersBetweenTwoSecrets()
    {
        using var first = TestSecrets.Fixed(1);
        using var second = TestSecrets.Fixed(2);
        using var a = new ContentIdHasher(first);
        using var b = new ContentIdHasher(second);

        Assert.Multiple(() =>
        {
            Assert.That(a.Compute(BlobType.Data, Content), Is.Not.EqualTo(b.Compute(BlobType.Data, Content)));
            Assert.That(a.Compute(BlobType.Data, Content), Is.Not.EqualTo(new ContentId(SHA256.HashData(Content))));
        });
    }

    [Test]
    public void Compute_IsDeterministicAndAgreesBetweenConstructors()
    {
        using var secret = TestSecrets.Fixed();
        using var keys = new RepositoryKeys(secret);
        using var fromSecret = new ContentIdHasher(secret);
        using var fromKeys = new ContentIdHasher(keys);

        Assert.That(fromSecret.Compute(BlobType.Tree, Content), Is.EqualTo(fromKeys.Compute(BlobType.Tree, Content)));
    }

    [Test]
    public void Compute_WithUndefinedType_Throws()
    {
        using var secret = TestSecrets.Fixed();
        using var hasher = new ContentIdHasher(secret);

        Assert.That(() => hasher.Compute((BlobType)9, Content), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
