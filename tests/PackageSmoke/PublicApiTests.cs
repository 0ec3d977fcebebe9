using System.Reflection;
using Backup.Sdk;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;

namespace PackageSmoke;

/// <summary>
/// The public API as a consumer of the packages uses it: only public types, referenced through PackageReference.
/// When a test here fails to compile, a public API broke for every user.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void ReferencedAssemblies_AreThePackagesOfThisBuild()
    {
        var testing = Assembly.Load("Backup.Sdk.Testing");

        Assert.Multiple(() =>
        {
            Assert.That(InformationalVersion(typeof(ContentId).Assembly), Does.StartWith(SmokeSettings.Version));
            Assert.That(InformationalVersion(testing), Does.StartWith(SmokeSettings.Version));
        });
    }

    [Test]
    public void ContentId_ParseThenToString_RoundTrips()
    {
        const string Hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

        var id = ContentId.Parse(Hex);

        Assert.Multiple(() =>
        {
            Assert.That(id.ToString(), Is.EqualTo(Hex));
            Assert.That(new ContentId(id.ToArray()), Is.EqualTo(id));
            Assert.That(ContentId.TryParse("not hex", out _), Is.False);
        });
    }

    [TestCase("config", true)]
    [TestCase("data/ab/ab12cd", true)]
    [TestCase("../escape", false)]
    [TestCase("", false)]
    public void StorageNames_IsValid_FollowsTheDocumentedRules(string name, bool expected)
    {
        Assert.That(StorageNames.IsValid(name), Is.EqualTo(expected));
    }

    [Test]
    public void SdkExceptions_AreCatchableAsBackupException()
    {
        var thrown = new List<BackupException>();
        foreach (var raise in new Action[]
        {
            () => throw new RepositoryNotFoundException("/nowhere"),
            () => throw new WrongPasswordException(),
            () => throw new CorruptObjectException("data/ab/ab12", "bad tag"),
            () => throw new StorageUnavailableException("timeout", isTransient: true),
        })
        {
            try
            {
                raise();
            }
            catch (BackupException ex)
            {
                thrown.Add(ex);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(thrown, Has.Count.EqualTo(4));
            Assert.That(thrown[0], Is.TypeOf<RepositoryNotFoundException>().With.Property(nameof(RepositoryNotFoundException.Location)).EqualTo("/nowhere"));
            Assert.That(thrown[3].IsTransient, Is.True);
            Assert.That(thrown[1].IsTransient, Is.False);
        });
    }

    // ------------------------------------------------------------------------------------------------------------------
    // INTEGRATION POINT: repository round trip through the packages.
    // When Backup.Sdk.Testing ships InMemoryStorageBackend and Backup.Sdk the repository API, add a test here that uses
    // them exactly as a consumer would: create an in-memory backend, init a repository with a password, back up a small
    // in-memory tree, list the snapshot, restore it, compare; and that reopening with a wrong password throws
    // WrongPasswordException. Use only public API; nothing here may need InternalsVisibleTo.
    // ------------------------------------------------------------------------------------------------------------------

    private static string? InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
