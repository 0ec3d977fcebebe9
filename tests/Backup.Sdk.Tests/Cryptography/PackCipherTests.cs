using System.Security.Cryptography;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;

namespace Backup.Sdk.Tests.Cryptography;

public class PackCipherTests
{
    private const long Offset = 60;

    private static readonly byte[] Payload = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
    private static readonly ContentId Id = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly ContentId OtherId = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private MasterSecret _secret = null!;
    private RepositoryKeys _keys = null!;
    private byte[] _salt = null!;

    [SetUp]
    public void SetUp()
    {
        _secret = TestSecrets.Fixed();
        _keys = new RepositoryKeys(_secret);
        _salt = ObjectKey.NewSalt();
    }

    [TearDown]
    public void TearDown()
    {
        _keys.Dispose();
        _secret.Dispose();
    }

    [Test]
    public void SealBlob_ThenOpenBlob_RoundTrips()
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);

        using var cipher = new PackCipher(_keys, _salt);
        var payload = new byte[record.Length - PackCipher.RecordOverhead];
        cipher.OpenBlob(BlobType.Data, Id, Offset, record, payload);

        Assert.Multiple(() =>
        {
            Assert.That(record, Has.Length.EqualTo(Payload.Length + 16));
            Assert.That(payload, Is.EqualTo(Payload));
        });
    }

    [Test]
    public void SealBlob_IsAesGcmUnderTheHkdfObjectKeyWithTheDocumentedNonceAndAad()
    {
        var record = Seal(_salt, BlobType.Tree, Id, 0x0102030405);

        var objectKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys.EncryptionKey.ToArray(), 32, _salt, "backup-sdk/v1/object"u8.ToArray());
        byte[] nonce = [0x05, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0];
        byte[] aad = [(byte)BlobType.Tree, .. Id.ToArray()];
        var expected = new byte[Payload.Length + 16];
        using (var aes = new AesGcm(objectKey, 16))
        {
            aes.Encrypt(nonce, Payload, expected.AsSpan(0, Payload.Length), expected.AsSpan(Payload.Length), aad);
        }

        Assert.That(record, Is.EqualTo(expected));
    }

    [Test]
    public void OpenBlob_AsAnotherType_FailsAuthentication()
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);

        Assert.That(() => Open(_salt, BlobType.Tree, Id, Offset, record), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void OpenBlob_AsAnotherId_FailsAuthentication()
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);

        Assert.That(() => Open(_salt, BlobType.Data, OtherId, Offset, record), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void OpenBlob_AtAnotherOffset_FailsAuthentication()
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);

        Assert.That(() => Open(_salt, BlobType.Data, Id, Offset + 1, record), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void OpenBlob_WithAnotherPacksSalt_FailsAuthentication()
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);

        Assert.That(() => Open(ObjectKey.NewSalt(), BlobType.Data, Id, Offset, record), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void OpenBlob_WithBitFlipInCiphertextOrTag_ThrowsAuthenticationTagMismatch([Values(0, 999, 1000, 1015)] int position)
    {
        var record = Seal(_salt, BlobType.Data, Id, Offset);
        record[position] ^= 0x01;

        Assert.That(() => Open(_salt, BlobType.Data, Id, Offset, record), Throws.TypeOf<AuthenticationTagMismatchException>());
    }

    [Test]
    public void OpenBlob_WithRecordShorterThanTag_ThrowsCryptographicException()
    {
        Assert.That(() => Open(_salt, BlobType.Data, Id, Offset, new byte[15]), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void SealBlob_OfTheSamePlaintextInTwoPacks_GivesDifferentCiphertext()
    {
        var first = Seal(ObjectKey.NewSalt(), BlobType.Data, Id, Offset);
        var second = Seal(ObjectKey.NewSalt(), BlobType.Data, Id, Offset);

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void SealBlob_WithTooSmallDestination_ThrowsArgumentException()
    {
        using var cipher = new PackCipher(_keys, _salt);

        Assert.That(
            () => cipher.SealBlob(BlobType.Data, Id, Offset, Payload, new byte[Payload.Length + 15]),
            Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void SealHeader_ThenOpenHeader_RoundTripsAndBindsTheAad()
    {
        var header = new byte[] { 1, 2, 3, 4, 5 };
        var aad = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        using var cipher = new PackCipher(_keys, _salt);
        var sealedHeader = new byte[header.Length + PackCipher.RecordOverhead];
        cipher.SealHeader(header, aad, sealedHeader);

        var opened = new byte[header.Length];
        cipher.OpenHeader(sealedHeader, aad, opened);
        var otherAad = aad.ToArray();
        otherAad[12] ^= 1;

        Assert.Multiple(() =>
        {
            Assert.That(opened, Is.EqualTo(header));
            Assert.That(() => cipher.OpenHeader(sealedHeader, otherAad, new byte[header.Length]), Throws.InstanceOf<CryptographicException>());
        });
    }

    [Test]
    public void SealHeader_UsesTheAllOnesNonce_SoItCannotBeOpenedAsABlobRecord()
    {
        var header = new byte[] { 9, 9, 9 };
        using var cipher = new PackCipher(_keys, _salt);
        var sealedHeader = new byte[header.Length + PackCipher.RecordOverhead];
        cipher.SealHeader(header, [], sealedHeader);

        var objectKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys.EncryptionKey.ToArray(), 32, _salt, "backup-sdk/v1/object"u8.ToArray());
        using var aes = new AesGcm(objectKey, 16);
        var opened = new byte[header.Length];
        aes.Decrypt(Enumerable.Repeat((byte)0xFF, 12).ToArray(), sealedHeader.AsSpan(0, 3), sealedHeader.AsSpan(3), opened, []);

        Assert.That(opened, Is.EqualTo(header));
    }

    private byte[] Seal(byte[] salt, BlobType type, ContentId id, long offset)
    {
        using var cipher = new PackCipher(_keys, salt);
        var record = new byte[Payload.Length + PackCipher.RecordOverhead];
        var written = cipher.SealBlob(type, id, offset, Payload, record);
        Assert.That(written, Is.EqualTo(record.Length));
        return record;
    }

    private void Open(byte[] salt, BlobType type, ContentId id, long offset, byte[] record)
    {
        using var cipher = new PackCipher(_keys, salt);
        cipher.OpenBlob(type, id, offset, record, new byte[Math.Max(0, record.Length - PackCipher.RecordOverhead)]);
    }
}
