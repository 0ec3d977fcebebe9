using System.Buffers;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>Decodes hex text of an exact length: the parsing shared by the fixed-size ids (content ids, repository ids).</summary>
internal static class FixedHex
{
    /// <summary>Whether <paramref name="text"/> is exactly two hex characters per byte of <paramref name="destination"/>, decoded into it.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination) =>
        text.Length == destination.Length * 2
        && Convert.FromHexString(text, destination, out _, out var written) == OperationStatus.Done
        && written == destination.Length;
}
