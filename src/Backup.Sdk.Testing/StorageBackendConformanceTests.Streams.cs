using Backup.Sdk.Storage;
using NUnit.Framework;

namespace Backup.Sdk.Testing;

/// <content>Puts whose content is a stream (<see cref="IStorageBackend.PutAsync(string, Stream, PutMode, CancellationToken)"/>).</content>
public abstract partial class StorageBackendConformanceTests
{
    /// <summary>A stream put stores the stream's bytes from its position to its end, whole and by range.</summary>
    [Test]
    public async Task PutStream_FromItsPosition_StoresTheRestOfTheStream()
    {
        var content = Content(30, LargeObjectLength);
        using var stream = new MemoryStream(content);
        stream.Position = 1000;

        await Backend.PutAsync("data/aa/streamed", stream, PutMode.CreateOnly).ConfigureAwait(false);

        var tail = new byte[4096];
        await Backend.ReadAsync("data/aa/streamed", content.Length - 1000 - tail.Length, tail).ConfigureAwait(false);
        var stat = await Backend.StatAsync("data/aa/streamed").ConfigureAwait(false);
        var whole = await Backend.GetAsync("data/aa/streamed").ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stat?.Length, Is.EqualTo(content.Length - 1000));
            Assert.That(whole.AsSpan().SequenceEqual(content.AsSpan(1000)), Is.True, "whole content");
            Assert.That(tail, Is.EqualTo(content.AsSpan(content.Length - tail.Length).ToArray()), "last bytes");
        }
    }

    /// <summary>An empty stream stores an empty object.</summary>
    [Test]
    public async Task PutStream_Empty_StoresEmptyObject()
    {
        using var stream = new MemoryStream();

        await Backend.PutAsync("empty-stream", stream).ConfigureAwait(false);

        Assert.That((await Backend.StatAsync("empty-stream").ConfigureAwait(false))?.Length, Is.Zero);
    }

    /// <summary>A create-only stream put of an existing name fails and leaves the existing content alone.</summary>
    [Test]
    public async Task PutStream_CreateOnlyWhenObjectExists_ThrowsAndKeepsContent()
    {
        var original = Content(31, 300);
        await Backend.PutAsync("locks/s1", original, PutMode.CreateOnly).ConfigureAwait(false);
        using var other = new MemoryStream(Content(32, 500));

        Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => Backend.PutAsync("locks/s1", other, PutMode.CreateOnly));

        Assert.That(await Backend.GetAsync("locks/s1").ConfigureAwait(false), Is.EqualTo(original));
    }

    /// <summary>An overwriting stream put replaces the whole object, also with a shorter one.</summary>
    [Test]
    public async Task PutStream_Overwrite_ReplacesContent()
    {
        await Backend.PutAsync("config", Content(33, 500)).ConfigureAwait(false);
        var replacement = Content(34, 200);
        using var stream = new MemoryStream(replacement);

        await Backend.PutAsync("config", stream, PutMode.Overwrite).ConfigureAwait(false);

        Assert.That(await Backend.GetAsync("config").ConfigureAwait(false), Is.EqualTo(replacement));
    }

    /// <summary>A stream that cannot seek is refused with <see cref="ArgumentException"/>, and nothing is stored.</summary>
    [Test]
    public async Task PutStream_NotSeekable_ThrowsArgumentExceptionAndStoresNothing()
    {
        using var stream = new ForwardOnlyStream(Content(35, 100));

        Assert.ThrowsAsync(Is.InstanceOf<ArgumentException>(), () => Backend.PutAsync("data/bb/forward", stream));

        Assert.That(await Backend.StatAsync("data/bb/forward").ConfigureAwait(false), Is.Null);
    }

    /// <summary>A stream that can be read but not seeked.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
