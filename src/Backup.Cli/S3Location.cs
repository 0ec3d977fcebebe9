using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Backup.Sdk.Storage;
using Backup.Sdk.Storage.S3;

namespace Backup.Cli;

/// <summary>
/// <c>s3:&lt;endpoint&gt;/&lt;bucket&gt;[/&lt;prefix&gt;]</c>: <c>https://</c> when the endpoint has no scheme; an endpoint under
/// <c>amazonaws.com</c> is AWS (region from <c>s3.&lt;region&gt;.amazonaws.com</c>, else <c>AWS_DEFAULT_REGION</c>), any other
/// is an S3-compatible store addressed by path unless <c>BACKUP_S3_PATH_STYLE=false</c>. Credentials come from
/// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>(/<c>AWS_SESSION_TOKEN</c>), else from the AWS SDK's chain (profiles, roles).
/// </summary>
internal static class S3Location
{
    public const string Scheme = "s3:";
    public const string PathStyleVariable = "BACKUP_S3_PATH_STYLE";

    /// <summary>
    /// The backend for a location. Kept out of line and typed as <see cref="IStorageBackend"/>, so that resolving its
    /// caller does not load the cloud SDK's assemblies: a local repository never maps them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IStorageBackend CreateStorage(string location, IReadOnlyDictionary<string, string?> variables) =>
        new S3StorageBackend(Parse(location, variables));

    /// <summary>The options a location and the environment describe.</summary>
    /// <exception cref="CliUsageException">The location is malformed.</exception>
    public static S3StorageOptions Parse(string location, IReadOnlyDictionary<string, string?> variables)
    {
        var rest = location[Scheme.Length..];
        var scheme = Uri.UriSchemeHttps;
        foreach (var explicitScheme in (string[])[Uri.UriSchemeHttps, Uri.UriSchemeHttp])
        {
            if (rest.StartsWith(explicitScheme + "://", StringComparison.OrdinalIgnoreCase))
            {
                scheme = explicitScheme;
                rest = rest[(explicitScheme.Length + 3)..];
            }
        }

        var parts = rest.TrimEnd('/').Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw Usage(location, "expected s3:<endpoint>/<bucket>[/<prefix>], e.g. s3:s3.eu-west-1.amazonaws.com/backups/host1 or s3:http://127.0.0.1:9000/backups/host1");
        }

        if (!Uri.TryCreate($"{scheme}://{parts[0]}", UriKind.Absolute, out var endpoint) || endpoint.AbsolutePath != "/")
        {
            throw Usage(location, $"'{parts[0]}' is not a host name with an optional port");
        }

        var options = new S3StorageOptions
        {
            BucketName = parts[1],
            Prefix = parts.Length > 2 ? parts[2] : string.Empty,
            Region = Variable(variables, "AWS_DEFAULT_REGION") ?? Variable(variables, "AWS_REGION"),
            Credentials = CredentialsFrom(variables),
        };
        if (endpoint.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && endpoint.IsDefaultPort && scheme == Uri.UriSchemeHttps)
        {
            // AWS itself: the SDK knows the endpoints; the host only tells the region.
            options.Region = RegionOf(endpoint.Host) ?? options.Region ?? "us-east-1";
        }
        else
        {
            options.ServiceUrl = endpoint;
        }

        if (Variable(variables, PathStyleVariable) is { } pathStyle)
        {
            options.ForcePathStyle = bool.TryParse(pathStyle, out var value)
                ? value
                : throw Usage(location, $"{PathStyleVariable} must be true or false, not '{pathStyle}'");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw Usage(location, ex.Message);
        }

        return options;
    }

    private static AWSCredentials? CredentialsFrom(IReadOnlyDictionary<string, string?> variables)
    {
        if (Variable(variables, "AWS_ACCESS_KEY_ID") is not { } accessKey || Variable(variables, "AWS_SECRET_ACCESS_KEY") is not { } secretKey)
        {
            return null;
        }

        return Variable(variables, "AWS_SESSION_TOKEN") is { } token
            ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
    }

    // s3.eu-west-1.amazonaws.com, s3-eu-west-1.amazonaws.com, s3.dualstack.eu-west-1.amazonaws.com
    private static string? RegionOf(string host)
    {
        var labels = host.Split('.');
        if (labels.Length >= 4 && labels[0] == "s3")
        {
            return labels[^3];
        }

        return labels.Length == 3 && labels[0].StartsWith("s3-", StringComparison.Ordinal) ? labels[0][3..] : null;
    }

    private static string? Variable(IReadOnlyDictionary<string, string?> variables, string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static CliUsageException Usage(string location, string problem) =>
        new($"Repository location '{location}': {problem}.");
}
