using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Backup.Sdk.Repository;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.Resilience;

namespace Backup.Cli;

/// <summary>
/// What a verb needs from the command line and the environment, resolved once: the repository location (<c>--repo</c>, else
/// <c>BACKUP_REPOSITORY</c>), the password provider, the output mode and the writers.
/// </summary>
internal sealed class CliContext
{
    private readonly Lazy<StorageResilienceOptions> _storageResilience;

    private CliContext(CliEnvironment environment, string? repositoryLocation, PasswordProvider passwords, bool json, bool quiet, bool verbose, Func<StorageResilienceOptions> storageResilience)
    {
        _storageResilience = new Lazy<StorageResilienceOptions>(storageResilience);
        Environment = environment;
        RepositoryLocation = repositoryLocation;
        Passwords = passwords;
        Json = json;
        Quiet = quiet;
        Verbose = verbose;
        JsonOutput = new JsonOutput(environment.Out);
    }

    /// <summary>The streams, variables and file system of this run.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>The repository location given, or <see langword="null"/> when neither <c>--repo</c> nor the variable is set.</summary>
    public string? RepositoryLocation { get; }

    /// <summary>Where the password comes from; asked only by verbs that open a repository.</summary>
    public PasswordProvider Passwords { get; }

    /// <summary>Whether the result is written as JSON.</summary>
    public bool Json { get; }

    /// <summary>Whether informational messages are suppressed.</summary>
    public bool Quiet { get; }

    /// <summary>Whether detail messages and stack traces are shown.</summary>
    public bool Verbose { get; }

    /// <summary>stdout, for the result.</summary>
    public TextWriter Out => Environment.Out;

    /// <summary>stderr, for everything that is not the result.</summary>
    public TextWriter Error => Environment.Error;

    /// <summary>
    /// The root of the local metadata cache, or <see langword="null"/> for none: <c>--no-cache</c> wins, then
    /// <c>--cache-dir</c>, then the conventional root for <c>s3:</c> and <c>azure:</c> locations.
    /// </summary>
    public string? CacheDirectory { get; private init; }

    /// <summary>Retries, limits and put verification applied to every storage location (<c>--limit-upload</c>, <c>--limit-download</c>).</summary>
    /// <exception cref="CliUsageException">A limit is invalid (raised when first read, so that the verb reports it).</exception>
    public StorageResilienceOptions StorageResilience => _storageResilience.Value;

    /// <summary>Writes the JSON result document (at most one per run).</summary>
    public JsonOutput JsonOutput { get; }

    public static CliContext Create(ParseResult parseResult, GlobalOptions options, CliEnvironment environment)
    {
        var repository = parseResult.GetValue(options.Repository);
        if (string.IsNullOrEmpty(repository))
        {
            environment.Variables.TryGetValue(EnvironmentVariables.Repository, out repository);
        }

        var passwords = new PasswordProvider(environment.Variables, parseResult.GetValue(options.PasswordFile), environment.FileSystem, environment.PasswordPrompt);
        return new CliContext(
            environment,
            string.IsNullOrEmpty(repository) ? null : repository,
            passwords,
            parseResult.GetValue(options.Json),
            parseResult.GetValue(options.Quiet),
            parseResult.GetValue(options.Verbose),
            () => StorageResilienceFrom(parseResult, options, environment.Variables))
        {
            CacheDirectory = ResolveCacheDirectory(parseResult, options, environment, repository),
        };
    }

    private static bool IsRemote(string location) =>
        location.StartsWith(S3Location.Scheme, StringComparison.Ordinal) || location.StartsWith(AzureLocation.Scheme, StringComparison.Ordinal);

    private static string? ResolveCacheDirectory(ParseResult parseResult, GlobalOptions options, CliEnvironment environment, string? repository)
    {
        if (parseResult.GetValue(options.NoCache))
        {
            return null;
        }

        var given = parseResult.GetValue(options.CacheDirectory);
        if (!string.IsNullOrEmpty(given))
        {
            return environment.FileSystem.Path.GetFullPath(given);
        }

        // A local repository is as near as its cache would be: nothing to gain.
        return repository is not null && IsRemote(repository) ? Backup.Sdk.Storage.Caching.CachingStorageBackend.GetDefaultRoot(environment.Variables) : null;
    }

    /// <summary>The repository location, or a usage error that says how to give one.</summary>
    /// <exception cref="CliUsageException">No location was given.</exception>
    public string RequireRepositoryLocation() =>
        RepositoryLocation ?? throw new CliUsageException($"No repository given. Pass --repo <location> or set {EnvironmentVariables.Repository}.");

    /// <summary>The storage backend of the repository location.</summary>
    /// <exception cref="CliUsageException">No location was given, or it is not supported.</exception>
    public IStorageBackend CreateStorage() => CreateStorage(RequireRepositoryLocation());

