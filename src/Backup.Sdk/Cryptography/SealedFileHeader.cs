namespace Backup.Sdk.Cryptography;

/// <summary>
/// The cleartext header of a sealed file, readable without keys: enough to tell the version and the repository of a
/// <c>config</c> before any key is known.
/// </summary>
/// <param name="Type">The file type byte as stored; it may be a value <see cref="SealedFileType"/> does not define.</param>
/// <param name="Version">The format version.</param>
/// <param name="RepositoryId">The repository the file says it belongs to (not yet authenticated).</param>
internal readonly record struct SealedFileHeader(SealedFileType Type, int Version, RepositoryId RepositoryId);
