using System.Security.Cryptography;
using Backup.Sdk.Compression;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Tests.Repository;

public class PayloadPiecesTests
{
    private static readonly byte[] Key = new byte[32];

    [TestCase(1000)]
    [TestCase(PayloadPieces.PieceLength - 1)]
    [TestCase(PayloadPieces.PieceLength)]
    [TestCase((3 * PayloadPieces.PieceLength) + 17)]
    [TestCase(8 * 1024 * 1024)]
    public async Task EmitAsync_OfACompressedPayload_GivesTheContentInPiecesAndItsHash(int length)
    {
        var content = Compressible(length);
        var payload = Encode(content);
        var received = new MemoryStream();
        var pieces = 0;
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);

        var total = await PayloadPieces.EmitAsync(payload, 0, payload.Length, hash, (piece, _) =>
        {
            Assert.That(piece.Length, Is.InRange(1, PayloadPieces.PieceLength));
            received.Write(piece.Span);
            pieces++;
            return ValueTask.CompletedTask;
        }, "x", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(length));
            Assert.That(received.ToArray(), Is.EqualTo(content));
            Assert.That(pieces, Is.EqualTo((length + PayloadPieces.PieceLength - 1) / PayloadPieces.PieceLength));
            Assert.That(hash.GetHashAndReset(), Is.EqualTo(HMACSHA256.HashData(Key, content)));
        });
    }

    [Test]
    public void Hash_OfACompressedPayload_EqualsTheHashOfTheContent()
    {
        var content = Compressible(1_000_000);
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);

        Assert.That(PayloadPieces.Hash(Encode(content), hash, "x"), Is.EqualTo(content.Length));
        Assert.That(hash.GetHashAndReset(), Is.EqualTo(HMACSHA256.HashData(Key, content)));
    }

    private static IEnumerable<TestCaseData> Damaged()
    {
        var good = Encode(Compressible(600_000));
        yield return new TestCaseData(good[..^10]).SetName("Truncated frame");
        yield return new TestCaseData(good.Concat(new byte[] { 1, 2, 3 }).ToArray()).SetName("Bytes after the frame");
        var longer = good.ToArray();
        BitConverter.TryWriteBytes(longer.AsSpan(1), 600_001);
        yield return new TestCaseData(longer).SetName("Declares more than it holds");
        var shorter = good.ToArray();
        BitConverter.TryWriteBytes(shorter.AsSpan(1), 599_999);
        yield return new TestCaseData(shorter).SetName("Declares less than it holds");
        var garbage = good.ToArray();
        garbage.AsSpan(BlobPayload.CompressedHeaderLength, 16).Fill(0xAB);
        yield return new TestCaseData(garbage).SetName("Garbage frame");
    }

    [TestCaseSource(nameof(Damaged))]
    public void EmitAndHash_OfADamagedPayload_ThrowCorruptObjectException(byte[] payload)
    {
        using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);

        Assert.That(() => PayloadPieces.Hash(payload, hash, "pack"), Throws.TypeOf<CorruptObjectException>());
        Assert.That(
            async () => await PayloadPieces.EmitAsync(payload, 0, payload.Length, hash, (_, _) => ValueTask.CompletedTask, "pack", CancellationToken.None),
            Throws.TypeOf<CorruptObjectException>());
    }

    private static byte[] Encode(byte[] content)
    {
        var buffer = new byte[BlobPayload.GetMaxEncodedLength(content.Length, ZstdCompressor.Default)];
        var length = BlobPayload.Encode(content, ZstdCompressor.Default, buffer);
        Assert.That(BlobPayload.IsStored(buffer), Is.False, "the test content compresses");
        return buffer[..length];
    }

    private static byte[] Compressible(int length)
    {
        var content = new byte[length];
        var random = new Random(length);
        for (var i = 0; i < length; i++)
        {
            content[i] = (byte)('a' + random.Next(4));
        }

        return content;
    }
}
