using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Backup.Sdk.Storage.S3;

/// <summary>Turns AWS SDK exceptions into the SDK's storage exceptions, naming the object, the bucket and the endpoint.</summary>
internal static class S3Errors
{
    /// <summary>
    /// Maps <paramref name="exception"/> of an operation, or returns <see langword="null"/> when it must propagate as it is
    /// (the caller's cancellation, argument errors, the SDK's own exceptions).
    /// </summary>
    /// <param name="exception">What the AWS SDK threw.</param>
    /// <param name="operation">What was being done, for the message (e.g. <c>read</c>).</param>
    /// <param name="name">The object name, or <see langword="null"/> for bucket-level calls.</param>
    /// <param name="location">The backend's location.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation it did not ask for is a timeout.</param>
    public static Exception? Map(Exception exception, string operation, string? name, string location, CancellationToken cancellationToken)
    {
        var what = name is null ? $"{operation} '{location}'" : $"{operation} object '{name}' in '{location}'";
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                return new StorageUnavailableException($"Cannot {what}: the request timed out.", isTransient: true, exception);
            case Exception when S3StorageBackend.IsChecksumMismatch(exception):
                return new StorageUnavailableException($"Cannot {what}: the response did not match its checksum.", isTransient: true, exception);
            case AmazonS3Exception { ErrorCode: "NoSuchBucket" }:
                return new StorageUnavailableException(
                    $"Cannot {what}: the bucket does not exist (create it, or run 'backup init', which creates it when the credentials allow).", isTransient: false, exception);
            case AmazonS3Exception { ErrorCode: "NoSuchKey" } when name is not null:
                return new ObjectNotFoundException(name, exception);
            case AmazonServiceException { StatusCode: HttpStatusCode.NotFound } when name is not null:
                return new ObjectNotFoundException(name, exception);
            case AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } service:
                return new StorageUnavailableException(
                    $"Cannot {what}: access denied ({service.ErrorCode ?? service.StatusCode.ToString()}); check the credentials and the bucket's permissions.", isTransient: false, exception);
            case AmazonServiceException service:
                var transient = IsTransient(service);
                return new StorageUnavailableException(
                    $"Cannot {what}{(transient ? string.Empty : " (permanent)")}: {service.ErrorCode ?? ((int)service.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {service.Message}", transient, exception);
            case AmazonClientException or HttpRequestException or IOException or SocketException:
                return new StorageUnavailableException($"Cannot {what}: the store cannot be reached: {Innermost(exception).Message}", isTransient: true, exception);
            default:
                return null;
        }
    }

    private static bool IsTransient(AmazonServiceException exception) =>
        (int)exception.StatusCode >= 500
        || exception.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || exception.ErrorCode is "SlowDown" or "RequestTimeout" or "ConditionalRequestConflict" or "InternalError" or "ServiceUnavailable"
        || exception.StatusCode == 0;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
