using System.Text;
using System.Text.Json.Nodes;
using Backup.Sdk.Cryptography;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Cryptography;

public class KeyStoreTests
{
    private static readonly KeyOwner Owner = new("host1", "alice");
    private static readonly KdfParameters Kdf = KdfParameters.ForTesting;

    private TestStorage _storage = null!;
    private FakeTimeProvider _time = null!;
    private KeyStore _store = null!;
    private MasterSecret _secret = null!;
    private RepositoryId _repository;

    [SetUp]
    public void SetUp()
    {
        _storage = new TestStorage();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 5, 0, 0, 123, TimeSpan.Zero));
        _store = new KeyStore(_storage, _time);
        _secret = TestSecrets.Fixed();
        _repository = TestSecrets.RepositoryId();
    }

    [TearDown]
    public void TearDown() => _secret.Dispose();

    [Test]
    public async Task Create_ThenOpen_GivesTheSameSecretKeyIdAndRepository()
    {
        var id = await CreateAsync("correct horse");

        using var opened = await _store.OpenAsync("correct horse");

        Assert.Multiple(() =>
        {
            Assert.That(opened.Secret.Bytes.ToArray(), Is.EqualTo(_secret.Bytes.ToArray()));
            Assert.That(opened.KeyId, Is.EqualTo(id));
            Assert.That(opened.RepositoryId, Is.EqualTo(_repository));
            Assert.That(_storage.Names, Is.EquivalentTo(new[] { "keys/" + id }));
        });
    }

    [Test]
    public async Task Create_NamesTheKeyFileByTheSha256OfItsBytes()
    {
        var id = await CreateAsync("pw");

        Assert.That(id, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(_storage["keys/" + id]))));
    }

    [Test]
    public async Task Create_WritesTheDocumentedJson()
    {
        var id = await CreateAsync("pw");

        var json = JsonNode.Parse(_storage["keys/" + id])!.AsObject();
        var kdf = json["kdf"]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "version", "repository", "created", "hostname", "username", "kdf", "wrapped" }));
            Assert.That(kdf.Select(p => p.Key), Is.EqualTo(new[] { "algorithm", "memoryKiB", "iterations", "parallelism", "salt" }));
            Assert.That((int)json["version"]!, Is.EqualTo(1));
            Assert.That((string)json["repository"]!, Is.EqualTo(_repository.ToString()));
            Assert.That((string)json["created"]!, Is.EqualTo("2026-11-24T05:00:00.123+00:00"));
            Assert.That((string)json["hostname"]!, Is.EqualTo("host1"));
            Assert.That((string)json["username"]!, Is.EqualTo("alice"));
            Assert.That((string)kdf["algorithm"]!, Is.EqualTo("argon2id"));
            Assert.That((int)kdf["memoryKiB"]!, Is.EqualTo(Kdf.MemoryKiB));
            Assert.That((int)kdf["iterations"]!, Is.EqualTo(Kdf.Iterations));
            Assert.That((int)kdf["parallelism"]!, Is.EqualTo(1));
            Assert.That(Convert.FromBase64String((string)kdf["salt"]!), Has.Length.EqualTo(16));
            Assert.That(Convert.FromBase64String((string)json["wrapped"]!), Has.Length.EqualTo(92));
        });
    }

    [Test]
    public async Task Open_WithWrongPassword_ThrowsWrongPassword()
    {
        await CreateAsync("right");

        Assert.That(() => _store.OpenAsync("wrong"), Throws.TypeOf<WrongPasswordException>());
    }

    [Test]
    public void Open_WithNoKeys_ThrowsRepositoryNotFoundNamingTheLocation()
    {
        Assert.That(
            () => _store.OpenAsync("any"),
            Throws.TypeOf<RepositoryNotFoundException>().With.Property(nameof(RepositoryNotFoundException.Location)).EqualTo("memory:test"));
    }

    [Test]
    public async Task Open_WithSeveralPasswords_EachOpensTheSameSecret()
    {
        var first = await CreateAsync("first");
        using var opened = await _store.OpenAsync("first");
        var second = await _store.AddAsync(opened, "second", Kdf, Owner);
        var third = await _store.AddAsync(opened, "third", Kdf, Owner);

        using var viaSecond = await _store.OpenAsync("second");
        using var viaThird = await _store.OpenAsync("third", preferredKeyId: third);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first, second, third }, Is.Unique);
            Assert.That(viaSecond.KeyId, Is.EqualTo(second));
            Assert.That(viaThird.KeyId, Is.EqualTo(third));
            Assert.That(viaSecond.Secret.Bytes.ToArray(), Is.EqualTo(_secret.Bytes.ToArray()));
            Assert.That(viaThird.Secret.Bytes.ToArray(), Is.EqualTo(_secret.Bytes.ToArray()));
        });
    }

    [Test]
    public async Task List_GivesEveryKeyWithItsDetails()
    {
        var first = await CreateAsync("first");
        _time.Advance(TimeSpan.FromDays(1));
        using var opened = await _store.OpenAsync("first");
        var slow = new KdfParameters(16 * 1024, 2);
        var second = await _store.AddAsync(opened, "second", slow, new KeyOwner("host2", "bob"));

        var keys = await _store.ListAsync().ToListAsync();

        Assert.That(keys, Is.EquivalentTo(new[]
        {
            new KeyInfo(first, _repository, new DateTimeOffset(2026, 11, 24, 5, 0, 0, 123, TimeSpan.Zero), "host1", "alice", Kdf),
            new KeyInfo(second, _repository, new DateTimeOffset(2026, 11, 25, 5, 0, 0, 123, TimeSpan.Zero), "host2", "bob", slow),
        }));
    }

    [Test]
    public async Task Remove_AnotherKey_DeletesItAndItsPasswordStopsWorking()
    {
        await CreateAsync("keep");
        using var opened = await _store.OpenAsync("keep");
        var other = await _store.AddAsync(opened, "drop", Kdf, Owner);

        var removed = await _store.RemoveAsync(other[..8], opened.KeyId);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(other));
            Assert.That(_storage.Names, Has.Count.EqualTo(1));
            Assert.That(() => _store.OpenAsync("drop"), Throws.TypeOf<WrongPasswordException>());
        });
    }

    [Test]
    public async Task Remove_TheKeyInUse_ThrowsInvalidOperation()
    {
        await CreateAsync("first");
        using var opened = await _store.OpenAsync("first");
        await _store.AddAsync(opened, "second", Kdf, Owner);

        Assert.Multiple(() =>
        {
            Assert.That(() => _store.RemoveAsync(opened.KeyId, opened.KeyId), Throws.TypeOf<InvalidOperationException>());
            Assert.That(_storage.Names, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Remove_TheLastKey_ThrowsInvalidOperation()
    {
        var id = await CreateAsync("only");

        Assert.Multiple(() =>
        {
            Assert.That(() => _store.RemoveAsync(id, currentKeyId: new string('0', 64)), Throws.TypeOf<InvalidOperationException>());
            Assert.That(_storage.Names, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Remove_UnknownId_ThrowsObjectNotFound()
    {
        var id = await CreateAsync("only");

        Assert.That(() => _store.RemoveAsync(new string('f', 64), id), Throws.TypeOf<ObjectNotFoundException>());
    }

    [Test]
    public async Task ChangePassword_OldPasswordStopsWorkingAndNewOneOpensTheSameSecret()
    {
        await CreateAsync("old");
        string newId;
        using (var opened = await _store.OpenAsync("old"))
        {
            newId = await _store.ChangePasswordAsync(opened, "new", Kdf, Owner);
        }

        using var reopened = await _store.OpenAsync("new");

        Assert.Multiple(() =>
        {
            Assert.That(reopened.KeyId, Is.EqualTo(newId));
            Assert.That(reopened.Secret.Bytes.ToArray(), Is.EqualTo(_secret.Bytes.ToArray()));
            Assert.That(_storage.Names, Is.EquivalentTo(new[] { "keys/" + newId }));
            Assert.That(() => _store.OpenAsync("old"), Throws.TypeOf<WrongPasswordException>());
        });
    }

    [Test]
    public async Task Open_OnlyKeyWithAByteOfWrappedFlipped_ThrowsWrongPassword()
    {
        var id = await CreateAsync("pw");
        Rewrite(id, json =>
        {
            var wrapped = Convert.FromBase64String((string)json["wrapped"]!);
            wrapped[40] ^= 0x01;
            json["wrapped"] = Convert.ToBase64String(wrapped);
        });

        Assert.That(() => _store.OpenAsync("pw"), Throws.TypeOf<WrongPasswordException>());
    }

    [Test]
    public async Task Open_OnlyKeyWithRepositoryChanged_ThrowsWrongPassword()
    {
        var id = await CreateAsync("pw");
        Rewrite(id, json => json["repository"] = TestSecrets.RepositoryId(99).ToString());

        Assert.That(() => _store.OpenAsync("pw"), Throws.TypeOf<WrongPasswordException>());
    }

    [Test]
    public async Task Open_KeyWhoseContentDoesNotMatchItsName_IsPassedOver()
    {
        var id = await CreateAsync("pw");
        var bytes = _storage["keys/" + id];
        _storage["keys/" + id] = [.. bytes, (byte)'\n'];

        Assert.That(() => _store.OpenAsync("pw"), Throws.TypeOf<WrongPasswordException>());
    }

    [Test]
    public async Task Open_WithADamagedKeyBesideAGoodOne_OpensTheGoodOne()
    {
        await CreateAsync("pw");
        var junk = "not json"u8.ToArray();
        _storage["keys/" + KeyFile.IdOf(junk)] = junk;

        using var opened = await _store.OpenAsync("pw");

        Assert.That(opened.Secret.Bytes.ToArray(), Is.EqualTo(_secret.Bytes.ToArray()));
    }

    [Test]
    public async Task Open_OnlyKeyWithVersion99_ThrowsUnsupportedFormatVersion()
    {
        var id = await CreateAsync("pw");
        var newName = Rewrite(id, json => json["version"] = 99);

        Assert.That(
            () => _store.OpenAsync("pw"),
            Throws.TypeOf<UnsupportedFormatVersionException>()
                .With.Property(nameof(UnsupportedFormatVersionException.Version)).EqualTo(99)
                .And.Property(nameof(UnsupportedFormatVersionException.ObjectName)).EqualTo(newName));
    }

    [Test]
    public async Task Open_OnlyKeyWithVersion99AndAnUnknownShape_ThrowsUnsupportedFormatVersion()
    {
        var id = await CreateAsync("pw");
        Rewrite(id, json =>
        {
            json["version"] = 99;
            json["kdf"] = "a future kdf description";
        });

        Assert.That(() => _store.OpenAsync("pw"), Throws.TypeOf<UnsupportedFormatVersionException>());
    }

    [Test]
    public async Task List_WithAVersion99Key_ThrowsUnsupportedFormatVersion()
    {
        var id = await CreateAsync("pw");
        Rewrite(id, json => json["version"] = 99);

        Assert.That(async () => await _store.ListAsync().ToListAsync(), Throws.TypeOf<UnsupportedFormatVersionException>());
    }

    [Test]
    public async Task Open_WithAVersion99KeyBesideAGoodOne_OpensTheGoodOne()
    {
        var id = await CreateAsync("pw");
        var copy = JsonNode.Parse(_storage["keys/" + id])!;
        copy["version"] = 99;
        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        _storage["keys/" + KeyFile.IdOf(bytes)] = bytes;

        using var opened = await _store.OpenAsync("pw");

        Assert.That(opened.KeyId, Is.EqualTo(id));
    }

    private Task<string> CreateAsync(string password) => _store.CreateAsync(_repository, _secret, password, Kdf, Owner);

    // Edits a key file and stores it under the name of its new content, so that the edit is caught by the cryptography and
    // not merely by the name check.
    private string Rewrite(string id, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(_storage["keys/" + id])!.AsObject();
        edit(json);
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        _storage.Remove("keys/" + id);
        var name = "keys/" + KeyFile.IdOf(bytes);
        _storage[name] = bytes;
        return name;
    }
}
