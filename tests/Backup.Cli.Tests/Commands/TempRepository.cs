using System.IO.Abstractions;
using System.Text;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Repository.Trees;
using Backup.Sdk.Storage.Local;

namespace Backup.Cli.Tests.Commands;

/// <summary>
/// A temporary directory on the real file system for a repository, and a way to run the CLI against it with the password in
/// the environment and cheap key derivation (<c>BACKUP_KDF_PARAMS</c>), as a user's script would.
/// </summary>
internal sealed class TempRepository : IDisposable
{
    public const string Password = "correct horse battery staple";
    public const string CheapKdf = "8192:1";

    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "backup-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Location = Path.Combine(Root, "repo");
    }

    /// <summary>The temporary directory (the repository and any password files live below it).</summary>
    public string Root { get; }

    /// <summary>The repository directory (not created until <c>init</c>).</summary>
    public string Location { get; }

    public Dictionary<string, string?> Variables(string password = Password) => new()
    {
        [EnvironmentVariables.Password] = password,
        [EnvironmentVariables.KdfParameters] = CheapKdf,
    };

    /// <summary>Runs <c>backup --repo &lt;Location&gt; args</c> in-process on the real file system.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithAsync(Variables(), args);

    public Task<CliRun> RunWithAsync(IDictionary<string, string?> variables, params string[] args) =>
        CliRun.RunAsync(["--repo", Location, .. args], variables, new FileSystem());

    public async Task InitAsync()
    {
        var run = await RunAsync("init");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Stderr);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<BackupRepository> OpenAsync(string password = Password) =>
        BackupRepository.OpenAsync(new LocalStorageBackend(new FileSystem(), Location), password);

    /// <summary>Names and contents of every file under the repository, to show that a refused command changed nothing.</summary>
    public Dictionary<string, string> Fingerprint() =>
        Directory.EnumerateFiles(Location, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>
    /// Stores a small snapshot of <c>/data/x</c> through the SDK: <c>a.txt</c> (<paramref name="fileContent"/>, 0644), a symlink <c>link</c> to it, a
    /// file whose name is not UTF-8 (<c>f\xFF</c>) and an empty directory <c>sub</c>.
    /// </summary>
    public async Task<Snapshot> AddSnapshotAsync(
        DateTimeOffset time,
        string hostname = "host1",
        string[]? tags = null,
        BackupLevel level = BackupLevel.Full,
        ContentId? parent = null,
        string fileContent = "hello",
        bool withSummary = true)
    {
        var repository = await OpenAsync();
        await using (repository)
        {
            await repository.Blobs.LoadIndexAsync();
            var content = await repository.Blobs.SaveAsync(BlobType.Data, Encoding.UTF8.GetBytes(fileContent));
            var mtime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
            var empty = await repository.Trees.SaveAsync(new Tree());
            var x = await repository.Trees.SaveAsync(new Tree
            {
                Nodes =
                [
                    new TreeNode { Name = "a.txt", Type = NodeType.File, Mode = 0x81A4, Uid = 1000, Gid = 100, Size = Encoding.UTF8.GetByteCount(fileContent), ModificationTimeNs = mtime, Content = [content.Id] },
                    new TreeNode { Name = "link", Type = NodeType.Symlink, Mode = 0xA1FF, LinkTarget = "a.txt", ModificationTimeNs = mtime },
                    new TreeNode { NameBytes = [(byte)'f', 0xFF], Type = NodeType.File, Mode = 0x8180, ModificationTimeNs = mtime },
                    new TreeNode { Name = "sub", Type = NodeType.Directory, Mode = 0x41ED, Subtree = empty.Id, ModificationTimeNs = mtime },
                ],
            });
            var data = await repository.Trees.SaveAsync(new Tree { Nodes = [new TreeNode { Name = "x", Type = NodeType.Directory, Mode = 0x41ED, Subtree = x.Id }] });
            var root = await repository.Trees.SaveAsync(new Tree { Nodes = [new TreeNode { Name = "data", Type = NodeType.Directory, Mode = 0x41ED, Subtree = data.Id }] });
            await repository.Blobs.FlushAsync();

            var snapshot = new Snapshot
            {
                Time = time,
                Hostname = hostname,
                Username = "alice",
                Paths = ["/data/x"],
                Tags = tags ?? [],
                Level = level,
                Parent = parent,
                Tree = root.Id,
                Summary = !withSummary ? null : new SnapshotSummary { FilesNew = 2, DirsNew = 3, DataAdded = 1234, TotalFilesProcessed = 2, TotalBytesProcessed = 5, BytesRead = 5 },
            };
            await repository.Snapshots.SaveAsync(snapshot);
            return snapshot;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
