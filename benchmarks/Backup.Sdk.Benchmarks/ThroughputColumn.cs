using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backup.Sdk.Benchmarks;

/// <summary>
/// Adds a "Throughput" column in MB/s (10^6 bytes per second): the benchmark's <c>Size</c> parameter (bytes processed per
/// operation) divided by its mean time.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes processed per second (MB/s, 10^6 bytes), from the Size parameter and the mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value;
        if (report?.ResultStatistics is not { } statistics || size is null)
        {
            return "-";
        }

        var bytes = Convert.ToDouble(size, CultureInfo.InvariantCulture);
        var megabytesPerSecond = bytes / (statistics.Mean / 1e9) / 1e6;
        return megabytesPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " MB/s";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>The configuration of the throughput benchmarks: the default one plus <see cref="ThroughputColumn"/>.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new ThroughputColumn());
    }
}
