namespace Backup.Cli;

/// <summary>Writes rows as left-aligned columns separated by two spaces, with a rule under the first (header) row.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                // No padding after the last column, so that lines carry no trailing spaces.
                cells[i] = i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]);
            }

            writer.WriteLine(string.Join("  ", cells).TrimEnd());
            if (r == 0)
            {
                writer.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }
    }
}
