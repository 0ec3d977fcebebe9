using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backup.Sdk.Storage.Resilience;

/// <summary>
/// Retries transient storage faults with exponential backoff and full jitter, bounded in attempts and total time, and
/// verifies each put with a stat, so that a lost or partial write is written again instead of being taken as stored.
/// </summary>
/// <remarks>
/// <para>Transient: a <see cref="BackupException"/> with <see cref="BackupException.IsTransient"/> set, an
/// <see cref="IOException"/>, <see cref="HttpRequestException"/> or <see cref="TimeoutException"/>, and an attempt that
/// exceeds <see cref="StorageResilienceOptions.AttemptTimeout"/>. Everything else (access denied, a missing bucket, a missing
/// object, an existing object, caller mistakes) fails at once; cancellation by the caller is never retried or wrapped.</para>
/// <para>A create-only put retried after an attempt whose outcome is unknown may find the object already there: when its
/// content equals the content being written, the first attempt succeeded and the put succeeds; when it is a strict prefix of
/// it (a torn write of ours on a store whose puts are not atomic) it is overwritten; anything else stays an
/// <see cref="ObjectAlreadyExistsException"/>.</para>
/// <para>When the attempts or the time run out, the last fault is thrown wrapped in a transient
/// <see cref="StorageUnavailableException"/> that says how often and how long it was tried.</para>
/// </remarks>
public sealed partial class RetryingStorageBackend : IStorageBackend, ICreatableStorage, IStorageBackendDecorator
{
    private readonly IStorageBackend _inner;
    private readonly StorageResilienceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The backend that does the work.</param>
    /// <param name="options">The retry bounds; copied and validated.</param>
    /// <param name="timeProvider">The clock for backoffs and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Receives a warning per retry; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public RetryingStorageBackend(IStorageBackend inner, StorageResilienceOptions options, TimeProvider? timeProvider = null, ILogger<RetryingStorageBackend>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _inner = inner;
        _options = options.Clone();
        if (!_options.RetryEnabled)
        {
            _options.MaxAttempts = 1;
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The wrapped backend.</summary>
    public IStorageBackend Inner => _inner;

    /// <inheritdoc />
    public string Location => _inner.Location;

    /// <inheritdoc />
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default) =>
        ExecuteAsync("put", name, (attempt, token) => PutOnceAsync(name, content, mode, attempt, token), cancellationToken);

