using System.Buffers;

namespace Backup.Sdk.IO;

/// <summary>
/// The pool of the large buffers of backup, restore and check: chunker windows, blob encoding, pack writers, records,
/// decoded blobs, whole packs. Unlike <see cref="ArrayPool{T}.Shared"/> it keeps no array per thread: buffers rented on
/// one pool thread and returned on another (every await can switch threads) are not stranded in thread-local slots, so
/// what the pool holds stays near the most in use at once (the memory bound of docs/architecture.md), not that times the
/// number of threads.
/// </summary>
internal static class LargeBuffers
{
    /// <summary>The largest array pooled: 64 MiB (a larger request is allocated and dropped on return).</summary>
    private const int MaxPooledLength = 64 * 1024 * 1024;

    /// <summary>Requests between this and <see cref="ScratchClassLength"/> share one size class in <see cref="Scratch"/>.</summary>
    private const int ScratchSmallLength = 1024 * 1024;

    /// <summary>The size class of <see cref="Scratch"/>'s large requests: 16 MiB.</summary>
    private const int ScratchClassLength = 16 * 1024 * 1024;

    /// <summary>The pool.</summary>
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 16);

    /// <summary>
    /// The pool of the save path's scratch buffers (a blob's encoding, its decoding for verification), which are written
    /// only as far as the blob's length. Kept apart from <see cref="Pool"/>, whose windows and packs are written whole:
    /// sharing a bucket with them, an encoding buffer would be an array some pack or window had made resident in full.
    /// Every request between 1 and 16 MiB gets a 16 MiB array, so that blobs of every size pass through the same few
    /// arrays (about two per worker), each resident only as far as the largest blob it held.
    /// </summary>
    public static ArrayPool<byte> Scratch { get; } = new OneClassPool(ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 16));

    /// <summary>
    /// The pool of the chunker windows (<see cref="Chunking.StreamChunker"/>): about one largest chunk plus 1 MiB each, one
    /// per worker. Kept apart from <see cref="Pool"/>, whose pack buffers of the same size class are written whole: a window
    /// that took over a pack's array would keep all of it resident.
    /// </summary>
    public static ArrayPool<byte> Windows { get; } = ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 16);

    private sealed class OneClassPool(ArrayPool<byte> inner) : ArrayPool<byte>
    {
        public override byte[] Rent(int minimumLength) =>
            inner.Rent(minimumLength is > ScratchSmallLength and <= ScratchClassLength ? ScratchClassLength : minimumLength);

        public override void Return(byte[] array, bool clearArray = false) => inner.Return(array, clearArray);
    }
}
