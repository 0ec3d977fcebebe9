using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;

namespace Backup.Sdk.Tests.Repository;

public class BlobIndexTests
{
    [Test]
    public void BytesPerBlob_IsAtMost48()
    {
        Assert.That(BlobIndex.BytesPerBlob, Is.EqualTo(44));
    }

    [Test]
    public void TryGet_AfterMoreAddsThanTheMergeThreshold_FindsEveryBlob()
    {
        var index = new BlobIndex();
        var packs = Enumerable.Range(0, 1200).Select(p => Pack(p, 100)).ToList();

        index.Add(packs);

        Assert.That(index.Count, Is.EqualTo(120_000));
        foreach (var pack in packs.Where((_, i) => i % 37 == 0))
        {
            var blob = pack.Blobs[42];
            Assert.That(index.TryGet(blob.Id, out var location), Is.True);
            Assert.That(location.PackId, Is.EqualTo(pack.Id));
            Assert.That(location.Offset, Is.EqualTo(blob.Offset));
            Assert.That(location.Length, Is.EqualTo(blob.Length));
            Assert.That(location.Type, Is.EqualTo(blob.Type));
            Assert.That(location.PackSalt, Is.EqualTo(new ContentId(pack.Salt)));
        }

        Assert.That(index.Contains(Id(999_999, 1)), Is.False);
    }

    [Test]
    public void Add_SamePackTwice_CountsItOnce()
    {
        var index = new BlobIndex();
        var pack = Pack(1, 10);

        index.Add([pack]);
        index.Add([pack]);

        Assert.Multiple(() =>
        {
            Assert.That(index.Count, Is.EqualTo(10));
            Assert.That(index.PackCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void Add_BlobInTwoPacks_KeepsTheFirstLocation()
    {
        var index = new BlobIndex();
        var blob = new PackBlobEntry(BlobType.Data, Id(5, 5), 60, 100);
        var first = new IndexedPack(Id(1, 0), new byte[32], [blob]);
        var second = new IndexedPack(Id(2, 0), new byte[32], [new PackBlobEntry(BlobType.Data, Id(6, 6), 60, 50), blob with { Offset = 160 }]);

        index.Add([first, second]);

        Assert.That(index.TryGet(blob.Id, out var location), Is.True);
        Assert.That(location.PackId, Is.EqualTo(first.Id));
    }

    [Test]
    public void Codec_RoundTripsPacksAndSupersedes()
    {
        var packs = new[] { Pack(1, 3), Pack(2, 1) };
        var supersedes = new[] { Id(7, 7) };

        var decoded = IndexFileCodec.Decode(IndexFileCodec.Encode(supersedes, packs), "index/x");

        Assert.That(decoded.Supersedes, Is.EqualTo(supersedes));
        Assert.That(decoded.Packs.Select(p => p.Id), Is.EqualTo(packs.Select(p => p.Id)));
        Assert.That(decoded.Packs[0].Blobs, Is.EqualTo(packs[0].Blobs));
        Assert.That(decoded.Packs[1].Salt, Is.EqualTo(packs[1].Salt));
    }

    [TestCase(1)]
    [TestCase(50)]
    [TestCase(100)]
    public void Codec_Truncated_ThrowsCorruptObjectNamingTheFile(int cut)
    {
        var bytes = IndexFileCodec.Encode([], [Pack(1, 3)]);

        var ex = Assert.Throws<CorruptObjectException>(() => IndexFileCodec.Decode(bytes.AsSpan(0, bytes.Length - cut), "index/abc"));
        Assert.That(ex!.ObjectName, Is.EqualTo("index/abc"));
    }

    [Test]
    public void Codec_HugeDeclaredCount_ThrowsInsteadOfAllocating()
    {
        byte[] bytes = [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

        Assert.That(() => IndexFileCodec.Decode(bytes, "index/x"), Throws.TypeOf<CorruptObjectException>());
    }

    private static IndexedPack Pack(int pack, int blobs)
    {
        var entries = new PackBlobEntry[blobs];
        uint offset = 60;
        for (var b = 0; b < blobs; b++)
        {
            entries[b] = new PackBlobEntry(b % 3 == 0 ? BlobType.Tree : BlobType.Data, Id(pack, b + 1), offset, (uint)(100 + b));
            offset += (uint)(100 + b);
        }

        var salt = new byte[32];
        new Random(pack).NextBytes(salt);
        return new IndexedPack(Id(pack, 0), salt, entries);
    }

    private static ContentId Id(int a, int b)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(((long)a << 32) | (uint)b));
        return new ContentId(bytes);
    }
}
