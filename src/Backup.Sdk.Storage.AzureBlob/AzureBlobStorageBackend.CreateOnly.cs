using Azure;
using Azure.Storage.Blobs;

namespace Backup.Sdk.Storage.AzureBlob;

/// <content>Create-only puts: the conditional-write probe, and the fallback for a store found to ignore conditional writes.</content>
public sealed partial class AzureBlobStorageBackend
{
    private const string ProbeFolder = ".backend/";

    /// <summary>
    /// Whether the store was found to refuse an upload with <c>If-None-Match: *</c> over an existing blob, as Azure Storage
    /// does; <see langword="null"/> until <see cref="DetectConditionalWritesAsync"/> (which opening a repository calls) has
    /// checked, and when the check failed. When <see langword="false"/>, create-only puts check, then put.
    /// </summary>
    public bool? ConditionalWritesHonoured => _conditionalWriteProbe.Result;

    /// <summary>
    /// Checks, once per backend, whether the store honours <c>If-None-Match: *</c> on uploads: it uploads a probe blob under
    /// <c>.backend/</c> (never listed), uploads it again conditionally, and deletes it. Create-only puts send the header
    /// whether or not this ran; the outcome only matters for stores that pretend to be Azure Storage.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting; the probe itself runs to its end for later callers.</param>
    /// <returns>Whether the second, conditional upload was refused as it should be.</returns>
    /// <exception cref="StorageUnavailableException">The probe failed (e.g. no write permission).</exception>
    public Task<bool> DetectConditionalWritesAsync(CancellationToken cancellationToken = default)
    {
        return _conditionalWriteProbe.GetAsync(cancellationToken);
    }

    private async Task<bool> ProbeConditionalWritesAsync()
    {
        var blob = _container.GetBlobClient(_keyPrefix + ProbeFolder + "conditional-write-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            await UploadAsync(blob, new byte[] { 1 }, conditional: false, CancellationToken.None).ConfigureAwait(false);
            try
            {
                await UploadAsync(blob, new byte[] { 1 }, conditional: true, CancellationToken.None).ConfigureAwait(false);
                return false;
            }
            catch (RequestFailedException e) when (IsAlreadyExists(e))
            {
                return true;
            }
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "probe conditional writes in", null, Location, CancellationToken.None) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            await DeleteQuietlyAsync(blob).ConfigureAwait(false);
        }
    }

    private static async Task DeleteQuietlyAsync(BlobClient blob)
    {
        try
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Best effort: a leftover probe under .backend/ is never listed.
        }
    }

    /// <summary>
    /// Create-only on a store found to ignore conditional writes: check, then put. Puts of one name in this process take
    /// turns, so only writers in other processes can race in between (both then succeed and the last one's blob stays).
    /// </summary>
    private async Task PutIfAbsentWithoutConditionAsync(string name, BlobClient blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var turn = await _createOnlyTurns.EnterAsync(blob.Name, cancellationToken).ConfigureAwait(false);
        try
        {
            if (await StatAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ObjectAlreadyExistsException(name);
            }

            // The header is still sent: it costs nothing, and a store that honours it after all refuses the racing writer.
            await UploadAsync(blob, content, conditional: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsAlreadyExists(e))
        {
            throw new ObjectAlreadyExistsException(name, e);
        }
        catch (Exception e) when (AzureBlobErrors.Map(e, "write", name, Location, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    // 412 ConditionNotMet, or 409 BlobAlreadyExists: the blob exists. Azure answers a single-shot upload with the latter.
    private static bool IsAlreadyExists(RequestFailedException e) =>
        e.Status == 412 || e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet";
}
