using System.Reflection;

namespace Backup.Cli;

/// <summary>The version <c>backup --version</c> prints: the informational version of this assembly (the package version).</summary>
internal static class CliVersion
{
    public static string Informational { get; } =
        typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
