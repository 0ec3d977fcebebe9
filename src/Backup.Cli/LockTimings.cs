using System.Globalization;
using Backup.Sdk.Repository.Locks;

namespace Backup.Cli;

/// <summary>Reads <see cref="EnvironmentVariables.LockTimings"/>.</summary>
internal static class LockTimings
{
    /// <summary>The lock options for a value of the variable; the SDK's defaults when it is absent.</summary>
    /// <exception cref="CliUsageException">The value is malformed or the timings are inconsistent.</exception>
    public static LockOptions Parse(string? value)
    {
        var options = new LockOptions();
        if (string.IsNullOrWhiteSpace(value))
        {
            return options;
        }

        var parts = value.Split(':');
        var seconds = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds[i]) || seconds[i] < 0)
            {
                throw new CliUsageException($"{EnvironmentVariables.LockTimings} must be <refresh>:<abortAfter>:<stale>[:<wait>] in seconds, not '{value}'.");
            }
        }

        if (parts.Length is not (3 or 4))
        {
            throw new CliUsageException($"{EnvironmentVariables.LockTimings} must be <refresh>:<abortAfter>:<stale>[:<wait>] in seconds, not '{value}'.");
        }

        options.RefreshInterval = TimeSpan.FromSeconds(seconds[0]);
        options.AbortAfter = TimeSpan.FromSeconds(seconds[1]);
        options.StaleTimeout = TimeSpan.FromSeconds(seconds[2]);
        options.WaitTimeout = parts.Length == 4 ? TimeSpan.FromSeconds(seconds[3]) : TimeSpan.Zero;
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"{EnvironmentVariables.LockTimings}: {ex.Message}");
        }

        return options;
    }
}
