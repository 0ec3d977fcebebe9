using System.Security.Cryptography;
using System.Text.Json;
using Backup.Sdk.Repository.Serialization;

namespace Backup.Sdk.Cryptography;

/// <summary>A validated key file (docs/format.md, "Key files"): a password-wrapped copy of the master secret.</summary>
internal sealed record KeyFile(
    RepositoryId Repository,
    DateTimeOffset Created,
    string Hostname,
    string Username,
    KdfParameters Kdf,
    ReadOnlyMemory<byte> Salt,
    ReadOnlyMemory<byte> Wrapped)
{
    /// <summary>The key file version this code writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The storage prefix of key files.</summary>
    public const string Prefix = "keys/";

    /// <summary>The only algorithm of version 1.</summary>
    public const string Argon2id = "argon2id";

    /// <summary>Wraps <paramref name="secret"/> under <paramref name="password"/> with a fresh salt.</summary>
    public static KeyFile Create(RepositoryId repository, MasterSecret secret, string password, KdfParameters kdf, KeyOwner owner, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var salt = RandomNumberGenerator.GetBytes(PasswordKeyDeriver.SaltSize);
        Span<byte> kek = stackalloc byte[PasswordKeyDeriver.KeySize];
        try
        {
            PasswordKeyDeriver.DeriveKey(password, salt, kdf, kek);
            var wrapped = KeyWrap.Wrap(kek, repository, secret);
            return new KeyFile(repository, created, owner.Hostname, owner.Username, kdf, salt, wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Unwraps the secret with <paramref name="password"/>, or returns <see langword="null"/> when it does not open this key.</summary>
    public MasterSecret? TryOpen(string password)
    {
        Span<byte> kek = stackalloc byte[PasswordKeyDeriver.KeySize];
        try
        {
            PasswordKeyDeriver.DeriveKey(password, Salt.Span, Kdf, kek);
            return KeyWrap.TryUnwrap(kek, Repository, Wrapped.Span);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>The stored bytes: indented UTF-8 JSON.</summary>
    public byte[] Serialize()
    {
        var document = new KeyFileDocument
        {
            Version = CurrentVersion,
            Repository = Repository.ToString(),
            Created = Created,
            Hostname = Hostname,
            Username = Username,
            Kdf = new KdfDocument
            {
                Algorithm = Argon2id,
                MemoryKiB = Kdf.MemoryKiB,
                Iterations = Kdf.Iterations,
                Parallelism = Kdf.Parallelism,
                Salt = Salt.ToArray(),
            },
            Wrapped = Wrapped.ToArray(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, KeyFileJsonContext.Default.KeyFileDocument);
    }

    /// <summary>The key id of stored bytes: their SHA-256 as hex, which is also the last segment of the storage name.</summary>
    public static string IdOf(ReadOnlySpan<byte> stored) => Convert.ToHexStringLower(SHA256.HashData(stored));

    /// <summary>The storage name of the key <paramref name="keyId"/>.</summary>
    public static string NameOf(string keyId) => Prefix + keyId;

    /// <summary>Parses and validates stored bytes read from <paramref name="objectName"/> (<c>keys/&lt;id&gt;</c>).</summary>
    /// <exception cref="CorruptObjectException">The name does not match the content, the JSON is malformed or a field is missing or invalid.</exception>
    /// <exception cref="UnsupportedFormatVersionException">The key file has a version this code does not read.</exception>
    public static KeyFile Parse(string objectName, ReadOnlySpan<byte> stored)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        if (!objectName.StartsWith(Prefix, StringComparison.Ordinal) ||
            !string.Equals(objectName[Prefix.Length..], IdOf(stored), StringComparison.Ordinal))
        {
            throw new CorruptObjectException(objectName, "the SHA-256 of its content does not match its name.");
        }

        // The version is read on its own first: a newer file may change any other property, and must still be recognised as newer.
        switch (PeekVersion(stored))
        {
            case null:
                throw Invalid(objectName, "version");
            case > CurrentVersion and var newer:
                throw new UnsupportedFormatVersionException(objectName, newer, CurrentVersion);
            case not CurrentVersion:
                throw Invalid(objectName, "version");
        }

        var document = JsonObjectReader.Read(stored, KeyFileJsonContext.Default.KeyFileDocument, objectName, "key file");

        if (!RepositoryId.TryParse(document.Repository, out var repository))
        {
            throw Invalid(objectName, "repository");
        }

        var kdf = document.Kdf ?? throw Invalid(objectName, "kdf");
        if (!string.Equals(kdf.Algorithm, Argon2id, StringComparison.Ordinal))
        {
            throw Invalid(objectName, "kdf.algorithm");
        }

        if (kdf.Salt is not { Length: PasswordKeyDeriver.SaltSize } salt)
        {
            throw Invalid(objectName, "kdf.salt");
        }

        if (document.Wrapped is not { Length: KeyWrap.WrappedSize } wrapped)
        {
            throw Invalid(objectName, "wrapped");
        }

        KdfParameters parameters;
        try
        {
            parameters = new KdfParameters(kdf.MemoryKiB ?? 0, kdf.Iterations ?? 0, kdf.Parallelism ?? 0);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new CorruptObjectException(objectName, "its kdf parameters are missing or not supported.", ex);
        }

        return new KeyFile(
            repository,
            document.Created ?? throw Invalid(objectName, "created"),
            document.Hostname ?? string.Empty,
            document.Username ?? string.Empty,
            parameters,
            salt,
            wrapped);
    }

    /// <summary>The top-level <c>version</c> of a JSON object, or <see langword="null"/> when there is none or the JSON is malformed.</summary>
    private static int? PeekVersion(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("version"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON has no version; the full parse reports it.
        }

        return null;
    }

    private static CorruptObjectException Invalid(string objectName, string property) =>
        new(objectName, $"its property '{property}' is missing or invalid.");
}
