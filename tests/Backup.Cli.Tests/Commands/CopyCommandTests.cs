using System.IO.Abstractions;
using Backup.Sdk.Chunking;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests.Commands;

/// <summary><c>backup copy</c> between local repositories with different passwords, keys and chunkers.</summary>
[Platform("Linux")]
public class CopyCommandTests
{
    private const string DestinationPassword = "the destination's own password";

    private TempRepository _source = null!;
    private TempRepository _destination = null!;
    private string _data = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _source = new TempRepository();
        _destination = new TempRepository();
        await _source.InitAsync();

        // Another chunker than the CLI's default, made through the SDK as a host would.
        var options = new RepositoryInitOptions { Chunker = new ChunkerParameters(ChunkerAlgorithm.FastCdc, 64 * 1024, 128 * 1024, 512 * 1024), Kdf = KdfParameters.ForTesting };
        await (await BackupRepository.InitAsync(new LocalStorageBackend(new FileSystem(), _destination.Location), DestinationPassword, options)).DisposeAsync();

        _data = Path.Combine(_source.Root, "data");
        Directory.CreateDirectory(Path.Combine(_data, "docs"));
        File.WriteAllText(Path.Combine(_data, "docs", "a.txt"), "alpha");
        File.WriteAllBytes(Path.Combine(_data, "big.bin"), Bytes(2_500_000, 1));
        var backup = await _source.RunAsync("backup", _data);
        Assert.That(backup.ExitCode, Is.EqualTo(ExitCodes.Success), backup.Stderr);
    }

    [TearDown]
    public void TearDown()
    {
        _source.Dispose();
        _destination.Dispose();
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // test data
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }

    private Task<CliRun> CopyAsync(params string[] extra)
    {
        var passwordFile = _source.WriteFile("source-password", TempRepository.Password + "\n");
        return _destination.RunWithAsync(_destination.Variables(DestinationPassword), ["copy", "--from-repo", _source.Location, "--from-password-file", passwordFile, .. extra]);
    }

    private Dictionary<string, string> FingerprintWithoutLocks() =>
        _destination.Fingerprint().Where(p => !p.Key.Contains("/locks/", StringComparison.Ordinal)).ToDictionary();

    [Test]
    public async Task Copy_BetweenRepositoriesWithDifferentPasswordsAndChunkers_RestoresByteForByteFromTheDestination()
    {
        var copy = await CopyAsync();
        var target = Path.Combine(_destination.Root, "target");
        var restore = await _destination.RunWithAsync(_destination.Variables(DestinationPassword), "restore", "latest", "--target", target);

        var restored = Path.Combine(target, _data.TrimStart('/'));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.ExitCode, Is.EqualTo(ExitCodes.Success), copy.Stderr);
            Assert.That(copy.Stdout, Does.Contain("1 copied"));
            Assert.That(restore.ExitCode, Is.EqualTo(ExitCodes.Success), restore.Stderr);
            Assert.That(File.ReadAllBytes(Path.Combine(restored, "big.bin")), Is.EqualTo(Bytes(2_500_000, 1)));
            Assert.That(File.ReadAllText(Path.Combine(restored, "docs", "a.txt")), Is.EqualTo("alpha"));
        }
    }

    [Test]
    public async Task Copy_Twice_LeavesTheDestinationUnchanged()
    {
        var first = await CopyAsync();
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Stderr);
        var before = FingerprintWithoutLocks();

        var second = await CopyAsync("--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Success), second.Stderr);
            Assert.That(second.Stdout, Does.Contain("\"copied\":[]").And.Contain("\"blobsCopied\":0"));
            Assert.That(FingerprintWithoutLocks(), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Copy_WithWrongSourcePassword_ExitsElevenNamingTheSource()
    {
        var wrong = _source.WriteFile("wrong", "not the password");
        var before = FingerprintWithoutLocks();

        var run = await _destination.RunWithAsync(_destination.Variables(DestinationPassword), "copy", "--from-repo", _source.Location, "--from-password-file", wrong);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.WrongPassword), run.Stderr);
            Assert.That(run.Stderr, Does.Contain("source repository").And.Contain("--from-password-file"));
            Assert.That(FingerprintWithoutLocks(), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task Copy_WithoutSourcePassword_TriesTheDestinationPassword_AndTheVariable()
    {
        var variables = _destination.Variables(DestinationPassword);
        var withDestinationPassword = await _destination.RunWithAsync(variables, "copy", "--from-repo", _source.Location);
        variables[Backup.Cli.Commands.CopyCommand.FromPasswordVariable] = TempRepository.Password;
        var withVariable = await _destination.RunWithAsync(variables, "copy", "--from-repo", _source.Location);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withDestinationPassword.ExitCode, Is.EqualTo(ExitCodes.WrongPassword), withDestinationPassword.Stderr);
            Assert.That(withVariable.ExitCode, Is.EqualTo(ExitCodes.Success), withVariable.Stderr);
        }
    }

    [Test]
    public async Task Copy_WithHostFilterMatchingNothing_CopiesNothing()
    {
        var run = await CopyAsync("--host", "no-such-host");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
            Assert.That(run.Stdout, Does.Contain("0 copied"));
        }
    }
}
