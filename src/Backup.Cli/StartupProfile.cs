using System.IO.Abstractions;
using System.Runtime;

namespace Backup.Cli;

/// <summary>
/// Multi-core JIT for the command-line tool (<see cref="ProfileOptimization"/>): each run records which methods it
/// compiled, per command, in <c>$XDG_CACHE_HOME/backup-sdk/startup</c> (or <c>~/.cache/backup-sdk/startup</c>); the next
/// run of that command compiles them ahead on another core while the first one goes on. Generic code over the tool's own
/// types (async state machines, JSON metadata) cannot be precompiled into a framework-dependent tool, so this is where a
/// short command spends much of its start. Off in the native (AOT) build, which compiles nothing at run time, when
/// <c>BACKUP_NO_STARTUP_PROFILE</c> is set, or when no cache folder is known; any failure leaves the run as it was.
/// </summary>
internal static class StartupProfile
{
    /// <summary>Starts recording (and, from the second run on, replaying) the profile of the command in <paramref name="args"/>.</summary>
    public static void Start(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled
            || environment.ContainsKey(EnvironmentVariables.NoStartupProfile)
            || Backup.Sdk.Storage.Caching.CachingStorageBackend.GetDefaultRoot(environment) is not { } cacheRoot)
        {
            return;
        }

        try
        {
            var fileSystem = new FileSystem();
            var root = fileSystem.Path.Combine(cacheRoot, "startup");
            fileSystem.Directory.CreateDirectory(root);
            ProfileOptimization.SetProfileRoot(root);
            ProfileOptimization.StartProfile(CommandOf(args) + ".jitprofile");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // No profile: the run only starts as it would have without one.
        }
    }

    /// <summary>The command's name: the first argument that is a plain word (options and their values aside, roughly).</summary>
    private static string CommandOf(string[] args)
    {
        foreach (var arg in args)
        {
            if (arg.Length is > 0 and < 32 && !arg.StartsWith('-') && arg.All(char.IsAsciiLetterLower))
            {
                return arg;
            }
        }

        return "other";
    }
}