    /// <inheritdoc />
    /// <remarks>Every attempt reads the stream again from the position it had at the call.</remarks>
    public Task PutAsync(string name, Stream content, PutMode mode = PutMode.Overwrite, CancellationToken cancellationToken = default)
    {
        var length = StorageStreams.RemainingLength(content);
        var start = content.Position;
        return ExecuteAsync("put", name, (attempt, token) => PutOnceAsync(name, content, start, length, mode, attempt, token), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var content = await ExecuteAsync("get", name, (_, token) => _inner.GetAsync(name, token), cancellationToken).ConfigureAwait(false);
        StorageMetrics.BytesDownloaded.Add(content.Length);
        return content;
    }

    /// <inheritdoc />
    public async Task ReadAsync(string name, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync("read", name, async (_, token) =>
        {
            await _inner.ReadAsync(name, offset, destination, token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        StorageMetrics.BytesDownloaded.Add(destination.Length);
    }

    /// <inheritdoc />
    /// <remarks>A listing that breaks off is started again; objects already returned are not returned twice.</remarks>
    public async IAsyncEnumerable<StorageObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var returned = new HashSet<string>(StringComparer.Ordinal);
        var started = _timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            Exception? fault = null;
            var enumerator = _inner.ListAsync(prefix, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool hasNext;
                    try
                    {
                        hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        fault = ex;
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        StorageMetrics.RecordFailure("list", KindOf(ex));
                        throw;
                    }

                    if (!hasNext)
                    {
                        yield break;
                    }

                    if (returned.Add(enumerator.Current.Name))
                    {
                        yield return enumerator.Current;
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            await WaitBeforeRetryAsync("list", prefix, attempt, started, fault, "transient", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<StorageObjectInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync("stat", name, (_, token) => _inner.StatAsync(name, token), cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync("delete", name, async (_, token) =>
        {
            await _inner.DeleteAsync(name, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task CreateIfMissingAsync(CancellationToken cancellationToken = default) =>
        _inner is ICreatableStorage creatable
            ? ExecuteAsync("create", "", async (_, token) =>
            {
                await creatable.CreateIfMissingAsync(token).ConfigureAwait(false);
                return true;
            }, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Whether <paramref name="exception"/> may go away when the same call is made again.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        BackupException backup => backup.IsTransient,
        IOException or HttpRequestException or TimeoutException => true,
        _ => false,
    };

    private async Task<bool> PutOnceAsync(string name, Stream content, long start, long length, PutMode mode, int attempt, CancellationToken cancellationToken)
    {
        content.Position = start;
        try
        {
            await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectAlreadyExistsException) when (attempt > 1)
        {
            // As for a put from memory (below): only our own bytes, whole or a prefix, are taken as ours.
            var stored = await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
            switch (await StorageStreams.CompareAsync(content, start, stored, cancellationToken).ConfigureAwait(false))
            {
                case ContentComparison.Equal:
                    LogAcknowledgementLost(_logger, name, attempt);
                    StorageMetrics.BytesUploaded.Add(length);
                    return true;
                case ContentComparison.Prefix:
                    LogTornObjectReplaced(_logger, name, stored.Length, length);
                    content.Position = start;
                    await _inner.PutAsync(name, content, PutMode.Overwrite, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw;
            }
        }

        await VerifyPutAsync(name, length, cancellationToken).ConfigureAwait(false);
        StorageMetrics.BytesUploaded.Add(length);
        return true;
    }

    private async Task VerifyPutAsync(string name, long length, CancellationToken cancellationToken)
    {
        if (_options.VerifyPuts)
        {
            var info = await _inner.StatAsync(name, cancellationToken).ConfigureAwait(false);
            if (info?.Length != length)
            {
                var found = info is { } present ? $"{present.Length} bytes are stored instead of {length}" : "nothing is stored";
                throw new UnverifiedPutException($"Put of '{name}' in '{Location}' was acknowledged, but {found}.");
            }
        }
    }

    private async Task<bool> PutOnceAsync(string name, ReadOnlyMemory<byte> content, PutMode mode, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.PutAsync(name, content, mode, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectAlreadyExistsException) when (attempt > 1)
        {
            // An earlier attempt failed with an unknown outcome: it may have stored the object, wholly or (on a store whose
            // puts are not atomic) in part. Only our own bytes, whole or a prefix, are taken as ours.
            var stored = await _inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (content.Span.SequenceEqual(stored))
            {
                LogAcknowledgementLost(_logger, name, attempt);
                StorageMetrics.BytesUploaded.Add(content.Length);
                return true;
            }

            if (stored.Length >= content.Length || !content.Span.StartsWith(stored))
            {
                throw;
            }

            LogTornObjectReplaced(_logger, name, stored.Length, content.Length);
            await _inner.PutAsync(name, content, PutMode.Overwrite, cancellationToken).ConfigureAwait(false);
        }

        await VerifyPutAsync(name, content.Length, cancellationToken).ConfigureAwait(false);
        StorageMetrics.BytesUploaded.Add(content.Length);
        return true;
    }

    private async Task<T> ExecuteAsync<T>(string operation, string name, Func<int, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception fault;
            string kind;
            var timeout = AttemptTimeout(started);
            using var timeoutSource = timeout is { } t ? new CancellationTokenSource(t, _timeProvider) : null;
            using var linked = timeoutSource is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            try
            {
                return await action(attempt, linked?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeoutSource?.IsCancellationRequested == true)
            {
                fault = new TimeoutException($"The attempt took longer than {timeout}.", ex);
                kind = "timeout";
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                fault = ex;
                kind = ex is UnverifiedPutException ? "unverified" : "transient";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                StorageMetrics.RecordFailure(operation, KindOf(ex));
                throw;
            }

            await WaitBeforeRetryAsync(operation, name, attempt, started, fault, kind, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan? AttemptTimeout(long started)
    {
        if (_options.AttemptTimeout is not { } timeout)
        {
            return null;
        }

        // No attempt may carry the operation past its total time bound.
        var remaining = _options.MaxTotalTime - _timeProvider.GetElapsedTime(started);
        return remaining < timeout ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1)) : timeout;
    }

    private async Task WaitBeforeRetryAsync(string operation, string name, int attempt, long started, Exception? fault, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var elapsed = _timeProvider.GetElapsedTime(started);
#pragma warning disable CA5394 // jitter spreads retries out; it need not be unpredictable
        var delay = BackoffDelay.Compute(attempt, _options.BaseDelay, _options.MaxDelay, Random.Shared.NextDouble());
#pragma warning restore CA5394
        if (attempt >= _options.MaxAttempts || elapsed + delay >= _options.MaxTotalTime)
        {
            StorageMetrics.RecordFailure(operation, "exhausted");
            LogGaveUp(_logger, operation, name, attempt, elapsed.TotalMilliseconds, fault);
            throw new StorageUnavailableException(
                $"Storage {operation} of '{name}' in '{Location}' failed after {attempt} attempt(s) in {elapsed.TotalSeconds:F1} s: {fault.Message}",
                isTransient: true,
                fault);
        }

        StorageMetrics.RecordRetry(operation, kind);
        LogRetrying(_logger, operation, name, attempt, _options.MaxAttempts, (long)delay.TotalMilliseconds, fault.Message);
        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    private static string KindOf(Exception exception) => exception switch
    {
        ObjectNotFoundException => "not_found",
        ObjectAlreadyExistsException => "exists",
        ArgumentException => "argument",
        _ => "permanent",
    };

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Storage {Operation} of '{ObjectName}' failed (attempt {Attempt} of {MaxAttempts}), retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string operation, string objectName, int attempt, int maxAttempts, long delayMs, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Storage {Operation} of '{ObjectName}' gave up after {Attempt} attempt(s) in {ElapsedMs:F0} ms")]
    private static partial void LogGaveUp(ILogger logger, string operation, string objectName, int attempt, double elapsedMs, Exception exception);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Put of '{ObjectName}' found the object already stored with the same content on attempt {Attempt}: an earlier attempt succeeded but its acknowledgement was lost")]
    private static partial void LogAcknowledgementLost(ILogger logger, string objectName, int attempt);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Put of '{ObjectName}' found {StoredLength} of its {Length} bytes left by a torn earlier attempt; writing it again")]
    private static partial void LogTornObjectReplaced(ILogger logger, string objectName, long storedLength, long length);

    /// <summary>A put was acknowledged but the stat after it does not show the object whole; the put is tried again.</summary>
    private sealed class UnverifiedPutException(string message) : BackupException(message)
    {
        public override bool IsTransient => true;
    }
}
