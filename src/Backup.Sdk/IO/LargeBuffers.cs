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

    /// <summary>The pool.</summary>
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(MaxPooledLength, maxArraysPerBucket: 16);
}
