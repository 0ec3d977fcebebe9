namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// How <see cref="StorageResilience.Apply"/> protects a storage backend: retries of transient faults, verification of puts,
/// bounded concurrency and optional bandwidth limits. The defaults suit remote object stores and cost little on local disks.
/// </summary>
public sealed class StorageResilienceOptions
{
    /// <summary>Whether transient faults are retried at all. Default <see langword="true"/>.</summary>
    public bool RetryEnabled { get; set; } = true;

    /// <summary>How many times one operation is tried, the first attempt included. Default 8; at least 1.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The cap of the first backoff; each further retry doubles it up to <see cref="MaxDelay"/>. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest backoff between two attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one operation may take over all its attempts and backoffs; no retry starts after it. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxTotalTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one attempt may take before it is abandoned and counted as a transient timeout; <see langword="null"/> for no
    /// limit. Default 5 minutes (a whole pack over a slow link).
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether each put is followed by a stat that checks the object is there with the right size, so that a store that
    /// acknowledges a write it lost, or keeps a partial object, is caught before anything refers to the object (the put is
    /// then tried again). Default <see langword="true"/>: one metadata request per object.
    /// </summary>
    public bool VerifyPuts { get; set; } = true;

    /// <summary>How many puts run at once; <see langword="null"/> for no limit. Default 8.</summary>
    public int? MaxConcurrentUploads { get; set; } = 8;

    /// <summary>How many gets and ranged reads run at once; <see langword="null"/> for no limit. Default 16.</summary>
    public int? MaxConcurrentDownloads { get; set; } = 16;

    /// <summary>The upload bandwidth limit in bytes per second; <see langword="null"/> (the default) for none.</summary>
    public long? UploadBytesPerSecond { get; set; }

    /// <summary>The download bandwidth limit in bytes per second; <see langword="null"/> (the default) for none.</summary>
    public long? DownloadBytesPerSecond { get; set; }

    /// <summary>Checks the options and returns the problems, empty when they are valid.</summary>
    /// <returns>One message per invalid setting.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1)
        {
            problems.Add($"{nameof(MaxAttempts)} must be at least 1 (it is {MaxAttempts}).");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            problems.Add($"{nameof(BaseDelay)} must not be negative and {nameof(MaxDelay)} not below it ({BaseDelay}, {MaxDelay}).");
        }

        if (MaxTotalTime <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(MaxTotalTime)} must be positive (it is {MaxTotalTime}).");
        }

        if (AttemptTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(AttemptTimeout)} must be positive or null (it is {timeout}).");
        }

        CheckPositive(problems, nameof(MaxConcurrentUploads), MaxConcurrentUploads);
        CheckPositive(problems, nameof(MaxConcurrentDownloads), MaxConcurrentDownloads);
        CheckPositive(problems, nameof(UploadBytesPerSecond), UploadBytesPerSecond);
        CheckPositive(problems, nameof(DownloadBytesPerSecond), DownloadBytesPerSecond);
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid storage resilience options: " + string.Join(" ", problems));
        }
    }

    /// <summary>A copy, so that a decorator is not changed by later edits of the options it was built from.</summary>
    internal StorageResilienceOptions Clone() => (StorageResilienceOptions)MemberwiseClone();

    private static void CheckPositive(List<string> problems, string name, long? value)
    {
        if (value is { } v && v < 1)
        {
            problems.Add($"{name} must be at least 1 or null (it is {v}).");
        }
    }
}
