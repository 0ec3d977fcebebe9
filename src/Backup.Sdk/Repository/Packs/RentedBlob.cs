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

    public RentedBlob(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>The blob's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The blob's content.</summary>
    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(RentedBlob))).AsMemory(0, Length);

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
