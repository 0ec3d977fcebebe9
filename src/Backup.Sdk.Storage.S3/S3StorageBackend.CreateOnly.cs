using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Backup.Sdk.Storage.S3;

/// <content>Create-only puts: the conditional-write probe, and the fallback for stores that ignore conditional writes.</content>
public sealed partial class S3StorageBackend
{
    private const string ProbeFolder = ".backend/";

    /// <summary>
    /// Checks, once per backend, whether the store honours <c>If-None-Match: *</c> on puts: it writes a probe object under
    /// <c>.backend/</c> (never listed), writes it again conditionally, and deletes it. Create-only puts call this first, and
    /// so does opening or creating a repository (<see cref="Repository.BackupRepository.ConditionalWrites"/>). With
    /// <see cref="S3ConditionalWrites.Disable"/> it sends nothing and returns <see langword="false"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting; the probe itself runs to its end for later callers.</param>
    /// <returns>Whether the second, conditional write was refused as it should be.</returns>
    /// <exception cref="ConditionalWritesIgnoredException"><see cref="S3ConditionalWrites.Require"/> is set and the store ignores the header.</exception>
    /// <exception cref="StorageUnavailableException">The probe failed (e.g. no write permission).</exception>
    public Task<bool> DetectConditionalWritesAsync(CancellationToken cancellationToken = default)
    {
        if (_options.ConditionalWrites == S3ConditionalWrites.Disable)
        {
            return Task.FromResult(false);
        }

        return _conditionalWriteProbe.GetAsync(cancellationToken);
    }

    private async Task<bool> ProbeConditionalWritesAsync()
    {
        await EnsureBucketCheckedAsync(CancellationToken.None).ConfigureAwait(false);
        var key = _keyPrefix + ProbeFolder + "conditional-write-probe-" + Guid.NewGuid().ToString("N");
        byte[] content = [1];
        bool honoured;
        try
        {
            await UploadAsync(key, content, conditional: false, CancellationToken.None).ConfigureAwait(false);
            try
            {
                await UploadAsync(key, content, conditional: true, CancellationToken.None).ConfigureAwait(false);
                honoured = false;
            }
            catch (AmazonS3Exception e) when (IsPreconditionFailure(e))
            {
                honoured = true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.BadRequest)
            {
                // A store that rejects the header outright does not support conditional writes either.
                honoured = false;
            }
        }
        catch (Exception e) when (S3Errors.Map(e, "probe conditional writes in", null, Location, CancellationToken.None) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            await DeleteQuietlyAsync(key).ConfigureAwait(false);
        }

        if (!honoured && _options.ConditionalWrites == S3ConditionalWrites.Require)
        {
            throw new ConditionalWritesIgnoredException(
                Location, $"The store at '{Location}' ignores conditional writes (If-None-Match: *), which the options require (S3ConditionalWrites.Require).");
        }

        return honoured;
    }

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await _client.DeleteObjectAsync(_options.BucketName, key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmazonServiceException)
        {
            // Best effort: a leftover probe under .backend/ is never listed; a damaged upload is reported as failed either way.
        }
    }

    /// <summary>
    /// Create-only on a store without conditional writes: check, then put. Puts of one name in this process take turns, so
    /// only writers in other processes can race in between (both then succeed and the last one's object stays).
    /// </summary>
    private async Task PutIfAbsentWithoutConditionAsync(string name, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var turn = await _createOnlyTurns.EnterAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await StatAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ObjectAlreadyExistsException(name);
            }

            await UploadAsync(key, content, conditional: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Errors.Map(e, "write", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }
}
