using Backup.Sdk.Chunking;
using Backup.Sdk.Cryptography;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;

namespace Backup.Sdk.Tests.Support;

/// <summary>Repositories with cheap key derivation and small packs, so tests stay fast.</summary>
internal static class TestRepositories
{
    public const string Password = "correct horse battery staple";

    public static KdfParameters CheapKdf => KdfParameters.ForTesting;

    public static RepositoryInitOptions SmallOptions(int packSize = 256 * 1024) => new()
    {
        Chunker = new ChunkerParameters(ChunkerAlgorithm.FastCdc, 16 * 1024, 64 * 1024, 256 * 1024),
        PackSize = packSize,
        Kdf = CheapKdf,
        Hostname = "test-host",
        Username = "tester",
    };

    public static Task<BackupRepository> InitAsync(IStorageBackend storage, RepositoryInitOptions? options = null, RepositoryOptions? repositoryOptions = null) =>
        BackupRepository.InitAsync(storage, Password, options ?? SmallOptions(), repositoryOptions);

    public static Task<BackupRepository> OpenAsync(IStorageBackend storage, string password = Password) =>
        BackupRepository.OpenAsync(storage, password);

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Names and contents of every stored object, to show that a failed operation changed nothing.</summary>
    public static async Task<Dictionary<string, string>> FingerprintAsync(IStorageBackend storage)
    {
        var result = new Dictionary<string, string>();
        await foreach (var info in storage.ListAsync(""))
        {
            result[info.Name] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await storage.GetAsync(info.Name)));
        }

        return result;
    }
}
