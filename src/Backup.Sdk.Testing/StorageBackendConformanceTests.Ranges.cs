using Backup.Sdk.Storage;
using NUnit.Framework;

namespace Backup.Sdk.Testing;

/// <content>Ranged reads, large objects, invalid names and cancellation.</content>
public abstract partial class StorageBackendConformanceTests
{
    private const int RangedObjectLength = 1000;

    private static readonly object[] InRange =
    [
        new object[] { 0L, 10, "start" },
        new object[] { 400L, 200, "middle" },
        new object[] { 990L, 10, "end" },
        new object[] { 0L, RangedObjectLength, "whole object" },
        new object[] { 500L, 0, "empty range inside" },
        new object[] { (long)RangedObjectLength, 0, "empty range at the end" },
    ];

    private static readonly object[] OutOfRange =
    [
        new object[] { -1L, 1 },
        new object[] { 995L, 10 },
        new object[] { (long)RangedObjectLength + 1, 0 },
        new object[] { 0L, RangedObjectLength + 1 },
        new object[] { long.MaxValue, 1 },
    ];

    private static readonly string[] InvalidNames = ["", "../x", "/abs", "a//b", ".hidden", "a/.tmp/x", "a/", "a/../b", "a\\b", "a b", "é"];

    /// <summary>A ranged read returns exactly the bytes of that range.</summary>
    /// <param name="offset">Where the range starts.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="what">A label for the case.</param>
    [TestCaseSource(nameof(InRange))]
    public async Task Read_RangeInsideObject_ReturnsExactlyThoseBytes(long offset, int length, string what)
    {
        var content = Content(20, RangedObjectLength);
        await Backend.PutAsync("data/ab/range", content).ConfigureAwait(false);
        var destination = new byte[length];

        await Backend.ReadAsync("data/ab/range", offset, destination).ConfigureAwait(false);

        Assert.That(destination, Is.EqualTo(content.AsSpan((int)offset, length).ToArray()), what);
    }

    /// <summary>A range that reaches outside the object fails with <see cref="ArgumentOutOfRangeException"/>.</summary>
    /// <param name="offset">Where the range starts.</param>
    /// <param name="length">How many bytes.</param>
    [TestCaseSource(nameof(OutOfRange))]
    public async Task Read_RangeOutsideObject_ThrowsArgumentOutOfRange(long offset, int length)
    {
        await Backend.PutAsync("data/ab/range", Content(21, RangedObjectLength)).ConfigureAwait(false);

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Backend.ReadAsync("data/ab/range", offset, new byte[length]));
    }

    /// <summary>A large object round-trips whole and by range.</summary>
    [Test]
    public async Task Put_LargeObject_RoundTrips()
    {
        var content = Content(22, LargeObjectLength);

        await Backend.PutAsync("data/ff/large", content).ConfigureAwait(false);

        var whole = await Backend.GetAsync("data/ff/large").ConfigureAwait(false);
        var tail = new byte[4096];
        await Backend.ReadAsync("data/ff/large", content.Length - tail.Length, tail).ConfigureAwait(false);
        var stat = await Backend.StatAsync("data/ff/large").ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole.AsSpan().SequenceEqual(content), Is.True, "whole content");
            Assert.That(tail, Is.EqualTo(content.AsSpan(content.Length - tail.Length).ToArray()), "last bytes");
            Assert.That(stat?.Length, Is.EqualTo(content.Length));
        }
    }

    /// <summary>Every operation rejects a name that breaks <see cref="StorageNames"/> with <see cref="ArgumentException"/>.</summary>
    /// <param name="name">An invalid name.</param>
    [TestCaseSource(nameof(InvalidNames))]
    public void AllOperations_InvalidName_ThrowArgumentException(string name)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.CatchAsync<ArgumentException>(() => Backend.PutAsync(name, new byte[1]), "put");
            Assert.CatchAsync<ArgumentException>(() => Backend.PutAsync(name, new byte[1], PutMode.CreateOnly), "create-only put");
            Assert.CatchAsync<ArgumentException>(() => Backend.GetAsync(name), "get");
            Assert.CatchAsync<ArgumentException>(() => Backend.ReadAsync(name, 0, new byte[1]), "read");
            Assert.CatchAsync<ArgumentException>(() => Backend.StatAsync(name), "stat");
            Assert.CatchAsync<ArgumentException>(() => Backend.DeleteAsync(name), "delete");
        }
    }

    /// <summary>A listing rejects a prefix that is not a valid name (optionally ending in <c>/</c>).</summary>
    /// <param name="prefix">An invalid prefix.</param>
    [TestCase("../")]
    [TestCase("/data")]
    [TestCase(".tmp/")]
    [TestCase("data//")]
    public void List_InvalidPrefix_ThrowsArgumentException(string prefix) =>
        Assert.CatchAsync<ArgumentException>(() => ListAsync(prefix));

    /// <summary>Every operation given an already cancelled token throws <see cref="OperationCanceledException"/> and changes nothing.</summary>
    [Test]
    public async Task AllOperations_CancelledToken_ThrowOperationCanceled()
    {
        await Backend.PutAsync("a", Content(23, 10)).ConfigureAwait(false);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync().ConfigureAwait(false);
        var token = cancellation.Token;

        using (Assert.EnterMultipleScope())
        {
            Assert.CatchAsync<OperationCanceledException>(() => Backend.PutAsync("b", new byte[1], PutMode.Overwrite, token), "put");
            Assert.CatchAsync<OperationCanceledException>(() => Backend.PutAsync("a", new byte[1], PutMode.Overwrite, token), "overwrite");
            Assert.CatchAsync<OperationCanceledException>(() => Backend.GetAsync("a", token), "get");
            Assert.CatchAsync<OperationCanceledException>(() => Backend.ReadAsync("a", 0, new byte[1], token), "read");
            Assert.CatchAsync<OperationCanceledException>(() => Backend.StatAsync("a", token), "stat");
            Assert.CatchAsync<OperationCanceledException>(() => Backend.DeleteAsync("a", token), "delete");
            Assert.CatchAsync<OperationCanceledException>(
                async () =>
                {
                    await foreach (var unused in Backend.ListAsync(string.Empty, token).ConfigureAwait(false))
                    {
                    }
                },
                "list");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Backend.StatAsync("b").ConfigureAwait(false), Is.Null, "a cancelled put stores nothing");
            Assert.That(await Backend.GetAsync("a").ConfigureAwait(false), Is.EqualTo(Content(23, 10)), "a cancelled overwrite or delete changes nothing");
        }
    }
}
