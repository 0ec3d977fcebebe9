using System.IO.Abstractions;
using Backup.Cli.Tests.Commands;
using Backup.Sdk.Storage.Tests.Support;

namespace Backup.Cli.Tests.ObjectStorage;

/// <summary><c>backup copy</c> from a local repository into an <c>s3:</c> location on a real s3rver, and back out.</summary>
[Category("Integration")]
public class CopyToObjectStorageTests
{
    private TempRepository _local = null!;

    [SetUp]
    public void SetUp() => _local = new TempRepository();

    [TearDown]
    public void TearDown() => _local.Dispose();

    [Test]
    public async Task Copy_FromLocalIntoS3_RestoresFromS3_AndASecondCopyAddsNothing()
    {
        var location = $"s3:{TestServices.S3Endpoint.GetLeftPart(UriPartial.Authority)}/{TestServices.UniqueName("copy")}/hosts/h1";
        var variables = new Dictionary<string, string?>(_local.Variables("s3 repository password"))
        {
            ["AWS_ACCESS_KEY_ID"] = TestServices.S3AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = TestServices.S3SecretKey,
            [Backup.Cli.Commands.CopyCommand.FromPasswordVariable] = TempRepository.Password,
        };
        await _local.InitAsync();
        var data = Path.Combine(_local.Root, "data");
        Directory.CreateDirectory(data);
        var big = new byte[1_500_000];
#pragma warning disable CA5394 // test data
        new Random(3).NextBytes(big);
#pragma warning restore CA5394
        File.WriteAllBytes(Path.Combine(data, "big.bin"), big);
        Assert.That((await _local.RunAsync("backup", data)).ExitCode, Is.EqualTo(ExitCodes.Success));

        var init = await RunAsync(location, variables, "init");
        var copy = await RunAsync(location, variables, "copy", "--from-repo", _local.Location);
        var again = await RunAsync(location, variables, "copy", "--from-repo", _local.Location, "--json");
        var target = Path.Combine(_local.Root, "target");
        var restore = await RunAsync(location, variables, "restore", "latest", "--target", target);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Success), init.Stderr);
            Assert.That(copy.ExitCode, Is.EqualTo(ExitCodes.Success), copy.Stderr);
            Assert.That(again.Stdout, Does.Contain("\"copied\":[]").And.Contain("\"blobsCopied\":0"));
            Assert.That(restore.ExitCode, Is.EqualTo(ExitCodes.Success), restore.Stderr);
            Assert.That(File.ReadAllBytes(Path.Combine(target, data.TrimStart('/'), "big.bin")), Is.EqualTo(big));
        }
    }

    private static Task<CliRun> RunAsync(string location, Dictionary<string, string?> variables, params string[] args) =>
        CliRun.RunAsync(["--repo", location, .. args], variables, new FileSystem());
}
