using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Backup.Sdk.Repository;
using Backup.Sdk.Repository.Snapshots;
using Backup.Sdk.Retention;

namespace Backup.Sdk.Tests.Retention;

/// <summary>One snapshot of a test history: a label for the expectations, its time (ISO-8601 with offset), host, paths and tags.</summary>
public sealed record H(string Label, string Time, string Host = "h1", string Paths = "/data", string Tags = "")
{
    public Snapshot ToSnapshot() => new()
    {
        Id = new ContentId(SHA256.HashData(Encoding.UTF8.GetBytes(Label))),
        Time = DateTimeOffset.Parse(Time, CultureInfo.InvariantCulture),
        Hostname = Host,
        Paths = Paths.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Tags = Tags.Split(',', StringSplitOptions.RemoveEmptyEntries),
        Tree = ContentId.Empty,
    };
}

/// <summary>
/// A policy case: the rules, a history, and the expected kept snapshots as <c>label: reason, reason</c> (computed by hand,
/// in the order the policy lists reasons: last, hourly, daily, weekly, monthly, yearly, within, tags); every other
/// snapshot of the history is expected to be removed.
/// </summary>
public sealed record PolicyCase(string Name, RetentionRules Rules, H[] History, string[] Kept, string Zone = "UTC", string Now = "2030-01-01T00:00:00Z")
{
    public override string ToString() => Name;
}
