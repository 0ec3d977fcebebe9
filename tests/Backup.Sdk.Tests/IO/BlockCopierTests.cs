using Backup.Sdk.IO;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.Tests.IO;

public class BlockCopierTests
{
    private string _directory = null!;
    private byte[] _data = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "backup-sdk-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _data = new byte[300_000];
        new Random(3).NextBytes(_data);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [TestCase(0, 0, 300_000, 1024 * 1024)]
    [TestCase(1234, 99, 200_000, 4096)]
    [TestCase(4096, 1 << 20, 100_001, 8192)]
    [TestCase(299_999, 0, 1, 4096)]
    public async Task CopyRangeAsync_CopiesExactlyTheRange(int sourceOffset, int destinationOffset, int count, int bufferSize)
    {
        var (source, destination) = OpenFiles();
        using (source)
        using (destination)
        {
            var copied = await BlockCopier.CopyRangeAsync(source, sourceOffset, destination, destinationOffset, count, bufferSize);

            var written = new byte[count];
            var read = RandomAccess.Read(destination, written, destinationOffset);
            Assert.Multiple(() =>
            {
                Assert.That(copied, Is.EqualTo(count));
                Assert.That(read, Is.EqualTo(count));
                Assert.That(written, Is.EqualTo(_data.AsSpan(sourceOffset, count).ToArray()).AsCollection);
                Assert.That(RandomAccess.GetLength(destination), Is.EqualTo(destinationOffset + count));
            });
        }
    }

    [Test]
    public async Task CopyRangeAsync_PastTheEndOfTheSource_CopiesWhatThereIsAndReturnsItsLength()
    {
        var (source, destination) = OpenFiles();
        using (source)
        using (destination)
        {
            var copied = await BlockCopier.CopyRangeAsync(source, 250_000, destination, 0, 1_000_000, 16384);
            var beyond = await BlockCopier.CopyRangeAsync(source, 400_000, destination, 0, 10, 16384);

            Assert.Multiple(() =>
            {
                Assert.That(copied, Is.EqualTo(50_000));
                Assert.That(beyond, Is.Zero);
                Assert.That(RandomAccess.GetLength(destination), Is.EqualTo(50_000));
            });
        }
    }

    [Test]
    public async Task CopyRangeAsync_LeavesTheRestOfTheDestinationAlone()
    {
        var (source, destination) = OpenFiles();
        using (source)
        using (destination)
        {
            RandomAccess.Write(destination, Enumerable.Repeat((byte)0xAA, 100).ToArray(), 0);

            await BlockCopier.CopyRangeAsync(source, 0, destination, 10, 20, 4096);

            var result = new byte[100];
            RandomAccess.Read(destination, result, 0);
            Assert.Multiple(() =>
            {
                Assert.That(result.AsSpan(0, 10).ToArray(), Is.All.EqualTo(0xAA));
                Assert.That(result.AsSpan(10, 20).ToArray(), Is.EqualTo(_data.AsSpan(0, 20).ToArray()));
                Assert.That(result.AsSpan(30).ToArray(), Is.All.EqualTo(0xAA));
            });
        }
    }

    [Test]
    public void CopyRangeAsync_RejectsNegativeArguments()
    {
        var (source, destination) = OpenFiles();
        using (source)
        using (destination)
        {
            Assert.Multiple(() =>
            {
                Assert.That(() => BlockCopier.CopyRangeAsync(source, -1, destination, 0, 10), Throws.InstanceOf<ArgumentOutOfRangeException>());
                Assert.That(() => BlockCopier.CopyRangeAsync(source, 0, destination, -1, 10), Throws.InstanceOf<ArgumentOutOfRangeException>());
                Assert.That(() => BlockCopier.CopyRangeAsync(source, 0, destination, 0, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
                Assert.That(() => BlockCopier.CopyRangeAsync(source, 0, destination, 0, 10, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            });
        }
    }

    [Test]
    public void CopyRangeAsync_WhenCancelled_Throws()
    {
        var (source, destination) = OpenFiles();
        using (source)
        using (destination)
        {
            Assert.That(
                () => BlockCopier.CopyRangeAsync(source, 0, destination, 0, 300_000, 4096, new CancellationToken(canceled: true)),
                Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [TestCase(299_983, 4096, 299_983)]
    [TestCase(123_457, 1000, 123_457)]
    [TestCase(1_000_000, 65536, 300_000 - 17)]
    [TestCase(0, 4096, 0)]
    public async Task CopyAsync_CopiesCountBytesFromTheCurrentPositions(long count, int bufferSize, long expected)
    {
        using var source = new MemoryStream(_data) { Position = 17 };
        using var destination = new MemoryStream();
        destination.Write([1, 2, 3]);

        var copied = await BlockCopier.CopyAsync(source, destination, count, bufferSize);

        Assert.Multiple(() =>
        {
            Assert.That(copied, Is.EqualTo(expected));
            Assert.That(source.Position, Is.EqualTo(17 + expected));
            Assert.That(destination.ToArray().AsSpan(3).ToArray(), Is.EqualTo(_data.AsSpan(17, (int)expected).ToArray()).AsCollection);
        });
    }

    private (SafeFileHandle Source, SafeFileHandle Destination) OpenFiles()
    {
        var sourcePath = Path.Combine(_directory, "source");
        File.WriteAllBytes(sourcePath, _data);
        var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var destination = File.OpenHandle(Path.Combine(_directory, "destination"), FileMode.Create, FileAccess.ReadWrite);
        return (source, destination);
    }
}
