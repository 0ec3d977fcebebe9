using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.Resilience;
using Backup.Sdk.Testing;
using Backup.Sdk.Validation;

namespace Backup.Sdk.Storage.Tests.S3;

/// <summary>A repository on s3rver behind the fault injector and the resilience decorators.</summary>
[Category("Integration")]
public class S3ResilienceTests
{
    [Test]
    public async Task Repository_OnS3WithInjectedFaults_WritesReadsAndChecksClean()
    {
        using var s3 = await S3TestBuckets.CreateAsync("hosts/h1");
        var faulty = new FaultInjectingStorageBackend(s3, new FaultInjectionOptions
        {
            FailureRate = 0.1,
            UnacknowledgedWriteRate = 0.05,
            LostWriteRate = 0.05,
            TornWriteRate = 0.05,
            Seed = 11,
        });
        var storage = StorageResilience.Apply(faulty, new StorageResilienceOptions { MaxAttempts = 20, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });
        var contents = new List<byte[]>();
        for (var i = 0; i < 6; i++)
        {
            var content = new byte[200_000];
#pragma warning disable CA5394 // test data
            new Random(i).NextBytes(content);
#pragma warning restore CA5394
            contents.Add(content);
        }

        ContentId snapshotId;
        await using (var created = await BackupRepository.InitAsync(storage, "pw", new RepositoryInitOptions { Kdf = KdfParameters.ForTesting, PackSize = 256 * 1024 }, new RepositoryOptions { PacksPerIndexFile = 1 }))
        {
            var nodes = new List<TreeNode>();
            for (var i = 0; i < contents.Count; i++)
            {
                var blob = await created.Blobs.SaveAsync(BlobType.Data, contents[i]);
                nodes.Add(new TreeNode { Name = $"f{i}", Type = NodeType.File, Size = contents[i].Length, Content = [blob.Id] });
            }

            var tree = await created.Trees.SaveAsync(new Tree { Nodes = nodes });
            await created.Blobs.FlushAsync();
            snapshotId = await created.Snapshots.SaveAsync(new Snapshot { Time = DateTimeOffset.UnixEpoch, Hostname = "h", Paths = ["/"], Tree = tree.Id });
        }

        faulty.IsEnabled = false;
        await using var opened = await BackupRepository.OpenAsync(s3, "pw");
        await opened.Blobs.LoadIndexAsync();
        var root = await opened.Trees.LoadAsync((await opened.Snapshots.LoadAsync(snapshotId)).Tree);
        var check = await new RepositoryChecker(opened).CheckAsync(new CheckOptions { ReadData = true });

        Assert.Multiple(() =>
        {
            Assert.That(faulty.TotalInjectedFaults, Is.GreaterThan(0));
            Assert.That(check.IsHealthy, Is.True, string.Join("; ", check.Problems.Select(p => $"{p.Kind} {p.ObjectName}")));
        });
        for (var i = 0; i < contents.Count; i++)
        {
            Assert.That(await opened.Blobs.ReadAsync(BlobType.Data, root.Nodes[i].Content![0]), Is.EqualTo(contents[i]));
        }
    }
}
