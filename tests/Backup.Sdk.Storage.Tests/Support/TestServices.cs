namespace Backup.Sdk.Storage.Tests.Support;

/// <summary>
/// Where the test servers started by <c>scripts/test-services.sh start</c> listen: from the environment, else from the env
/// file that the script writes. A test whose server is in neither fails with a message that says how to start it.
/// </summary>
internal static class TestServices
{
    public const string S3EndpointVariable = "BACKUP_TEST_S3_ENDPOINT";
    public const string S3AccessKeyVariable = "BACKUP_TEST_S3_ACCESS_KEY";
    public const string S3SecretKeyVariable = "BACKUP_TEST_S3_SECRET_KEY";
    public const string AzureConnectionStringVariable = "BACKUP_TEST_AZURE_CONNECTION_STRING";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> EnvFile = new(ReadEnvFile);

    public static Uri S3Endpoint => new(Require(S3EndpointVariable, "s3rver"));

    public static string S3AccessKey => Require(S3AccessKeyVariable, "s3rver");

    public static string S3SecretKey => Require(S3SecretKeyVariable, "s3rver");

    public static string AzureConnectionString => Require(AzureConnectionStringVariable, "Azurite");

    /// <summary>A name no other test uses: lowercase letters and digits, valid as a bucket, container or prefix.</summary>
    public static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid():N}"[..Math.Min(stem.Length + 25, 63)];

    private static string Require(string variable, string service)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            EnvFile.Value.TryGetValue(variable, out value);
        }

        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail($"{variable} is not set, so the {service} these tests need is not known. Run scripts/test-services.sh start "
                + "(or scripts/test.sh, which starts it) before dotnet test.");
        }

        return value!;
    }

    private static Dictionary<string, string> ReadEnvFile()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Backup.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null ? null : Path.Combine(directory.FullName, "artifacts", "test-services", "env");
        if (path is null || !File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var text = line.StartsWith("export ", StringComparison.Ordinal) ? line["export ".Length..] : line;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[text[..equals]] = text[(equals + 1)..].Trim('\'');
            }
        }

        return values;
    }
}
