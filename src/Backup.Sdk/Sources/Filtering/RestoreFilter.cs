namespace Backup.Sdk.Sources.Filtering;

/// <summary>
/// What a restore writes: paths selected by the <c>--include</c> patterns, minus those excluded by the
/// <c>--exclude</c> rules. Excludes always win over includes.
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads. Matching allocates nothing.</remarks>
/// <param name="includes">The include patterns; <see cref="IncludeFilter.All"/> to start from everything.</param>
/// <param name="excludes">The exclude rules; <see cref="PathFilter.Empty"/> to exclude nothing.</param>
public sealed class RestoreFilter(IncludeFilter includes, PathFilter excludes)
{
    /// <summary>A filter that restores everything.</summary>
    public static RestoreFilter All { get; } = new(IncludeFilter.All, PathFilter.Empty);

    /// <summary>The include patterns.</summary>
    public IncludeFilter Includes { get; } = includes ?? throw new ArgumentNullException(nameof(includes));

    /// <summary>The exclude rules.</summary>
    public PathFilter Excludes { get; } = excludes ?? throw new ArgumentNullException(nameof(excludes));

    /// <summary>Whether to restore <paramref name="path"/>: included and not excluded.</summary>
    /// <param name="path">A '/'-separated path inside the snapshot.</param>
    /// <param name="isDirectory">Whether the path names a directory.</param>
    /// <returns>True if the path is to be restored.</returns>
    public bool IsSelected(string path, bool isDirectory) =>
        Includes.IsSelected(path, isDirectory) && !Excludes.IsExcluded(path, isDirectory);

    /// <inheritdoc cref="IsSelected(string, bool)"/>
    public bool IsSelected(ReadOnlySpan<byte> utf8Path, bool isDirectory) =>
        Includes.IsSelected(utf8Path, isDirectory) && !Excludes.IsExcluded(utf8Path, isDirectory);

    /// <summary>
    /// Whether a restore must enter <paramref name="directoryPath"/>: something below it could be included and the
    /// directory itself is not excluded.
    /// </summary>
    /// <param name="directoryPath">A '/'-separated path of a directory inside the snapshot.</param>
    /// <returns>False when nothing below the directory can be restored.</returns>
    public bool ShouldDescend(string directoryPath) =>
        Includes.CouldSelectBelow(directoryPath) && Excludes.ShouldDescend(directoryPath);

    /// <inheritdoc cref="ShouldDescend(string)"/>
    public bool ShouldDescend(ReadOnlySpan<byte> directoryPath) =>
        Includes.CouldSelectBelow(directoryPath) && Excludes.ShouldDescend(directoryPath);
}
