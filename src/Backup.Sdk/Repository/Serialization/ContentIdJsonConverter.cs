using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>Writes a <see cref="ContentId"/> as 64 lowercase hex characters.</summary>
internal sealed class ContentIdJsonConverter : JsonConverter<ContentId>
{
    public override ContentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A content id must be a string of 64 hex characters.");
        }

        // Hex needs no escapes, so the raw value length is the text length.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        Span<char> text = stackalloc char[ContentId.Size * 2];
        if (length != text.Length)
        {
            throw new JsonException("A content id must be 64 hex characters.");
        }

        var written = reader.CopyString(text);
        return ContentId.TryParse(text[..written], out var id) ? id : throw new JsonException("A content id must be 64 hex characters.");
    }

    public override void Write(Utf8JsonWriter writer, ContentId value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[ContentId.Size * 2];
        value.TryFormat(text, out _, default, null);
        writer.WriteStringValue(text);
    }
}
