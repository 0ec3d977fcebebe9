using Backup.Sdk.Compression;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

public class PackTests
{
    private static readonly RepositoryId RepositoryId = new(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
    private MasterSecret _secret = null!;
    private RepositoryKeys _keys = null!;
    private ContentIdHasher _hasher = null!;

    [SetUp]
    public void SetUp()
    {
        _secret = MasterSecret.Generate();
        _keys = new RepositoryKeys(_secret);
        _hasher = new ContentIdHasher(_keys);
    }

    [TearDown]
    public void TearDown()
    {
        _hasher.Dispose();
        _keys.Dispose();
        _secret.Dispose();
    }

    [Test]
    public async Task ReadHeaderAsync_WithoutAnyIndex_ListsEveryBlobAndEachOpens()
    {
        var (storage, pack, blobs) = await WritePackAsync(5);

        var contents = await PackReader.ReadHeaderAsync(storage, _keys, RepositoryId, pack.Id, CancellationToken.None);

        Assert.That(contents.Entries.Select(e => e.Id), Is.EqualTo(blobs.Select(b => _hasher.Compute(BlobType.Data, b))));
        var name = PackLayout.NameOf(pack.Id);
        for (var i = 0; i < blobs.Count; i++)
        {
            var entry = contents.Entries[i];
            var record = new byte[entry.Length];
            await storage.ReadAsync(name, entry.Offset, record);
            Assert.That(PackReader.OpenBlob(_keys, _hasher, contents.Salt, entry.Type, entry.Id, entry.Offset, record, name), Is.EqualTo(blobs[i]));
        }
    }

    [Test]
    public async Task OpenBlob_WithABitFlippedInTheRecord_ThrowsCorruptObjectNamingThePack()
    {
        var (storage, pack, _) = await WritePackAsync(2);
        var name = PackLayout.NameOf(pack.Id);
        var entry = pack.Entries[1];
        var record = new byte[entry.Length];
        await storage.ReadAsync(name, entry.Offset, record);
        record[record.Length / 2] ^= 0x10;

        var ex = Assert.Throws<CorruptObjectException>(() => PackReader.OpenBlob(_keys, _hasher, pack.Salt, entry.Type, entry.Id, entry.Offset, record, name));
        Assert.That(ex!.ObjectName, Is.EqualTo(name));
    }

    [Test]
    public async Task OpenBlob_AtAnotherOffset_FailsToAuthenticate()
    {
        var (storage, pack, _) = await WritePackAsync(1);
        var entry = pack.Entries[0];
        var record = new byte[entry.Length];
        await storage.ReadAsync(PackLayout.NameOf(pack.Id), entry.Offset, record);

        Assert.That(() => PackReader.OpenBlob(_keys, _hasher, pack.Salt, entry.Type, entry.Id, entry.Offset + 1, record, "p"), Throws.TypeOf<CorruptObjectException>());
    }

    [TestCase(0)]
    [TestCase(20)]
    [TestCase(-3)]
    public async Task ReadHeaderAsync_WithDamage_ThrowsCorruptObject(int flipAt)
    {
        var (storage, pack, _) = await WritePackAsync(3);
        var name = PackLayout.NameOf(pack.Id);
        var bytes = await storage.GetAsync(name);
        bytes[flipAt >= 0 ? flipAt : bytes.Length + flipAt] ^= 0x01;
        await storage.PutAsync(name, bytes);

        Assert.That(() => PackReader.ReadHeaderAsync(storage, _keys, RepositoryId, pack.Id, CancellationToken.None), Throws.InstanceOf<BackupException>());
    }

    [Test]
    public async Task ReadHeaderAsync_Truncated_ThrowsCorruptObject()
    {
        var (storage, pack, _) = await WritePackAsync(3);
        var name = PackLayout.NameOf(pack.Id);
        var bytes = await storage.GetAsync(name);
        await storage.PutAsync(name, bytes.AsMemory(0, bytes.Length - 7));

        Assert.That(() => PackReader.ReadHeaderAsync(storage, _keys, RepositoryId, pack.Id, CancellationToken.None), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task ReadHeaderAsync_NewerFormatVersion_ThrowsUnsupportedFormatVersion()
    {
        var (storage, pack, _) = await WritePackAsync(1);
        var name = PackLayout.NameOf(pack.Id);
        var bytes = await storage.GetAsync(name);
        bytes[8] = 2;
        await storage.PutAsync(name, bytes);

        Assert.That(() => PackReader.ReadHeaderAsync(storage, _keys, RepositoryId, pack.Id, CancellationToken.None), Throws.TypeOf<UnsupportedFormatVersionException>());
    }

    [Test]
    public void Add_WhenTheCompressorProducesGarbage_RefusesTheBlobBeforeItIsStored()
    {
        var broken = new GarbageCompressor();
        var content = new byte[4096];
        var payload = new byte[BlobPayload.GetMaxEncodedLength(content.Length, broken)];
        var length = BlobPayload.Encode(content, broken, payload);
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);

        Assert.That(() => writer.Add(BlobType.Data, _hasher.Compute(BlobType.Data, content), payload.AsSpan(0, length), PackWriter.Checksum(content)), Throws.TypeOf<CorruptObjectException>());
        Assert.That(writer.Count, Is.Zero);
    }

    [Test]
    public void Add_WhenTheContentChangedAfterItsIdWasTaken_RefusesTheBlob()
    {
        var content = TestRepositories.RandomBytes(4096, 5);
        var id = _hasher.Compute(BlobType.Data, content);
        var checksum = PackWriter.Checksum(content);
        content[100] ^= 1; // a pooled buffer reused too early, say
        var payload = new byte[BlobPayload.GetMaxEncodedLength(content.Length, null)];
        var length = BlobPayload.Encode(content, null, payload);
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);

        Assert.That(() => writer.Add(BlobType.Data, id, payload.AsSpan(0, length), checksum), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public void Decode_PayloadDeclaringMoreThanTheCap_ThrowsWithoutAllocating()
    {
        byte[] payload = [1, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3];

        Assert.That(() => BlobPayload.Decode(payload, "x"), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public void Finish_PackIdIsTheSha256OfItsBytes()
    {
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        writer.Add(BlobType.Data, _hasher.Compute(BlobType.Data, [9]), [0, 9], PackWriter.Checksum([9]));

        using var pack = writer.Finish();

        Assert.That(pack.Id, Is.EqualTo(new ContentId(System.Security.Cryptography.SHA256.HashData(ReadAll(pack)))));
    }

    private async Task<(InMemoryStorageBackend Storage, FinishedPack Pack, List<byte[]> Blobs)> WritePackAsync(int count)
    {
        var storage = new InMemoryStorageBackend();
        var blobs = Enumerable.Range(0, count).Select(i => TestRepositories.RandomBytes(3000 + i, i)).ToList();
        var compressor = new ZstdCompressor(3);
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        foreach (var blob in blobs)
        {
            var payload = new byte[BlobPayload.GetMaxEncodedLength(blob.Length, compressor)];
            var length = BlobPayload.Encode(blob, compressor, payload);
            writer.Add(BlobType.Data, _hasher.Compute(BlobType.Data, blob), payload.AsSpan(0, length), PackWriter.Checksum(blob));
        }

        var pack = writer.Finish();
        await storage.PutAsync(PackLayout.NameOf(pack.Id), ReadAll(pack));
        return (storage, pack, blobs);
    }

    private static byte[] ReadAll(FinishedPack pack)
    {
        using var stream = pack.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.That(copy.Length, Is.EqualTo(pack.Length));
        return copy.ToArray();
    }

    /// <summary>Claims zstd but writes bytes that are not a zstd frame: what a buggy compression library could do.</summary>
    private sealed class GarbageCompressor : ICompressor
    {
        public CompressionAlgorithm Algorithm => CompressionAlgorithm.Zstd;

        public int GetMaxCompressedLength(int sourceLength) => sourceLength + 64;

        public int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            destination[..10].Fill(0xAB);
            return 10;
        }

        public void Decompress(ReadOnlySpan<byte> source, Span<byte> destination) => throw new InvalidDataException("garbage");
    }
}
