using System.IO.Compression;
using System.Xml.Linq;

namespace PackageSmoke;

/// <summary>What nuget.org and a consumer see of each package: its .nuspec and its files.</summary>
public class PackageMetadataTests
{
    private static readonly string[] Libraries = ["Backup.Sdk", "Backup.Sdk.Testing", "Backup.Sdk.Storage.S3", "Backup.Sdk.Storage.AzureBlob"];
    private static readonly string[] AllPackages = [.. Libraries, "Backup.Cli"];

    private static string PackagePath(string id) => Path.Combine(SmokeSettings.Feed, $"{id}.{SmokeSettings.Version}.nupkg");

    private static XElement ReadNuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static XElement? Child(XElement element, string localName) => element.Elements().SingleOrDefault(e => e.Name.LocalName == localName);

    [Test]
    public void Feed_HoldsExactlyTheShippedPackagesAtThisVersion()
    {
        var packages = Directory.GetFiles(SmokeSettings.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.That(packages, Is.EquivalentTo(AllPackages.Select(id => $"{id}.{SmokeSettings.Version}.nupkg")));
    }

    [TestCaseSource(nameof(AllPackages))]
    public void Nuspec_HasTheMetadataNuGetOrgShows(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id));
        var metadata = ReadNuspec(package);

        var license = Child(metadata, "license");
        var repository = Child(metadata, "repository");
        var readme = Child(metadata, "readme")?.Value;
        Assert.Multiple(() =>
        {
            Assert.That(Child(metadata, "id")?.Value, Is.EqualTo(id));
            Assert.That(Child(metadata, "version")?.Value, Is.EqualTo(SmokeSettings.Version));
            Assert.That(Child(metadata, "description")?.Value, Is.Not.Null.And.Length.GreaterThan(20));
            Assert.That(Child(metadata, "authors")?.Value, Is.Not.Null.And.Not.Empty);
            Assert.That(license?.Attribute("type")?.Value, Is.EqualTo("expression"));
            Assert.That(license?.Value, Is.EqualTo("MIT"));
            Assert.That(repository?.Attribute("url")?.Value, Does.StartWith("https://"));
            Assert.That(Child(metadata, "tags")?.Value, Does.Contain("backup"));
            Assert.That(readme, Is.EqualTo("README.md"));
            Assert.That(package.GetEntry("README.md"), Is.Not.Null, "the readme named in the nuspec is in the package");
        });
    }

    [TestCaseSource(nameof(Libraries))]
    public void Library_ShipsAssemblyXmlDocsAndSymbolPackage(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id));

        Assert.Multiple(() =>
        {
            Assert.That(package.GetEntry($"lib/net10.0/{id}.dll"), Is.Not.Null);
            Assert.That(package.GetEntry($"lib/net10.0/{id}.xml"), Is.Not.Null, "XML docs for IntelliSense");
            Assert.That(File.Exists(Path.Combine(SmokeSettings.Feed, $"{id}.{SmokeSettings.Version}.snupkg")), Is.True, "symbol package");
        });
    }

    [Test]
    public void Testing_DependsOnTheSameVersionOfTheCore()
    {
        using var package = ZipFile.OpenRead(PackagePath("Backup.Sdk.Testing"));
        var dependencies = ReadNuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency");

        var core = dependencies.SingleOrDefault(d => d.Attribute("id")?.Value == "Backup.Sdk");

        Assert.That(core?.Attribute("version")?.Value, Is.EqualTo(SmokeSettings.Version));
    }

    [Test]
    public void Cli_IsADotnetToolPackage()
    {
        using var package = ZipFile.OpenRead(PackagePath("Backup.Cli"));
        var packageTypes = ReadNuspec(package).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")?.Value);

        Assert.Multiple(() =>
        {
            Assert.That(packageTypes, Does.Contain("DotnetTool"));
            Assert.That(package.Entries.Any(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)), Is.True);
        });
    }

    [TestCaseSource(nameof(Libraries))]
    public void Library_IsNotMarkedAsATool(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id));
        var packageTypes = ReadNuspec(package).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")?.Value);

        Assert.That(packageTypes, Does.Not.Contain("DotnetTool"));
    }
}
