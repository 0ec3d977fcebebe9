using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Index;
using Backup.Sdk.Repository.Packs;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Tests.Support;

namespace Backup.Sdk.Tests.Validation;

/// <summary>Builds repository content directly with the repository API: data blobs, trees bottom-up, flushes and snapshots.</summary>
internal sealed class TestRepositoryBuilder(BackupRepository repository)
{
    private int _seed = 1;

    public BackupRepository Repository => repository;

    /// <summary>Stores random (incompressible) data of a given length as one data blob.</summary>
    public async Task<ContentId> DataAsync(int length = 20_000) =>
        (await repository.Blobs.SaveAsync(BlobType.Data, TestRepositories.RandomBytes(length, _seed++))).Id;

    public static TreeNode File(string name, params ContentId[] content) =>
        new() { Name = name, Type = NodeType.File, Mode = 0x81A4, Size = content.Length * 20_000L, Content = content };

    public static TreeNode Directory(string name, ContentId subtree) =>
        new() { Name = name, Type = NodeType.Directory, Mode = 0x41ED, Subtree = subtree };

    public async Task<ContentId> TreeAsync(params TreeNode[] nodes) =>
        (await repository.Trees.SaveAsync(new Tree { Nodes = nodes })).Id;

    /// <summary>Uploads what is pending as one pack and writes one index file listing it.</summary>
    public Task FlushAsync() => repository.Blobs.FlushAsync();

    public async Task<ContentId> SnapshotAsync(ContentId rootTree, string path, int minute) =>
        await repository.Snapshots.SaveAsync(new Snapshot
        {
            Time = new DateTimeOffset(2026, 1, 1, 0, minute, 0, TimeSpan.Zero),
            Hostname = "test-host",
            Paths = [path],
            Tree = rootTree,
        });

    /// <summary>The pack that the (builder's) in-memory index says holds a blob, and where.</summary>
    public BlobLocation Locate(ContentId blobId) =>
        repository.Blobs.Index.TryGet(blobId, out var location) ? location : throw new InvalidOperationException($"blob {blobId} is not indexed");

    public string PackOf(ContentId blobId) => PackLayout.NameOf(Locate(blobId).PackId);

    /// <summary>The index file that lists a pack.</summary>
    public async Task<string> IndexFileListingAsync(string packName)
    {
        await foreach (var id in repository.Blobs.ListIndexFilesAsync(CancellationToken.None))
        {
            var contents = await repository.Blobs.LoadIndexFileAsync(id, CancellationToken.None);
            if (contents.Packs.Any(p => PackLayout.NameOf(p.Id) == packName))
            {
                return "index/" + id;
            }
        }

        throw new InvalidOperationException($"no index file lists {packName}");
    }

    /// <summary>
    /// Replaces the index file that lists <paramref name="packName"/> by a validly sealed one in which <paramref name="edit"/>
    /// changed that pack's blob list: an index that disagrees with the pack without being damaged itself.
    /// </summary>
    public async Task RewriteIndexAsync(string packName, Func<IReadOnlyList<PackBlobEntry>, IReadOnlyList<PackBlobEntry>> edit)
    {
        var indexName = await IndexFileListingAsync(packName);
        var contents = await repository.Blobs.LoadIndexFileAsync(ContentId.Parse(indexName["index/".Length..]), CancellationToken.None);
        var packs = contents.Packs.Select(p => PackLayout.NameOf(p.Id) == packName ? p with { Blobs = edit(p.Blobs) } : p).ToList();
        using var key = await new KeyStore(repository.Storage).OpenAsync(TestRepositories.Password);
        using var keys = new RepositoryKeys(key.Secret);
        var files = new SealedFileStore(repository.Storage, keys, key.RepositoryId);
        await files.SaveAsync(SealedFileType.Index, "index", IndexFileCodec.Encode([], packs), CancellationToken.None);
        await repository.Storage.DeleteAsync(indexName);
    }
}
