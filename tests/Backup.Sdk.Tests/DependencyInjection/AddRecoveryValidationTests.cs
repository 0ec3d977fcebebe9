using Backup.Sdk.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Backup.Sdk.Tests.DependencyInjection;

public class AddRecoveryValidationTests
{
    [Test]
    public async Task AddRecoveryValidation_ThenHostChecks_RunsDefaultsFirstThenTheHostsInOrder()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o =>
            {
                o.RepositoryPath = "/unused";
                o.Password = "unused";
            })
            .AddRecoveryValidation()
            .AddRecoveryValidator<HostValidator>()
            .AddFunctionalCheck("db-query", (_, _, _) => Task.FromResult<IReadOnlyList<string>>([]));

        await using var provider = services.BuildServiceProvider();
        var names = provider.GetServices<IRecoveryValidator>().Select(v => v.Name);

        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(new[] { "structure", "data-integrity", "restore-drill", "host", "db-query" }));
            Assert.That(provider.GetService<RecoveryValidationRunner>(), Is.Not.Null);
        });
    }

    [Test]
    public async Task AddRecoveryValidation_Twice_RegistersEachDefaultOnce()
    {
        var services = new ServiceCollection();
        services.AddBackupSdk(o => o.RepositoryPath = "/unused").AddRecoveryValidation().AddRecoveryValidation();

        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<IRecoveryValidator>().Count(), Is.EqualTo(3));
    }

    private sealed class HostValidator : IRecoveryValidator
    {
        public string Name => "host";

        public Task<ValidatorResult> ValidateAsync(RecoveryValidationContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ValidatorResult { Name = Name, Status = ValidationStatus.Passed });
    }
}
