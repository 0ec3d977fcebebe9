using System.Text;
using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Tests.Cryptography;

public class SealedFileTests
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("{\"version\":1,\"paths\":[\"/data\"]}");

    private MasterSecret _secret = null!;
    private RepositoryKeys _keys = null!;
    private RepositoryId _repository;

    [SetUp]
    public void SetUp()
    {
        _secret = TestSecrets.Fixed();
        _keys = new RepositoryKeys(_secret);
        _repository = TestSecrets.RepositoryId();
    }

    [TearDown]
    public void TearDown()
    {
        _keys.Dispose();
        _secret.Dispose();
    }

    [Test]
    public void Seal_ThenOpen_RoundTrips([Values] SealedFileType type)
    {
        var stored = SealedFile.Seal(_keys, type, _repository, Plaintext);

        var opened = SealedFile.Open(_keys, type, _repository, SealedFile.NameFor(type, stored), stored);

        Assert.That(opened, Is.EqualTo(Plaintext));
    }

    [Test]
    public void Seal_WritesTheDocumentedHeader()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Snapshot, _repository, Plaintext);

        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Length.EqualTo(56 + Plaintext.Length + 16));
            Assert.That(stored[..4], Is.EqualTo("BSDK"u8.ToArray()));
            Assert.That(stored[4], Is.EqualTo(3));
            Assert.That(stored[5], Is.EqualTo(1));
            Assert.That(stored[6..8], Is.EqualTo(new byte[2]));
            Assert.That(stored[8..24], Is.EqualTo(_repository.ToArray()));
        });
    }

    [Test]
    public void Seal_TwiceWithTheSamePlaintext_DrawsFreshSaltsAndCiphertexts()
    {
        var first = SealedFile.Seal(_keys, SealedFileType.Index, _repository, Plaintext);
        var second = SealedFile.Seal(_keys, SealedFileType.Index, _repository, Plaintext);

        Assert.Multiple(() =>
        {
            Assert.That(first[24..56], Is.Not.EqualTo(second[24..56]));
            Assert.That(first[56..], Is.Not.EqualTo(second[56..]));
        });
    }

    [Test]
    public void Seal_WithEmptyPlaintext_OpensToEmpty()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, []);

        Assert.That(SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(71)]
    public void Open_Truncated_ThrowsCorruptObjectNamingTheObject(int length)
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext)[..length];

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored),
            Throws.TypeOf<CorruptObjectException>().With.Property(nameof(CorruptObjectException.ObjectName)).EqualTo("config"));
    }

    [Test]
    public void Open_TruncatedByOneByte_ThrowsCorruptObject()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored.AsSpan(0, stored.Length - 1).ToArray()),
            Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public void Open_WithBadMagic_ThrowsCorruptObject()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        stored[1] = (byte)'X';

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored),
            Throws.TypeOf<CorruptObjectException>().With.Message.Contains("magic"));
    }

    // Each region: reserved header bytes, salt, ciphertext (first and last byte), tag.
    [TestCase(6, TestName = "Open_WithBitFlipInReservedHeaderBytes_ThrowsCorruptObjectNamingTheObject")]
    [TestCase(30, TestName = "Open_WithBitFlipInSalt_ThrowsCorruptObjectNamingTheObject")]
    [TestCase(56, TestName = "Open_WithBitFlipInCiphertextStart_ThrowsCorruptObjectNamingTheObject")]
    [TestCase(-17, TestName = "Open_WithBitFlipInCiphertextEnd_ThrowsCorruptObjectNamingTheObject")]
    [TestCase(-1, TestName = "Open_WithBitFlipInTag_ThrowsCorruptObjectNamingTheObject")]
    public void Open_WithBitFlip_ThrowsCorruptObjectNamingTheObject(int position)
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        stored[position >= 0 ? position : stored.Length + position] ^= 0x10;

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored),
            Throws.TypeOf<CorruptObjectException>()
                .With.Property(nameof(CorruptObjectException.ObjectName)).EqualTo("config")
                .And.Message.Contains("authentication"));
    }

    [Test]
    public void Open_AsAnotherType_ThrowsCorruptObject()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Index, _repository, Plaintext);
        var name = SealedFile.NameFor(SealedFileType.Snapshot, stored);

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Snapshot, _repository, name, stored),
            Throws.TypeOf<CorruptObjectException>().With.Property(nameof(CorruptObjectException.ObjectName)).EqualTo(name));
    }

    [Test]
    public void Open_WithTypeByteRewritten_FailsAuthentication()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Index, _repository, Plaintext);
        stored[4] = (byte)SealedFileType.Snapshot;

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Snapshot, _repository, SealedFile.NameFor(SealedFileType.Snapshot, stored), stored),
            Throws.TypeOf<CorruptObjectException>().With.Message.Contains("authentication"));
    }

    [Test]
    public void Open_OfAnotherRepository_ThrowsRepositoryMismatch()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        var other = TestSecrets.RepositoryId(99);

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, other, "config", stored),
            Throws.TypeOf<RepositoryMismatchException>()
                .With.Property(nameof(RepositoryMismatchException.ActualRepositoryId)).EqualTo(_repository.ToString())
                .And.Property(nameof(RepositoryMismatchException.ExpectedRepositoryId)).EqualTo(other.ToString()));
    }

    [Test]
    public void Open_WithVersion2_ThrowsUnsupportedFormatVersion()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        stored[5] = 2;

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, _repository, "config", stored),
            Throws.TypeOf<UnsupportedFormatVersionException>()
                .With.Property(nameof(UnsupportedFormatVersionException.Version)).EqualTo(2)
                .And.Property(nameof(UnsupportedFormatVersionException.ObjectName)).EqualTo("config"));
    }

    [Test]
    public void Open_WithVersion2AndOtherRepository_ReportsTheVersionFirst()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        stored[5] = 2;

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Config, TestSecrets.RepositoryId(99), "config", stored),
            Throws.TypeOf<UnsupportedFormatVersionException>());
    }

    [Test]
    public void Open_WithOtherKeys_ThrowsCorruptObject()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);
        using var otherSecret = TestSecrets.Fixed(5);
        using var otherKeys = new RepositoryKeys(otherSecret);

        Assert.That(
            () => SealedFile.Open(otherKeys, SealedFileType.Config, _repository, "config", stored),
            Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public void Open_IndexUnderANameThatIsNotItsHash_ThrowsCorruptObject()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Index, _repository, Plaintext);
        var wrongName = "index/" + new string('a', 64);

        Assert.That(
            () => SealedFile.Open(_keys, SealedFileType.Index, _repository, wrongName, stored),
            Throws.TypeOf<CorruptObjectException>().With.Message.Contains("SHA-256"));
    }

    [Test]
    public void ReadHeader_WithoutKeys_GivesTypeVersionAndRepository()
    {
        var stored = SealedFile.Seal(_keys, SealedFileType.Config, _repository, Plaintext);

        var header = SealedFile.ReadHeader("config", stored);

        Assert.That(header, Is.EqualTo(new SealedFileHeader(SealedFileType.Config, 1, _repository)));
    }
}
