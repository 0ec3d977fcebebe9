using Backup.Sdk.Volumes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backup.Sdk.Tests.Volumes;

public class BlockVolumeRegistrationTests
{
    private VolumeTestDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new VolumeTestDirectory();

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task AddBlockVolumes_RegistersAFactoryThatUsesTheContainersClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBackupSdk(o => o.RepositoryPath = _directory.Root).AddBlockVolumes();
        await using var provider = services.BuildServiceProvider();

        await using var volume = provider.GetRequiredService<ISnapshotVolumeFactory>().Create(_directory.PathOf("v"), new VolumeGeometry(4096, 4), SnapshotProviderKind.RedirectOnWrite);
        var snapshot = await volume.CreateSnapshotAsync("s");

        Assert.That(snapshot.Created, Is.EqualTo(clock.GetLocalNow()));
    }
}
