using System.Buffers;
using Backup.Sdk.IO;

namespace Backup.Sdk.Repository.Packs;

/// <summary>
/// A blob's content in an array rented from <see cref="LargeBuffers.Pool"/>. Dispose it exactly once, after the last
/// use of <see cref="Memory"/>: the array goes back to the pool.
/// </summary>
internal sealed class RentedBlob : IDisposable
{
    private byte[]? _array;

    private readonly int _start;

    public RentedBlob(byte[] array, int start, int length)
    {
        _array = array;
        _start = start;
        Length = length;
    }

    /// <summary>The blob's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The blob's content.</summary>
    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(RentedBlob))).AsMemory(_start, Length);

    /// <summary>Whether the content lies in <paramref name="array"/> (which the blob then returns to the pool).</summary>
    public bool Owns(byte[] array) => ReferenceEquals(_array, array);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            LargeBuffers.Pool.Return(array);
        }
    }
}
