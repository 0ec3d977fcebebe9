using System.Text.Json;
using Backup.Sdk;

namespace Backup.Cli;

/// <summary>
/// The one place where an exception becomes an exit code and a message on stderr. Verbs let exceptions escape; they never
/// print errors themselves. Stack traces appear only with <c>--verbose</c>.
/// </summary>
internal static class FailureReporter
{
    public static int ExitCodeFor(Exception exception) => Unwrap(exception) switch
    {
        RepositoryNotFoundException => ExitCodes.RepositoryNotFound,
        WrongPasswordException => ExitCodes.WrongPassword,
        CliUsageException or ArgumentException => ExitCodes.UsageError,
        _ => ExitCodes.Failure,
    };

    /// <summary>Writes the error to <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception exception, TextWriter error, bool verbose, bool json)
    {
        ArgumentNullException.ThrowIfNull(error);
        var inner = Unwrap(exception);
        var exitCode = ExitCodeFor(inner);
        var message = MessageFor(inner);
        if (json)
        {
            var document = new ErrorDocument("error", exitCode, message, verbose ? inner.ToString() : null);
            error.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.ErrorDocument));
            return exitCode;
        }

        error.WriteLine($"backup: {message}");
        if (verbose)
        {
            error.WriteLine(inner.ToString());
        }
        else if (exitCode == ExitCodes.Failure && inner is not BackupException and not OperationCanceledException)
        {
            error.WriteLine("Run again with --verbose for details.");
        }

        return exitCode;
    }

    private static string MessageFor(Exception exception) => exception switch
    {
        OperationCanceledException => "Cancelled.",
        BackupException or CliUsageException or ArgumentException => exception.Message,
        // Not an error the SDK raises on purpose: a bug or an environment problem; name the type so that it can be reported.
        _ => $"Unexpected error ({exception.GetType().Name}): {exception.Message}",
    };

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
