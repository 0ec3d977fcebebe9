using System.Diagnostics.CodeAnalysis;
using Backup.Sdk.Storage;
using NUnit.Framework;

namespace Backup.Sdk.Testing;

/// <summary>
/// The conformance suite for <see cref="IStorageBackend"/>: inherit it in an NUnit test project, return a fresh, empty store
/// from <see cref="CreateBackendAsync"/>, and every guarantee of the contract is checked against your backend.
/// </summary>
/// <remarks>
/// <para>Each test gets its own store: <see cref="CreateBackendAsync"/> runs in this fixture's <c>[SetUp]</c> and
/// <see cref="DisposeBackendAsync"/> in its <c>[TearDown]</c> (after any <c>[TearDown]</c> of the derived class).</para>
/// <para>The suite is sized to finish in seconds against in-memory and local stores; a slow remote backend can shrink
/// <see cref="LargeObjectLength"/>, but keep <see cref="ManyObjectsCount"/> above the backend's listing page size.</para>
/// </remarks>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names read as Subject_Condition_Outcome.")]
[SuppressMessage("Performance", "CA1861:Avoid constant arrays as arguments", Justification = "Expected values in tests read best inline.")]
public abstract partial class StorageBackendConformanceTests
{
    private IStorageBackend? _backend;

    /// <summary>The store under test, fresh for each test.</summary>
    protected IStorageBackend Backend => _backend ?? throw new InvalidOperationException("The backend is created in [SetUp]; use it from a test.");

    /// <summary>How many objects the listing tests store; more than one page of common object stores (1,000).</summary>
    protected virtual int ManyObjectsCount => 1_200;

    /// <summary>The size of the object in the large round-trip test.</summary>
    protected virtual int LargeObjectLength => 24 << 20;

    /// <summary>
    /// Whether two racing <see cref="PutMode.CreateOnly"/> puts of one name are guaranteed to have exactly one winner, as
    /// the contract asks. A backend over a store that cannot promise it (an S3-compatible store that ignores
    /// <c>If-None-Match</c>) returns <see langword="false"/>: <see cref="Put_CreateOnlyRacingWriters_ExactlyOneWins"/> is then
    /// reported as ignored with the reason, and the weaker
    /// <see cref="Put_CreateOnlyRacingWriters_StoresOneWinnersWholeContent"/> still runs. Document it for your users.
    /// </summary>
    protected virtual bool CreateOnlyIsAtomic => true;

    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The backend to test.</returns>
    protected abstract Task<IStorageBackend> CreateBackendAsync();

