using Backup.Sdk.Volumes;

namespace Backup.Sdk.Tests.Volumes;

/// <summary>
/// Snapshots taken while writers are running: each snapshot must equal the volume after some prefix of every writer's
/// writes (a write is wholly before or wholly after the snapshot), and keep reading so while the writers go on.
/// </summary>
[TestFixtureSource(typeof(VolumeTestDirectory), nameof(VolumeTestDirectory.Kinds))]
public class SnapshotAtomicityTests(SnapshotProviderKind kind)
{
    private const int BlockSize = 4096;
    private const int Blocks = 128;
    private const int Writers = 4;
    private const int WritesPerWriter = 40;
    private VolumeTestDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task SnapshotsTakenDuringConcurrentWrites_EachHoldAPrefixOfEveryWritersWrites()
    {
        await using var volume = new SnapshotVolumeFactory().Create(_directory.PathOf("vol"), new VolumeGeometry(BlockSize, Blocks), kind);

        // Writer w owns blocks w, w + 4, ... and writes one block at a time in a known order.
        var plans = Enumerable.Range(0, Writers).Select(w =>
        {
            var random = new Random(100 + w);
            return Enumerable.Range(0, WritesPerWriter)
                .Select(_ => (Block: (long)((random.Next(Blocks / Writers) * Writers) + w), Data: VolumeTestDirectory.Pattern(1, BlockSize, random)))
                .ToArray();
        }).ToArray();
        // Every writer pauses once, half-way, until a snapshot has been taken while all of them stand there: so at least
        // one snapshot falls in the middle of the writes, however the machine schedules the tasks.
        var halfway = 0;
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = plans.Select(plan => Task.Run(async () =>
        {
            for (var i = 0; i < plan.Length; i++)
            {
                if (i == plan.Length / 2)
                {
                    Interlocked.Increment(ref halfway);
                    await resume.Task;
                }

                await volume.Volume.WriteAsync(plan[i].Block, plan[i].Data);
            }
        })).ToArray();

        var taken = 0;
        string? paused = null;
        while (!writers.All(w => w.IsCompleted) || taken == 0)
        {
            await volume.CreateSnapshotAsync($"s{taken++}");
            if (paused is null && Volatile.Read(ref halfway) == Writers)
            {
                paused = $"s{taken}";
                await volume.CreateSnapshotAsync($"s{taken++}");
                resume.SetResult();
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(writers);
        Assert.That(paused, Is.Not.Null);
        await using (var middle = volume.OpenSnapshot(paused!))
        {
            var image = await VolumeTestDirectory.ReadAllAsync(middle);
            for (var w = 0; w < Writers; w++)
            {
                Assert.That(IsStateAfter(image, plans[w], w, plans[w].Length / 2), Is.True, $"{paused}, taken with every writer half-way, is not writer {w}'s half-way state");
            }
        }

        for (var s = 0; s < taken; s++)
        {
            await using var snapshot = volume.OpenSnapshot($"s{s}");
            var image = await VolumeTestDirectory.ReadAllAsync(snapshot);
            for (var w = 0; w < Writers; w++)
            {
                Assert.That(IsPrefixState(image, plans[w], w), Is.True, $"snapshot s{s}: writer {w}'s blocks are not the state after any prefix of its writes");
            }
        }
    }

    /// <summary>Whether the writer's blocks in <paramref name="image"/> equal the state after its first k writes, for some k.</summary>
    private static bool IsPrefixState(byte[] image, (long Block, byte[] Data)[] plan, int writer)
    {
        var state = new Dictionary<long, byte[]>();
        for (var k = 0; k <= plan.Length; k++)
        {
            if (k > 0)
            {
                state[plan[k - 1].Block] = plan[k - 1].Data;
            }

            var matches = true;
            for (long block = writer; block < Blocks && matches; block += Writers)
            {
                var expected = state.TryGetValue(block, out var data) ? data : new byte[BlockSize];
                matches = image.AsSpan((int)(block * BlockSize), BlockSize).SequenceEqual(expected);
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the writer's blocks in <paramref name="image"/> equal the state after exactly its first <paramref name="k"/> writes.</summary>
    private static bool IsStateAfter(byte[] image, (long Block, byte[] Data)[] plan, int writer, int k)
    {
        var state = new Dictionary<long, byte[]>();
        for (var i = 0; i < k; i++)
        {
            state[plan[i].Block] = plan[i].Data;
        }

        for (long block = writer; block < Blocks; block += Writers)
        {
            var expected = state.TryGetValue(block, out var data) ? data : new byte[BlockSize];
            if (!image.AsSpan((int)(block * BlockSize), BlockSize).SequenceEqual(expected))
            {
                return false;
            }
        }

        return true;
    }
}
