using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Repository;

/// <summary>Blobs opened into pooled arrays (restore, check --read-data) authenticate and hash exactly like ReadAsync.</summary>
public class RentedBlobReadTests
{
    [Test]
    public async Task ReadRentedAsync_CompressibleAndRandomBlobs_ReturnTheSameBytesAsReadAsync()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        byte[][] contents = [TestRepositories.RandomBytes(100_000, 1), new byte[200_000], [42]];
        var ids = new List<ContentId>();
        foreach (var content in contents)
        {
            ids.Add((await repository.Blobs.SaveAsync(BlobType.Data, content)).Id);
        }

        await repository.Blobs.FlushAsync();

        for (var i = 0; i < contents.Length; i++)
        {
            using var rented = await repository.Blobs.ReadRentedAsync(BlobType.Data, ids[i], CancellationToken.None);
            Assert.That(rented.Memory.ToArray(), Is.EqualTo(contents[i]));
            Assert.That(rented.Length, Is.EqualTo(contents[i].Length));
        }
    }

    [TestCase(false, TestName = "ReadRentedAsync_DamagedStoredRecord_ThrowsCorruptObject")]
    [TestCase(true, TestName = "ReadRentedAsync_DamagedCompressedRecord_ThrowsCorruptObject")]
    public async Task ReadRentedAsync_DamagedRecord_ThrowsCorruptObject(bool compressible)
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var content = compressible ? new byte[50_000] : TestRepositories.RandomBytes(50_000, 3);
        var id = (await repository.Blobs.SaveAsync(BlobType.Data, content)).Id;
        await repository.Blobs.FlushAsync();
        Assert.That(repository.Blobs.Index.TryGet(id, out var location), Is.True);
        storage.Corrupt(PackLayout.NameOf(location.PackId), location.Offset + (location.Length / 2));

        Assert.That(() => repository.Blobs.ReadRentedAsync(BlobType.Data, id, CancellationToken.None), Throws.TypeOf<CorruptObjectException>());
    }

    [Test]
    public async Task ReadRentedAsync_AsTheWrongType_ThrowsCorruptObject()
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var id = (await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(1000, 4))).Id;
        await repository.Blobs.FlushAsync();

        Assert.That(() => repository.Blobs.ReadRentedAsync(BlobType.Tree, id, CancellationToken.None), Throws.TypeOf<CorruptObjectException>());
    }

    [TestCase(false, TestName = "VerifyBlobRecordInPlace_StoredRecord_PassesIntactAndRejectsAFlippedBit")]
    [TestCase(true, TestName = "VerifyBlobRecordInPlace_CompressedRecord_PassesIntactAndRejectsAFlippedBit")]
    public async Task VerifyBlobRecordInPlace_PassesIntactAndRejectsAFlippedBit(bool compressible)
    {
        var storage = new InMemoryStorageBackend();
        await using var repository = await TestRepositories.InitAsync(storage);
        var content = compressible ? new byte[30_000] : TestRepositories.RandomBytes(30_000, 5);
        var id = (await repository.Blobs.SaveAsync(BlobType.Data, content)).Id;
        await repository.Blobs.FlushAsync();
        Assert.That(repository.Blobs.Index.TryGet(id, out var location), Is.True);
        var name = PackLayout.NameOf(location.PackId);
        var stored = storage[name]!.AsSpan((int)location.Offset, (int)location.Length).ToArray();
        var salt = new byte[ContentId.Size];
        location.PackSalt.WriteTo(salt);
        var entry = new PackBlobEntry(BlobType.Data, id, location.Offset, location.Length);

        var intact = stored.ToArray();
        Assert.That(() => repository.Blobs.VerifyBlobRecordInPlace(salt, entry, intact, name), Throws.Nothing);

        var damaged = stored.ToArray();
        damaged[^1] ^= 1;
        Assert.That(() => repository.Blobs.VerifyBlobRecordInPlace(salt, entry, damaged, name), Throws.TypeOf<CorruptObjectException>());
    }
}
