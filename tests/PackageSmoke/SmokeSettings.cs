using System.Reflection;

namespace PackageSmoke;

/// <summary>The version, feed and tool path this build was made against (from MSBuild, see PackageSmoke.csproj).</summary>
internal static class SmokeSettings
{
    public static string Version => Get("BackupSdkVersion");

    public static string Feed => Get("BackupSdkFeed");

    public static string ToolPath => Get("BackupToolPath");

    private static string Get(string key) =>
        typeof(SmokeSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing.");
}
