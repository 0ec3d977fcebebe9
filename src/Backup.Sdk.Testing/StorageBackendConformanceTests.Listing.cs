using Backup.Sdk.Storage;
using NUnit.Framework;

namespace Backup.Sdk.Testing;

/// <content>Listings, nested names and concurrent use.</content>
public abstract partial class StorageBackendConformanceTests
{
    /// <summary>A listing of many objects (more than one page of an object store) returns each once, with its length.</summary>
    [Test]
    public async Task List_ManyObjects_ReturnsEachOnceWithLength()
    {
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < ManyObjectsCount; i++)
        {
            expected[$"data/{i % 16:x2}/object-{i:D5}"] = i % 37;
        }

        // Many writes in flight: a durable backend spends most of each put waiting for the device or the network.
        await Parallel.ForEachAsync(
            expected,
            new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (entry, cancellationToken) => await Backend.PutAsync(entry.Key, new byte[entry.Value], PutMode.CreateOnly, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        await Backend.PutAsync("snapshots/not-listed", new byte[1]).ConfigureAwait(false);

        var listed = await ListAsync("data/").ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed.Select(o => o.Name), Is.Unique);
            Assert.That(listed.ToDictionary(o => o.Name, o => o.Length, StringComparer.Ordinal), Is.EquivalentTo(expected));
        }
    }

    /// <summary>A prefix that matches nothing, also one whose directory does not exist, lists nothing.</summary>
    [Test]
    public async Task List_PrefixMatchingNothing_IsEmpty()
    {
        await Backend.PutAsync("data/ab/abcd", new byte[3]).ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ListAsync("snapshots/").ConfigureAwait(false), Is.Empty);
            Assert.That(await ListAsync("data/ac").ConfigureAwait(false), Is.Empty);
            Assert.That(await ListAsync("data/ab/abce").ConfigureAwait(false), Is.Empty);
        }
    }

    /// <summary>An empty store lists nothing.</summary>
    [Test]
    public async Task List_EmptyStore_IsEmpty() =>
        Assert.That(await ListAsync(string.Empty).ConfigureAwait(false), Is.Empty);

    /// <summary><c>data/</c> and <c>datax/</c> are different prefixes: neither listing returns the other's objects.</summary>
    [Test]
    public async Task List_PrefixWithSlash_DoesNotMatchLongerSibling()
    {
        await Backend.PutAsync("data/one", new byte[1]).ConfigureAwait(false);
        await Backend.PutAsync("datax/two", new byte[2]).ConfigureAwait(false);
        await Backend.PutAsync("data-three", new byte[3]).ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await NamesAsync("data/").ConfigureAwait(false), Is.EquivalentTo(new[] { "data/one" }));
            Assert.That(await NamesAsync("datax/").ConfigureAwait(false), Is.EquivalentTo(new[] { "datax/two" }));
            Assert.That(await NamesAsync("data").ConfigureAwait(false), Is.EquivalentTo(new[] { "data/one", "datax/two", "data-three" }));
        }
    }

    /// <summary>A prefix may end inside a segment: <c>data/a</c> matches <c>data/ab/…</c> and <c>data/a1</c>, not <c>data/b…</c>.</summary>
    [Test]
    public async Task List_PrefixEndingInsideSegment_MatchesByCharacters()
    {
        foreach (var name in new[] { "data/ab/x", "data/a1", "data/a", "data/ba/y", "keys/a" })
        {
            await Backend.PutAsync(name, new byte[1]).ConfigureAwait(false);
        }

        Assert.That(await NamesAsync("data/a").ConfigureAwait(false), Is.EquivalentTo(new[] { "data/ab/x", "data/a1", "data/a" }));
    }

    /// <summary>An empty prefix lists every object.</summary>
    [Test]
    public async Task List_EmptyPrefix_ReturnsEveryObject()
    {
        foreach (var name in new[] { "config", "keys/k", "data/00/p", "snapshots/s" })
        {
            await Backend.PutAsync(name, new byte[2]).ConfigureAwait(false);
        }

        Assert.That(await NamesAsync(string.Empty).ConfigureAwait(false), Is.EquivalentTo(new[] { "config", "keys/k", "data/00/p", "snapshots/s" }));
    }

    /// <summary>Deeply nested names work for every operation, and siblings at each level stay apart.</summary>
    [Test]
    public async Task NestedNames_AllOperations_Work()
    {
        await Backend.PutAsync("a/b/c/d", Content(30, 40)).ConfigureAwait(false);
        await Backend.PutAsync("a/b/c2", Content(31, 41)).ConfigureAwait(false);
        await Backend.PutAsync("a/e", Content(32, 42)).ConfigureAwait(false);

        var part = new byte[5];
        await Backend.ReadAsync("a/b/c/d", 10, part).ConfigureAwait(false);
        var stat = await Backend.StatAsync("a/b/c/d").ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Backend.GetAsync("a/b/c/d").ConfigureAwait(false), Is.EqualTo(Content(30, 40)));
            Assert.That(part, Is.EqualTo(Content(30, 40).AsSpan(10, 5).ToArray()));
            Assert.That(stat?.Length, Is.EqualTo(40));
            Assert.That(await NamesAsync("a/b/").ConfigureAwait(false), Is.EquivalentTo(new[] { "a/b/c/d", "a/b/c2" }));
            Assert.That(await NamesAsync("a/").ConfigureAwait(false), Is.EquivalentTo(new[] { "a/b/c/d", "a/b/c2", "a/e" }));
            Assert.That(await Backend.StatAsync("a/b").ConfigureAwait(false), Is.Null, "a prefix of names is not an object");
        }

        await Backend.DeleteAsync("a/b/c/d").ConfigureAwait(false);
        Assert.That(await NamesAsync("a/").ConfigureAwait(false), Is.EquivalentTo(new[] { "a/b/c2", "a/e" }));
    }

    /// <summary>Many puts, gets and overwrites in parallel all succeed and each reader sees a whole version of its object.</summary>
    [Test]
    public async Task ConcurrentPutsAndGets_ManyObjects_AllConsistent()
    {
        const int Objects = 64;
        var names = Enumerable.Range(0, Objects).Select(i => $"data/{i % 8:x2}/concurrent-{i}").ToArray();
        var versions = names.Select((_, i) => new[] { Content(1000 + i, 8192), Content(2000 + i, 4096) }).ToArray();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Objects),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, cancellationToken) =>
            {
                await Backend.PutAsync(names[i], versions[i][0], PutMode.CreateOnly, cancellationToken).ConfigureAwait(false);
                var overwrite = Backend.PutAsync(names[i], versions[i][1], PutMode.Overwrite, cancellationToken);
                var read = await Backend.GetAsync(names[i], cancellationToken).ConfigureAwait(false);
                await overwrite.ConfigureAwait(false);
                Assert.That(read, Is.EqualTo(versions[i][0]).Or.EqualTo(versions[i][1]), names[i]);
            })
            .ConfigureAwait(false);

        for (var i = 0; i < Objects; i++)
        {
            Assert.That(await Backend.GetAsync(names[i]).ConfigureAwait(false), Is.EqualTo(versions[i][1]), names[i]);
        }

        Assert.That(await ListAsync("data/").ConfigureAwait(false), Has.Count.EqualTo(Objects));
    }

    private async Task<List<string>> NamesAsync(string prefix) =>
        (await ListAsync(prefix).ConfigureAwait(false)).ConvertAll(o => o.Name);
}
