using System.IO.Abstractions;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Local;
using Moq;

namespace Backup.Sdk.Tests.Storage;

public class LocalStorageBackendTests
{
    private const int EnospcOrDiskFull = 28;

    private string _root = null!;
    private FileSystem _fileSystem = null!;

    [SetUp]
    public void CreateRoot()
    {
        _fileSystem = new FileSystem();
        _root = Path.Combine(Path.GetTempPath(), "backup-sdk-tests", Guid.NewGuid().ToString("N"), "repo");
    }

    [TearDown]
    public void DeleteRoot()
    {
        var parent = Path.GetDirectoryName(_root)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Test]
    public async Task Put_StoresFileAtMappedPathWithExactBytes()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);
        var content = new byte[] { 1, 2, 3, 4, 5 };

        await backend.PutAsync("data/ab/abcd", content);

        var path = Path.Combine(_root, "data", "ab", "abcd");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(content));
            Assert.That(backend.Location, Is.EqualTo(Path.GetFullPath(_root)));
            Assert.That(Directory.GetFiles(Path.Combine(_root, ".tmp")), Is.Empty, "the temporary file was renamed away");
        }
    }

    [Test]
    public async Task List_SkipsTemporaryAndDotFiles()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);
        await backend.PutAsync("data/ab/abcd", new byte[3]);
        File.WriteAllBytes(Path.Combine(_root, ".tmp", "leftover.tmp"), new byte[7]);
        File.WriteAllBytes(Path.Combine(_root, "data", "ab", ".partial"), new byte[7]);
        Directory.CreateDirectory(Path.Combine(_root, "data", ".hidden"));
        File.WriteAllBytes(Path.Combine(_root, "data", ".hidden", "x"), new byte[7]);
        File.WriteAllBytes(Path.Combine(_root, "data", "not a name"), new byte[7]);

        var names = new List<string>();
        await foreach (var info in backend.ListAsync(string.Empty))
        {
            names.Add(info.Name);
        }

        Assert.That(names, Is.EqualTo(new[] { "data/ab/abcd" }));
    }

    [Test]
    public void NameClimbingOutOfRoot_IsRejectedAndNothingIsWrittenOutside()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);
        var outside = Path.GetDirectoryName(_root)!;

        Assert.CatchAsync<ArgumentException>(() => backend.PutAsync("../escaped", new byte[1]));
        Assert.CatchAsync<ArgumentException>(() => backend.PutAsync("a/../../escaped", new byte[1]));

        Assert.That(File.Exists(Path.Combine(outside, "escaped")), Is.False);
    }

    [Test]
    public async Task Put_WriteFailsMidway_LeavesNoObjectAndNoTemporaryFile()
    {
        var backend = new LocalStorageBackend(FileSystemWithFailingWrites(afterBytes: 1 << 20, onLimit: () => throw new IOException("No space left on device", EnospcOrDiskFull)), _root);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.PutAsync("data/ab/big", new byte[4 << 20]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.IsTransient, Is.False, "a full disk does not heal by retrying");
            Assert.That(error?.Message, Does.Contain("data/ab/big"));
            Assert.That(File.Exists(Path.Combine(_root, "data", "ab", "big")), Is.False);
            Assert.That(Directory.GetFiles(Path.Combine(_root, ".tmp")), Is.Empty);
        }
    }

    [Test]
    public async Task Put_CancelledMidway_LeavesPreviousContentAndNoTemporaryFile()
    {
        await new LocalStorageBackend(_fileSystem, _root).PutAsync("config", new byte[] { 42 });
        using var cancellation = new CancellationTokenSource();
        var backend = new LocalStorageBackend(FileSystemWithFailingWrites(afterBytes: 1 << 20, onLimit: cancellation.Cancel), _root);

        Assert.CatchAsync<OperationCanceledException>(() => backend.PutAsync("config", new byte[4 << 20], PutMode.Overwrite, cancellation.Token));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_root, "config")), Is.EqualTo(new byte[] { 42 }));
            Assert.That(Directory.GetFiles(Path.Combine(_root, ".tmp")), Is.Empty);
        }
    }

    [Test]
    public void Put_AccessDenied_IsPermanentStorageUnavailable()
    {
        var backend = new LocalStorageBackend(FileSystemWithFailingWrites(afterBytes: 0, onLimit: () => throw new UnauthorizedAccessException("denied")), _root);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.PutAsync("keys/k", new byte[10]));

        Assert.That(error?.IsTransient, Is.False);
    }

    [Test]
    public async Task GetAndDelete_OfNameThatIsADirectory_TreatItAsMissing()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);
        await backend.PutAsync("data/ab/abcd", new byte[1]);

        Assert.ThrowsAsync<ObjectNotFoundException>(() => backend.GetAsync("data/ab"));
        Assert.DoesNotThrowAsync(() => backend.DeleteAsync("data/ab"));
        Assert.That(await backend.StatAsync("data/ab/abcd"), Is.Not.Null);
    }

    [Test]
    public async Task Put_OfNameThatIsADirectory_FailsPermanently()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);
        await backend.PutAsync("data/ab/abcd", new byte[1]);

        var error = Assert.ThrowsAsync<StorageUnavailableException>(() => backend.PutAsync("data/ab", new byte[1]));

        Assert.That(error?.IsTransient, Is.False);
    }

    [Test]
    public async Task MissingRoot_ListsNothingAndFindsNothing()
    {
        var backend = new LocalStorageBackend(_fileSystem, _root);

        var any = false;
        await foreach (var unused in backend.ListAsync(string.Empty))
        {
            any = true;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(any, Is.False);
            Assert.That(await backend.StatAsync("config"), Is.Null);
            Assert.ThrowsAsync<ObjectNotFoundException>(() => backend.GetAsync("config"));
        }
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void CreateOnlyMove_OnUnix_UsesHardLinks()
    {
        Directory.CreateDirectory(_root);
        var source = Path.Combine(_root, "source");
        File.WriteAllBytes(source, new byte[] { 1 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(NoReplaceMove.TryLink(source, Path.Combine(_root, "target")), Is.True, "link(2) is callable");
            Assert.That(NoReplaceMove.TryLink(source, Path.Combine(_root, "target")), Is.False, "an existing name is not replaced");
        }
    }

    [Test]
    public void CreateOnlyMove_ManyRacingMovers_ExactlyOneWinsEachName()
    {
        const int Rounds = 100;
        const int Movers = 4;
        Directory.CreateDirectory(_root);
        var sources = new string[Rounds, Movers];
        for (var round = 0; round < Rounds; round++)
        {
            for (var mover = 0; mover < Movers; mover++)
            {
                sources[round, mover] = Path.Combine(_root, $"s-{round}-{mover}");
                File.WriteAllBytes(sources[round, mover], [(byte)mover]);
            }
        }

        var wins = new int[Rounds, Movers];
        using var barrier = new Barrier(Movers);
        var threads = Enumerable.Range(0, Movers).Select(mover => new Thread(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                barrier.SignalAndWait();
                wins[round, mover] = NoReplaceMove.TryMove(_fileSystem, sources[round, mover], Path.Combine(_root, $"t-{round}")) ? 1 : 0;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var round = 0; round < Rounds; round++)
        {
            var winners = Enumerable.Range(0, Movers).Where(m => wins[round, m] == 1).ToList();
            Assert.That(winners, Has.Count.EqualTo(1), $"round {round}");
            Assert.That(File.ReadAllBytes(Path.Combine(_root, $"t-{round}")), Is.EqualTo(new[] { (byte)winners[0] }), $"round {round}");
        }
    }

    [TestCase(28, false)] // ENOSPC
    [TestCase(30, false)] // EROFS
    [TestCase(11, true)] // EAGAIN
    [TestCase(5, true)] // EIO, e.g. a network file system timing out
    [Platform("Linux")]
    public void IsTransient_ClassifiesErrno(int errno, bool expected) =>
        Assert.That(LocalStorageErrors.IsTransient(errno), Is.EqualTo(expected));

    [Test]
    public void Constructor_WithoutPath_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new LocalStorageBackend(_fileSystem, new LocalStorageOptions()));

    /// <summary>The real file system, except that writes to new files call <paramref name="onLimit"/> once they pass <paramref name="afterBytes"/>.</summary>
    private static IFileSystem FileSystemWithFailingWrites(long afterBytes, Action onLimit)
    {
        var real = new FileSystem();
        var streams = new Mock<IFileStreamFactory>();
        streams
            .Setup(f => f.New(It.IsAny<string>(), It.IsAny<FileMode>(), It.IsAny<FileAccess>(), It.IsAny<FileShare>(), It.IsAny<int>(), It.IsAny<FileOptions>()))
            .Returns((string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options) =>
            {
                var stream = real.FileStream.New(path, mode, access, share, bufferSize, options);
                return mode == FileMode.CreateNew ? new LimitedStream(stream, path, afterBytes, onLimit) : stream;
            });
        var fileSystem = new Mock<IFileSystem>();
        fileSystem.Setup(f => f.File).Returns(real.File);
        fileSystem.Setup(f => f.Directory).Returns(real.Directory);
        fileSystem.Setup(f => f.DirectoryInfo).Returns(real.DirectoryInfo);
        fileSystem.Setup(f => f.FileInfo).Returns(real.FileInfo);
        fileSystem.Setup(f => f.Path).Returns(real.Path);
        fileSystem.Setup(f => f.FileStream).Returns(streams.Object);
        return fileSystem.Object;
    }

    private sealed class LimitedStream(FileSystemStream inner, string path, long afterBytes, Action onLimit)
        : FileSystemStream(inner, path, isAsync: true)
    {
        private long _written;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_written >= afterBytes)
            {
                onLimit();
            }

            await base.WriteAsync(buffer, cancellationToken);
            _written += buffer.Length;
        }
    }
}
