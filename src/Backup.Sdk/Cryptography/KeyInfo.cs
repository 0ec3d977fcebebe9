namespace Backup.Sdk.Cryptography;

/// <summary>What a key file tells without a password.</summary>
/// <param name="Id">The key id: the SHA-256 of the key file, as 64 hex characters (the file is <c>keys/&lt;id&gt;</c>).</param>
/// <param name="RepositoryId">The repository the key says it belongs to.</param>
/// <param name="Created">When the key was made.</param>
/// <param name="Hostname">The machine it was made on.</param>
/// <param name="Username">The user who made it.</param>
/// <param name="Kdf">The cost of its password derivation.</param>
public sealed record KeyInfo(string Id, RepositoryId RepositoryId, DateTimeOffset Created, string Hostname, string Username, KdfParameters Kdf);
