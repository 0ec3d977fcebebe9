using Backup.Sdk.Compression;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

public class SharedPackWriterTests
{
    private const int PackSize = 256 * 1024;
    private static readonly RepositoryId RepositoryId = new(new byte[16]);
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
    public async Task SaveAsync_FromManyWorkersAtOnce_FillsOnePackAtATimeAndEveryBlobReadsBack()
    {
        var storage = new InMemoryStorageBackend();
        var blobs = Enumerable.Range(0, 240).Select(i => TestRepositories.RandomBytes(3_000 + (i * 173 % 20_000), i)).ToArray();
        var ids = new ContentId[blobs.Length];
        await using (var repository = await TestRepositories.InitAsync(storage, TestRepositories.SmallOptions(PackSize)))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, blobs.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                ids[i] = (await repository.Blobs.SaveAsync(BlobType.Data, blobs[i], ct)).Id;
            });
            await repository.Blobs.FlushAsync();
        }

        await using var reopened = await TestRepositories.OpenAsync(storage);
        await reopened.Blobs.LoadIndexAsync();
        for (var i = 0; i < blobs.Length; i++)
        {
            Assert.That(await reopened.Blobs.ReadAsync(BlobType.Data, ids[i]), Is.EqualTo(blobs[i]), $"blob {i}");
        }

        // One pack filled at a time: every pack but the last is closed only when the next blob would not fit, so none is
        // less than the target less the largest blob; writers per worker would leave up to 8 part-filled packs at the flush.
        var sizes = new List<long>();
        await foreach (var info in storage.ListAsync("data/"))
        {
            sizes.Add(info.Length);
        }

        var total = sizes.Sum();
        Assert.That(sizes.Count(s => s < PackSize - 24_000), Is.AtMost(1), $"pack sizes: {string.Join(", ", sizes)}");
        Assert.That(sizes.Count, Is.EqualTo((int)Math.Ceiling((double)total / PackSize)).Or.EqualTo((int)Math.Ceiling((double)total / PackSize) + 1));
    }

    [Test]
    public async Task SaveAsync_WhilePacksUploadSlowly_UploadsOneAtATime()
    {
        var storage = new SlowPackStorage(new InMemoryStorageBackend());
        var blobs = Enumerable.Range(0, 60).Select(i => TestRepositories.RandomBytes(20_000 + i, i)).ToArray();
        await using (var repository = await TestRepositories.InitAsync(storage, TestRepositories.SmallOptions(64 * 1024)))
        {
            await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (blob, ct) =>
            {
                await repository.Blobs.SaveAsync(BlobType.Data, blob, ct);
            });
            await repository.Blobs.FlushAsync();
        }

        Assert.That(storage.PackPuts, Is.GreaterThan(10));
        Assert.That(storage.MostPackPutsAtOnce, Is.EqualTo(1));
    }

    [Test]
    public void Seal_OfAnEarlierRecordFailingWhileALaterOneIsReserved_MarksThePackDamaged()
    {
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        var good = TestRepositories.RandomBytes(1000, 1);
        var bad = TestRepositories.RandomBytes(1000, 2);
        var goodPayload = Payload(good);
        var badPayload = Payload(bad);

        var first = writer.Reserve(BlobType.Data, _hasher.Compute(BlobType.Data, bad), badPayload.Length);
        var second = writer.Reserve(BlobType.Data, _hasher.Compute(BlobType.Data, good), goodPayload.Length);
        writer.Seal(second, SealBuffer(goodPayload), PackWriter.Checksum(good));

        // A checksum of other bytes: what a buffer changed between hashing and sealing looks like.
        Assert.That(() => writer.Seal(first, SealBuffer(badPayload), PackWriter.Checksum(good)), Throws.TypeOf<CorruptObjectException>());
        writer.Close();
        Assert.That(writer.Drained.IsCompleted, Is.True);
        Assert.That(() => writer.Finish(), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task Drained_AfterClose_WaitsForTheSealStillRunning()
    {
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        var content = TestRepositories.RandomBytes(1000, 3);
        var payload = Payload(content);
        var entry = writer.Reserve(BlobType.Data, _hasher.Compute(BlobType.Data, content), payload.Length);

        writer.Close();
        Assert.That(writer.Drained.IsCompleted, Is.False);
        Assert.That(() => writer.Finish(), Throws.InvalidOperationException);

        writer.Seal(entry, SealBuffer(payload), PackWriter.Checksum(content));
        await writer.Drained.WaitAsync(TimeSpan.FromSeconds(5));
        using var pack = writer.Finish();
        Assert.That(pack.Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Seal_WithARawScratch_DecompressesIntoItForVerification()
    {
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        var content = Compressible(100_000);
        var payload = Payload(content, ZstdCompressor.Default);
        var rawScratch = TestRepositories.RandomBytes(content.Length, 4);
        var entry = writer.Reserve(BlobType.Data, _hasher.Compute(BlobType.Data, content), payload.Length);

        writer.Seal(entry, SealBuffer(payload), PackWriter.Checksum(content), rawScratch);

        Assert.That(payload.Length, Is.LessThan(content.Length / 2), "the payload is compressed");
        Assert.That(rawScratch, Is.EqualTo(content), "verification decoded the blob into the scratch it was given");
        writer.Close();
        using var pack = writer.Finish();
        Assert.That(pack.Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Seal_WithARawScratchAndTheChecksumOfOtherBytes_RefusesTheBlob()
    {
        using var writer = new PackWriter(_keys, RepositoryId, Path.GetTempPath(), verify: true);
        var content = Compressible(100_000);
        var payload = Payload(content, ZstdCompressor.Default);
        var entry = writer.Reserve(BlobType.Data, _hasher.Compute(BlobType.Data, content), payload.Length);
        var otherChecksum = PackWriter.Checksum(Compressible(99_999));

        Assert.That(
            () => writer.Seal(entry, SealBuffer(payload), otherChecksum, new byte[content.Length]),
            Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task SaveReusingContentAsync_OfCompressibleContent_StoresItAndLeavesTheContentAsItWas()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var content = Compressible(300_000);
        var buffer = content.ToArray();

        var saved = await repository.Blobs.SaveReusingContentAsync(BlobType.Data, buffer, CancellationToken.None);
        await repository.Blobs.FlushAsync();

        Assert.That(saved.Added, Is.True);
        Assert.That(buffer, Is.EqualTo(content));
        Assert.That(await repository.Blobs.ReadAsync(BlobType.Data, saved.Id), Is.EqualTo(content));
    }

    /// <summary>Text-like bytes that zstd shrinks several times.</summary>
    private static byte[] Compressible(int length)
    {
        var content = new byte[length];
        var random = new Random(length);
        for (var i = 0; i < length; i++)
        {
            content[i] = (byte)('a' + random.Next(8));
        }

        return content;
    }

    /// <summary>The payload with room for the tag after it, as <see cref="PackWriter.Seal"/> takes it.</summary>
    private static byte[] SealBuffer(byte[] payload)
    {
        var buffer = new byte[PackWriter.SealBufferLength(payload.Length)];
        payload.CopyTo(buffer, 0);
        return buffer;
    }

    private static byte[] Payload(byte[] content, ICompressor? compressor = null)
    {
        var buffer = new byte[BlobPayload.GetMaxEncodedLength(content.Length, compressor)];
        var length = BlobPayload.Encode(content, compressor, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Takes 20 ms for each pack upload, and records how many ran at once.</summary>
    private sealed class SlowPackStorage(Backup.Sdk.Storage.IStorageBackend inner) : Backup.Sdk.Storage.IStorageBackend
    {
        private int _running;
        private int _most;
        private int _puts;

        public int MostPackPutsAtOnce => Volatile.Read(ref _most);

        public int PackPuts => Volatile.Read(ref _puts);

        public string Location => inner.Location;

        public async Task PutAsync(string name, ReadOnlyMemory<byte> content, Backup.Sdk.Storage.PutMode mode = Backup.Sdk.Storage.PutMode.Overwrite, CancellationToken cancellationToken = default)
        {
            if (!name.StartsWith("data/", StringComparison.Ordinal))
            {
                await inner.PutAsync(name, content, mode, cancellationToken);
                return;
            }

            var now = Interlocked.Increment(ref _running);
            Interlocked.Increment(ref _puts);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }

            try
            {
                await Task.Delay(20, cancellationToken);
                await inner.PutAsync(name, content, mode, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(name, offset, destination, cancellationToken);

        public IAsyncEnumerable<Backup.Sdk.Storage.StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task<Backup.Sdk.Storage.StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    }
}
