using Backup.Sdk.Cryptography;

namespace Backup.Sdk.Tests.Cryptography;

/// <summary>Fixed secrets, so that failures reproduce.</summary>
internal static class TestSecrets
{
    public static MasterSecret Fixed(byte seed = 1) =>
        MasterSecret.FromBytes(Enumerable.Range(0, MasterSecret.Size).Select(i => (byte)(i * 13 + seed)).ToArray());

    public static RepositoryId RepositoryId(byte seed = 7) =>
        new(Enumerable.Range(0, global::Backup.Sdk.Cryptography.RepositoryId.Size).Select(i => (byte)(i + seed)).ToArray());
}
