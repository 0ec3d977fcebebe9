using System.Collections;
using System.Runtime.InteropServices;

namespace Backup.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();

        // The first Ctrl+C (or SIGTERM) asks the running command to stop cleanly; a second one ends the process.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }

        StartupProfile.Start(args, environment);
        return await Cli.RunAsync(args, Console.Out, Console.Error, environment, cancellation.Token).ConfigureAwait(false);
    }
}
