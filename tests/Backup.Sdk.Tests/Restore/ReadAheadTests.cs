using System.Runtime.Versioning;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Restore;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.InMemory;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Restore;

/// <summary>How far a file's blobs are read ahead of the one being written: bounded by bytes, not only by count.</summary>
[SupportedOSPlatform("linux")]
public class ReadAheadTests
{
    private const int Small = 64 * 1024;

    [Test]
    public async Task ForEachPiece_WhileALargeBlobIsHandedOut_ReadsNothingAhead()
    {
        var (repository, storage, node, content) = await FileOfAsync([Small, FileContent.ReadAheadBytes + 1, Small, Small]);
        await using (repository)
        {
            var readsWhenHandedOut = await ReadsPerPieceAsync(repository, storage, node);

            // Blob 0 (small): blob 1 is already being read. Blob 1 (large): nothing more, so only blobs 0 and 1 have been read.
            Assert.That(readsWhenHandedOut, Is.EqualTo(new[] { 2, 2, 4, 4 }));
        }
    }

    [Test]
    public async Task ForEachPiece_OfSmallBlobs_ReadsTheNextAheadAndDeliversTheContentInOrder()
    {
        var (repository, storage, node, content) = await FileOfAsync([Small, Small + 1, Small + 2]);
        await using (repository)
        {
            var readsWhenHandedOut = await ReadsPerPieceAsync(repository, storage, node);
            var restored = new MemoryStream();
            await FileContent.ForEachPieceAsync(repository.Blobs, node, (piece, offset, _) =>
            {
                Assert.That(offset, Is.EqualTo(restored.Length));
                restored.Write(piece.Span);
                return ValueTask.CompletedTask;
            }, CancellationToken.None);

            Assert.That(readsWhenHandedOut, Is.EqualTo(new[] { 2, 3, 3 }));
            Assert.That(restored.ToArray(), Is.EqualTo(content));
        }
    }

    private static async Task<List<int>> ReadsPerPieceAsync(BackupRepository repository, CountingStorage storage, TreeNode node)
    {
        var reads = new List<int>();
        var before = storage.Reads;
        await FileContent.ForEachPieceAsync(repository.Blobs, node, (_, _, _) =>
        {
            reads.Add(storage.Reads - before);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return reads;
    }

    private static async Task<(BackupRepository Repository, CountingStorage Storage, TreeNode Node, byte[] Content)> FileOfAsync(int[] blobLengths)
    {
        var storage = new CountingStorage(new InMemoryStorageBackend());
        var repository = await TestRepositories.InitAsync(storage, TestRepositories.SmallOptions(packSize: 8 * 1024 * 1024));
        var content = TestRepositories.RandomBytes(blobLengths.Sum(), 11);
        var ids = new List<ContentId>();
        var offset = 0;
        foreach (var length in blobLengths)
        {
            ids.Add((await repository.Blobs.SaveAsync(BlobType.Data, content.AsMemory(offset, length))).Id);
            offset += length;
        }

        await repository.Blobs.FlushAsync();
        var node = new TreeNode { Name = "f", Type = NodeType.File, Size = content.Length, Content = ids };
        return (repository, storage, node, content);
    }

    /// <summary>Counts ranged reads (each blob read is one).</summary>
    private sealed class CountingStorage(IStorageBackend inner) : IStorageBackend
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public string Location => inner.Location;

        public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
            inner.PutAsync(name, content, mode, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);

        public Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAsync(name, offset, destination, cancellationToken);
        }

        public IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) => inner.StatAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    }
}
