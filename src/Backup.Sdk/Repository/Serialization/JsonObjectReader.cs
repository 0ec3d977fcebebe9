using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Backup.Sdk.Repository.Serialization;

/// <summary>Parses the JSON of a stored object, turning malformed or empty JSON into a <see cref="CorruptObjectException"/> naming it.</summary>
internal static class JsonObjectReader
{
    /// <param name="json">The object's JSON.</param>
    /// <param name="typeInfo">The source-generated contract.</param>
    /// <param name="objectName">The storage name, for the error.</param>
    /// <param name="what">What the object should be, e.g. "snapshot", for the error.</param>
    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo, string objectName, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new CorruptObjectException(objectName, $"the {what} is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new CorruptObjectException(objectName, $"the {what} is not valid JSON", ex);
        }
    }
}
