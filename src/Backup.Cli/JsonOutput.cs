using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Backup.Cli;

/// <summary>
/// Writes a command's <c>--json</c> result: exactly one document, on one line, camelCase (see <see cref="CliJsonContext"/>),
/// so that <c>backup ... --json | jq</c> always parses. Messages and progress never go here.
/// </summary>
internal sealed class JsonOutput
{
    private readonly TextWriter _writer;
    private bool _written;

    public JsonOutput(TextWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Writes <paramref name="value"/> as the run's only JSON document.</summary>
    /// <exception cref="InvalidOperationException">A document was written already.</exception>
    public void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        if (_written)
        {
            throw new InvalidOperationException("A command writes one JSON document; this one has already written its result.");
        }

        _written = true;
        _writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }
}
