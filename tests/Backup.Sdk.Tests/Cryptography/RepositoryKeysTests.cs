using System.Security.Cryptography;
using System.Text;
using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Tests.Cryptography;

public class RepositoryKeysTests
{
    [Test]
    public void ManualHkdf_MatchesRfc5869TestCase3_SoItCanServeAsTheIndependentPath()
    {
        // RFC 5869 A.3: SHA-256, 22 bytes of 0x0b, empty salt and info, 42 bytes out.
        var okm = ManualHkdf(Enumerable.Repeat((byte)0x0b, 22).ToArray(), [], 42);

        Assert.That(
            Convert.ToHexStringLower(okm),
            Is.EqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
    }

    [Test]
    public void Keys_AreHkdfOfTheMasterSecretWithTheDocumentedLabels()
    {
        using var secret = TestSecrets.Fixed();
        var master = secret.Bytes.ToArray();

        using var keys = new RepositoryKeys(secret);

        Assert.Multiple(() =>
        {
            Assert.That(keys.EncryptionKey.ToArray(), Is.EqualTo(ManualHkdf(master, Label("backup-sdk/v1/encryption"), 32)));
            Assert.That(keys.DataIdKey.ToArray(), Is.EqualTo(ManualHkdf(master, Label("backup-sdk/v1/data-id"), 32)));
            Assert.That(keys.TreeIdKey.ToArray(), Is.EqualTo(ManualHkdf(master, Label("backup-sdk/v1/tree-id"), 32)));
            Assert.That(keys.ChunkerKey.ToArray(), Is.EqualTo(ManualHkdf(master, Label("backup-sdk/v1/chunker"), 32)));
        });
    }

    [Test]
    public void Keys_AreAllDifferent()
    {
        using var secret = MasterSecret.Generate();
        using var keys = new RepositoryKeys(secret);

        var all = new[] { keys.EncryptionKey.ToArray(), keys.DataIdKey.ToArray(), keys.TreeIdKey.ToArray(), keys.ChunkerKey.ToArray() }
            .Select(Convert.ToHexString);

        Assert.That(all, Is.Unique);
    }

    [Test]
    public void Generate_DrawsADifferentSecretEachTime()
    {
        using var a = MasterSecret.Generate();
        using var b = MasterSecret.Generate();

        Assert.That(a.Bytes.ToArray(), Is.Not.EqualTo(b.Bytes.ToArray()));
    }

    [Test]
    public void MasterSecret_AfterDispose_ThrowsObjectDisposed()
    {
        var secret = MasterSecret.Generate();
        secret.Dispose();

        Assert.That(() => secret.Bytes.ToArray(), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void RepositoryKeys_AfterDispose_ThrowsObjectDisposed()
    {
        using var secret = MasterSecret.Generate();
        var keys = new RepositoryKeys(secret);
        keys.Dispose();

        Assert.That(() => keys.EncryptionKey.ToArray(), Throws.TypeOf<ObjectDisposedException>());
    }

    private static byte[] Label(string text) => Encoding.ASCII.GetBytes(text);

    // RFC 5869 written out with HMAC, independently of System.Security.Cryptography.HKDF.
    private static byte[] ManualHkdf(byte[] ikm, byte[] info, int length)
    {
        var prk = HMACSHA256.HashData(new byte[32], ikm); // an empty salt is HashLen zero bytes
        var output = new List<byte>();
        var previous = Array.Empty<byte>();
        for (byte counter = 1; output.Count < length; counter++)
        {
            byte[] block = [.. previous, .. info, counter];
            previous = HMACSHA256.HashData(prk, block);
            output.AddRange(previous);
        }

        return output.Take(length).ToArray();
    }
}
