using System.Globalization;

namespace KaPlatform.Benchmarks;

/// <summary>A plain-text table: first column left-aligned (labels), the others right-aligned (figures).</summary>
internal sealed class Table(string title, params string[] headers)
{
    private readonly List<string[]> rows = [];

    public Table Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine(Line(headers));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        output.Flush();
    }
}

/// <summary>How figures are shown everywhere, so tables line up and read the same.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => double.IsNaN(perSecond) || double.IsInfinity(perSecond) ? "n/a" : perSecond.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "n/a" : ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Megabytes(long bytes) => bytes <= 0 ? "n/a" : (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