    /// <summary>The storage backend of any location (e.g. a second repository), with <see cref="StorageResilience"/> applied.</summary>
    /// <exception cref="CliUsageException">The location is not supported.</exception>
    public IStorageBackend CreateStorage(string location)
    {
        var storage = Backup.Sdk.Storage.Resilience.StorageResilience.Apply(
            global::Backup.Cli.RepositoryLocation.CreateStorage(location, Environment.FileSystem, Environment.Variables), StorageResilience);
        if (IsRemote(location))
        {
            // Small blobs side by side in a pack (a restore of many small files) are read a window at a time.
            storage = new Backup.Sdk.Storage.ReadAhead.PackWindowStorageBackend(storage);
        }

        return Environment.WrapStorage is { } wrap ? wrap(storage) : storage;
    }

    private static StorageResilienceOptions StorageResilienceFrom(ParseResult parseResult, GlobalOptions options, IReadOnlyDictionary<string, string?> variables)
    {
        var resilience = new StorageResilienceOptions
        {
            UploadBytesPerSecond = KibPerSecond(parseResult.GetValue(options.LimitUpload), "--limit-upload"),
            DownloadBytesPerSecond = KibPerSecond(parseResult.GetValue(options.LimitDownload), "--limit-download"),
        };
        if (variables.GetValueOrDefault(EnvironmentVariables.StorageConnections) is { Length: > 0 } text)
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var connections) || connections < 1)
            {
                throw new CliUsageException($"{EnvironmentVariables.StorageConnections} must be a whole number of at least 1 (it is '{text}').");
            }

            resilience.MaxConcurrentUploads = connections;
            resilience.MaxConcurrentDownloads = connections;
        }

        return resilience;
    }

    private static long? KibPerSecond(long? value, string option) => value switch
    {
        null => null,
        < 1 => throw new CliUsageException($"{option} must be at least 1 KiB/s (it is {value})."),
        _ => checked(value.Value * 1024),
    };

    /// <summary>Opens the repository at the location with the password (asked if need be), through the local cache if one is configured.</summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <param name="useCache">False to read everything from the repository whatever the options (check verifies the repository, not a cache).</param>
    /// <exception cref="Backup.Sdk.RepositoryNotFoundException">No repository there (exit code 10).</exception>
    /// <exception cref="Backup.Sdk.WrongPasswordException">The password opens no key (exit code 11).</exception>
    public async Task<BackupRepository> OpenRepositoryAsync(CancellationToken cancellationToken, bool useCache = true)
    {
        var storage = CreateStorage();
        if (await storage.StatAsync("config", cancellationToken).ConfigureAwait(false) is null)
        {
            // Say "no repository" before asking for a password that could not help.
            throw new Backup.Sdk.RepositoryNotFoundException(storage.Location);
        }

        var password = Passwords.GetPassword();
        var options = new RepositoryOptions
        {
            Locks = LockTimings.Parse(Environment.Variables.GetValueOrDefault(EnvironmentVariables.LockTimings)),
            CacheDirectory = useCache ? CacheDirectory : null,
            CacheFileSystem = Environment.FileSystem,
        };
        var repository = await BackupRepository.OpenAsync(storage, password, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        WarnIfConditionalWritesIgnored(repository, always: false);
        return repository;
    }

    /// <summary>
    /// Warns when the repository's store was found to ignore conditional writes: always (<c>init</c>, where it matters), or
    /// only with <c>--verbose</c> (every other verb, which it does not affect).
    /// </summary>
    public void WarnIfConditionalWritesIgnored(BackupRepository repository, bool always)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.ConditionalWrites == ConditionalWriteSupport.Ignored && (always || Verbose))
        {
            WriteWarning($"the store at {repository.Storage.Location} ignores conditional writes (If-None-Match): concurrent 'init's of one location from several machines are not refused; everything else is safe (see docs/guides/storage-backends.md, \"What create-only means on each store\").");
        }
    }

    /// <summary>Writes the result: one JSON document with <c>--json</c>, else the text <paramref name="writeText"/> writes to stdout.</summary>
    public void WriteResult<T>(T result, JsonTypeInfo<T> jsonTypeInfo, Action<TextWriter, T> writeText)
    {
        ArgumentNullException.ThrowIfNull(writeText);
        if (Json)
        {
            JsonOutput.Write(result, jsonTypeInfo);
        }
        else
        {
            writeText(Out, result);
        }
    }

    /// <summary>An informational message on stderr, unless <c>--quiet</c>.</summary>
    public void WriteMessage(string message)
    {
        if (!Quiet)
        {
            Error.WriteLine(message);
        }
    }

    /// <summary>A detail message on stderr, only with <c>--verbose</c>.</summary>
    public void WriteVerbose(string message)
    {
        if (Verbose)
        {
            Error.WriteLine(message);
        }
    }

    /// <summary>A warning on stderr, shown even with <c>--quiet</c> (e.g. a source file that could not be read).</summary>
    public void WriteWarning(string message) => Error.WriteLine($"warning: {message}");
}
