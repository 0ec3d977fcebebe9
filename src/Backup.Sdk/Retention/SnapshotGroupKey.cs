using System.Text;
using Backup.Sdk.Repository.Snapshots;

namespace Backup.Sdk.Retention;

/// <summary>What the snapshots of one group share: the host, paths and tags that the grouping looks at, the others <see langword="null"/>.</summary>
public sealed class SnapshotGroupKey
{
    private SnapshotGroupKey(string? hostname, IReadOnlyList<string>? paths, IReadOnlyList<string>? tags)
    {
        Hostname = hostname;
        Paths = paths;
        Tags = tags;
    }

    /// <summary>The host name, when grouped by host.</summary>
    public string? Hostname { get; }

    /// <summary>The set of paths, sorted, when grouped by paths.</summary>
    public IReadOnlyList<string>? Paths { get; }

    /// <summary>The set of tags, sorted, when grouped by tags.</summary>
    public IReadOnlyList<string>? Tags { get; }

    /// <summary>The key of <paramref name="snapshot"/> under <paramref name="grouping"/>.</summary>
    public static SnapshotGroupKey Of(Snapshot snapshot, SnapshotGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new SnapshotGroupKey(
            grouping.HasFlag(SnapshotGrouping.Host) ? snapshot.Hostname : null,
            grouping.HasFlag(SnapshotGrouping.Paths) ? SortedSet(snapshot.Paths) : null,
            grouping.HasFlag(SnapshotGrouping.Tags) ? SortedSet(snapshot.Tags) : null);
    }

    /// <summary>A readable form, e.g. <c>host [web1], paths [/data, /etc]</c>; <c>all snapshots</c> when nothing is grouped by.</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Hostname is not null)
        {
            parts.Add($"host [{Hostname}]");
        }

        if (Paths is not null)
        {
            parts.Add($"paths [{string.Join(", ", Paths)}]");
        }

        if (Tags is not null)
        {
            parts.Add($"tags [{string.Join(", ", Tags)}]");
        }

        return parts.Count == 0 ? "all snapshots" : string.Join(", ", parts);
    }

    /// <summary>An unambiguous text for comparing keys: each part length-prefixed, so that no separator inside a name can collide.</summary>
    internal string Identity
    {
        get
        {
            var text = new StringBuilder();
            AppendPart(text, Hostname);
            AppendList(text, Paths);
            AppendList(text, Tags);
            return text.ToString();
        }
    }

    private static string[] SortedSet(IReadOnlyList<string> values)
    {
        var set = new SortedSet<string>(values, StringComparer.Ordinal);
        return [.. set];
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            text.Append('-');
            return;
        }

        text.Append(values.Count).Append('[');
        foreach (var value in values)
        {
            AppendPart(text, value);
        }

        text.Append(']');
    }

    private static void AppendPart(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append('-');
        }
        else
        {
            text.Append(value.Length).Append(':').Append(value);
        }
    }
}
