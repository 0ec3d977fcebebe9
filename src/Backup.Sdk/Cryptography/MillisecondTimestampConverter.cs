using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backup.Sdk.Cryptography;

/// <summary>
/// Writes a timestamp as docs/format.md shows it (<c>2026-11-24T05:00:00.000+00:00</c>: milliseconds and an explicit offset);
/// reads any ISO 8601 timestamp.
/// </summary>
internal sealed class MillisecondTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
    }
}
