using System.Net.Sockets;
using Azure;

namespace Backup.Sdk.Storage.AzureBlob;

/// <summary>Turns Azure SDK exceptions into the SDK's storage exceptions, naming the object and the container.</summary>
internal static class AzureBlobErrors
{
    public static Exception? Map(Exception exception, string operation, string? name, string location, CancellationToken cancellationToken)
    {
        var what = name is null ? $"{operation} '{location}'" : $"{operation} object '{name}' in '{location}'";
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                return new StorageUnavailableException($"Cannot {what}: the request timed out.", isTransient: true, exception);
            case RequestFailedException { ErrorCode: "ContainerNotFound" }:
                return new StorageUnavailableException(
                    $"Cannot {what}: the container does not exist (create it, or run 'backup init', which creates it when the credentials allow).", isTransient: false, exception);
            case RequestFailedException { Status: 404 } when name is not null:
                return new ObjectNotFoundException(name, exception);
            case RequestFailedException { Status: 401 or 403 } failed:
                return new StorageUnavailableException(
                    $"Cannot {what}: access denied ({failed.ErrorCode ?? failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}); check the connection string or credential and the container's permissions.", isTransient: false, exception);
            case RequestFailedException { Status: 0 } failed:
                return new StorageUnavailableException($"Cannot {what}: the store cannot be reached: {(failed.InnerException ?? failed).Message}", isTransient: true, exception);
            case RequestFailedException failed:
                var transient = failed.Status is >= 500 or 408 or 429;
                return new StorageUnavailableException(
                    $"Cannot {what}{(transient ? string.Empty : " (permanent)")}: {failed.ErrorCode ?? failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {FirstLine(failed.Message)}", transient, exception);
            case AggregateException or HttpRequestException or IOException or SocketException:
                return new StorageUnavailableException($"Cannot {what}: the store cannot be reached: {exception.Message}", isTransient: true, exception);
            default:
                return null;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd();
    }
}