    /// <summary>
    /// Releases a store after its test. By default disposes it if it is <see cref="IAsyncDisposable"/> or
    /// <see cref="IDisposable"/>; override to also delete what it stored (a bucket prefix, a temporary directory).
    /// </summary>
    /// <param name="backend">The store the test used.</param>
    protected virtual async Task DisposeBackendAsync(IStorageBackend backend)
    {
        switch (backend)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates the store for the next test.</summary>
    [SetUp]
    public async Task CreateBackendForTestAsync() => _backend = await CreateBackendAsync().ConfigureAwait(false);

    /// <summary>Releases the store of the last test.</summary>
    [TearDown]
    public async Task DisposeBackendAfterTestAsync()
    {
        var backend = _backend;
        _backend = null;
        if (backend is not null)
        {
            await DisposeBackendAsync(backend).ConfigureAwait(false);
        }
    }

    /// <summary>A put followed by a get returns the same bytes.</summary>
    [Test]
    public async Task Put_ThenGet_ReturnsSameContent()
    {
        var content = Content(1, 1000);

        await Backend.PutAsync("keys/k1", content).ConfigureAwait(false);

        Assert.That(await Backend.GetAsync("keys/k1").ConfigureAwait(false), Is.EqualTo(content));
    }

    /// <summary>An empty object is an object: it can be stored, read, stated and listed.</summary>
    [Test]
    public async Task Put_EmptyContent_StoresEmptyObject()
    {
        await Backend.PutAsync("empty", ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);

        var stat = await Backend.StatAsync("empty").ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Backend.GetAsync("empty").ConfigureAwait(false), Is.Empty);
            Assert.That(stat?.Length, Is.Zero);
            Assert.That(await ListAsync(string.Empty).ConfigureAwait(false), Has.Count.EqualTo(1));
        }
    }

    /// <summary>The store keeps its own copy: changing the caller's buffer or a returned array changes nothing stored.</summary>
    [Test]
    public async Task Put_ThenChangeBuffers_StoredContentUnchanged()
    {
        var content = Content(2, 100);
        var buffer = content.ToArray();

        await Backend.PutAsync("a", buffer).ConfigureAwait(false);
        buffer[0] ^= 0xFF;
        var first = await Backend.GetAsync("a").ConfigureAwait(false);
        first[1] ^= 0xFF;

        Assert.That(await Backend.GetAsync("a").ConfigureAwait(false), Is.EqualTo(content));
    }

    /// <summary>An overwriting put replaces the whole object, also with a shorter one.</summary>
    [Test]
    public async Task Put_Overwrite_ReplacesContent()
    {
        await Backend.PutAsync("config", Content(3, 500)).ConfigureAwait(false);
        var replacement = Content(4, 200);

        await Backend.PutAsync("config", replacement, PutMode.Overwrite).ConfigureAwait(false);

        var stat = await Backend.StatAsync("config").ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Backend.GetAsync("config").ConfigureAwait(false), Is.EqualTo(replacement));
            Assert.That(stat?.Length, Is.EqualTo(200));
        }
    }

    /// <summary>A create-only put of an existing name fails and leaves the existing content alone.</summary>
    [Test]
    public async Task Put_CreateOnlyWhenObjectExists_ThrowsAndKeepsContent()
    {
        var original = Content(5, 300);
        await Backend.PutAsync("locks/l1", original, PutMode.CreateOnly).ConfigureAwait(false);

        var error = Assert.ThrowsAsync<ObjectAlreadyExistsException>(
            () => Backend.PutAsync("locks/l1", Content(6, 300), PutMode.CreateOnly));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.ObjectName, Is.EqualTo("locks/l1"));
            Assert.That(await Backend.GetAsync("locks/l1").ConfigureAwait(false), Is.EqualTo(original));
        }
    }

    /// <summary>
    /// Of many racing create-only puts of one name exactly one wins, the others get <see cref="ObjectAlreadyExistsException"/>,
    /// and the winner's content is what is stored. Repeated over several names to widen the chance of a real collision.
    /// </summary>
    [Test]
    public async Task Put_CreateOnlyRacingWriters_ExactlyOneWins()
    {
        if (!CreateOnlyIsAtomic)
        {
            Assert.Ignore($"{GetType().Name} declares that create-only puts are not atomic against racing writers on this store (CreateOnlyIsAtomic is false).");
        }

        const int Rounds = 10;
        const int Writers = 8;
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"locks/race-{round}";
            var contents = Enumerable.Range(0, Writers).Select(i => Content((round * Writers) + i, 1024 + i)).ToArray();
            using var start = new ManualResetEventSlim();
            var puts = contents.Select(content => Task.Run(() => RacePutAsync(name, content, start))).ToArray();
            start.Set();
            var outcomes = await Task.WhenAll(puts).ConfigureAwait(false);

            var winners = outcomes.Where(o => o.Error is null).ToArray();
            Assert.That(winners, Has.Length.EqualTo(1), $"exactly one create-only put of '{name}' succeeds");
            var stored = await Backend.GetAsync(name).ConfigureAwait(false);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(outcomes.Where(o => o.Error is not null).Select(o => o.Error), Is.All.InstanceOf<ObjectAlreadyExistsException>());
                Assert.That(stored, Is.EqualTo(winners[0].Content), "the stored content is the winner's");
            }
        }
    }

    /// <summary>
    /// Racing create-only puts of one name, on any backend: at least one succeeds, every other fails with
    /// <see cref="ObjectAlreadyExistsException"/> only, and what is stored is the whole content of one that succeeded.
    /// </summary>
    [Test]
    public async Task Put_CreateOnlyRacingWriters_StoresOneWinnersWholeContent()
    {
        const int Writers = 8;
        var name = "locks/race-any";
        var contents = Enumerable.Range(0, Writers).Select(i => Content(500 + i, 4096 + i)).ToArray();
        using var start = new ManualResetEventSlim();
        var puts = contents.Select(content => Task.Run(() => RacePutAsync(name, content, start))).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(puts).ConfigureAwait(false);

        var stored = await Backend.GetAsync(name).ConfigureAwait(false);
        var winners = outcomes.Where(o => o.Error is null).Select(o => o.Content).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(winners, Is.Not.Empty, "at least one create-only put succeeds");
            Assert.That(outcomes.Where(o => o.Error is not null).Select(o => o.Error), Is.All.InstanceOf<ObjectAlreadyExistsException>());
            Assert.That(winners.Any(w => w.AsSpan().SequenceEqual(stored)), Is.True, "the stored content is one winner's, whole");
        }
    }

    private async Task<(byte[] Content, Exception? Error)> RacePutAsync(string name, byte[] content, ManualResetEventSlim start)
    {
        start.Wait();
        try
        {
            await Backend.PutAsync(name, content, PutMode.CreateOnly).ConfigureAwait(false);
            return (content, null);
        }
        catch (Exception e) when (e is BackupException or IOException)
        {
            return (content, e);
        }
    }

    /// <summary>Reading a missing object fails with <see cref="ObjectNotFoundException"/> naming it; stat returns null.</summary>
    [Test]
    public async Task GetReadStat_MissingObject_NotFound()
    {
        await Backend.PutAsync("data/ab/other", Content(7, 10)).ConfigureAwait(false);

        var getError = Assert.ThrowsAsync<ObjectNotFoundException>(() => Backend.GetAsync("data/ab/missing"));
        var readError = Assert.ThrowsAsync<ObjectNotFoundException>(() => Backend.ReadAsync("data/ab/missing", 0, new byte[1]));
        Assert.ThrowsAsync<ObjectNotFoundException>(() => Backend.GetAsync("no/such/directory"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(getError?.ObjectName, Is.EqualTo("data/ab/missing"));
            Assert.That(readError?.ObjectName, Is.EqualTo("data/ab/missing"));
            Assert.That(await Backend.StatAsync("data/ab/missing").ConfigureAwait(false), Is.Null);
            Assert.That(await Backend.StatAsync("no/such/directory").ConfigureAwait(false), Is.Null);
        }
    }

    /// <summary>Stat of a stored object gives its name and exact length.</summary>
    [Test]
    public async Task Stat_ExistingObject_ReturnsNameAndLength()
    {
        await Backend.PutAsync("snapshots/s1", Content(8, 1234)).ConfigureAwait(false);

        var stat = await Backend.StatAsync("snapshots/s1").ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stat?.Name, Is.EqualTo("snapshots/s1"));
            Assert.That(stat?.Length, Is.EqualTo(1234));
        }
    }

    /// <summary>After a delete the object is gone for get, stat and list.</summary>
    [Test]
    public async Task Delete_ExistingObject_ObjectIsGone()
    {
        await Backend.PutAsync("index/i1", Content(9, 10)).ConfigureAwait(false);
        await Backend.PutAsync("index/i2", Content(10, 10)).ConfigureAwait(false);

        await Backend.DeleteAsync("index/i1").ConfigureAwait(false);

        Assert.ThrowsAsync<ObjectNotFoundException>(() => Backend.GetAsync("index/i1"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Backend.StatAsync("index/i1").ConfigureAwait(false), Is.Null);
            Assert.That((await ListAsync("index/").ConfigureAwait(false)).Select(o => o.Name), Is.EqualTo(new[] { "index/i2" }));
        }
    }

    /// <summary>Deleting a missing object, also under a directory that never existed, succeeds.</summary>
    [Test]
    public async Task Delete_MissingObject_Succeeds()
    {
        await Backend.PutAsync("index/i1", Content(11, 10)).ConfigureAwait(false);

        Assert.DoesNotThrowAsync(() => Backend.DeleteAsync("index/missing"));
        Assert.DoesNotThrowAsync(() => Backend.DeleteAsync("never/was/here"));
        Assert.That(await Backend.StatAsync("index/i1").ConfigureAwait(false), Is.Not.Null);
    }

    /// <summary>Deterministic test content.</summary>
    /// <param name="seed">Distinguishes contents.</param>
    /// <param name="length">The length in bytes.</param>
    /// <returns>Bytes that depend only on the seed and length.</returns>
    protected static byte[] Content(int seed, int length)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data, not security
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    /// <summary>Collects a whole listing.</summary>
    /// <param name="prefix">The prefix to list.</param>
    /// <returns>Every object listed.</returns>
    protected async Task<List<StorageObjectInfo>> ListAsync(string prefix)
    {
        var result = new List<StorageObjectInfo>();
        await foreach (var info in Backend.ListAsync(prefix).ConfigureAwait(false))
        {
            result.Add(info);
        }

        return result;
    }
}
