using Backup.Sdk.DependencyInjection;
using Backup.Sdk.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace Backup.Sdk.Tests.DependencyInjection;

public class BackupRepositoryProviderLogTests
{
    [TestCase(false, 1)]
    [TestCase(true, 0)]
    public async Task Open_OnStoreIgnoringConditionalWrites_LogsOneWarning(bool honoured, int expectedWarnings)
    {
        var storage = new ProbedStorageBackend(honoured);
        await (await TestRepositories.InitAsync(storage)).DisposeAsync();
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var loggers = new Mock<ILoggerFactory>();
        loggers.Setup(f => f.CreateLogger(It.IsAny<string>())).Returns(logger.Object);
        await using var provider = new BackupRepositoryProvider(storage, Options.Create(new BackupSdkOptions { Password = TestRepositories.Password }), TimeProvider.System, loggers.Object);

        await provider.OpenAsync();

        logger.Verify(
            l => l.Log(LogLevel.Warning, It.Is<EventId>(e => e.Id == 7005), It.IsAny<It.IsAnyType>(), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Exactly(expectedWarnings));
    }
}
