using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Backup.Sdk.ChangeDetection;

/// <summary>The content checksum stored in <see cref="Repository.Trees.TreeNode.Checksum"/>: XXH3-128 of the whole logical content, lowercase hex.</summary>
internal static class ContentChecksum
{
    private const int BufferSize = 256 * 1024;

    /// <summary>The hash so far, as stored: the 16 bytes of the XXH3-128 value, big-endian, as lowercase hex.</summary>
    public static string ToHex(XxHash128 hash)
    {
        Span<byte> value = stackalloc byte[16];
        hash.GetCurrentHash(value);
        return Convert.ToHexStringLower(value);
    }

    /// <summary>Reads an open file from the start to its end (holes read as zeros) and returns its checksum.</summary>
    public static async ValueTask<string> ComputeAsync(SafeFileHandle file, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long offset = 0;
            int read;
            while ((read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, BufferSize), offset, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ToHex(hash);
    }
}
