using System.Globalization;
using System.Text;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MiniExcelLibs;

namespace KaPlatform.ServiceDefaults.Lists;

/// <summary>A column of an exported list: its header in English and Chinese, and the cell of a row (text, number or date).</summary>
public sealed record ExportColumn<T>(string Header, string HeaderZh, Func<T, object?> Cell);

/// <summary>
/// GET …/export?format=csv|xlsx&amp;lang=: the current filtered, sorted list as a file (docs/workspace.md "Lists").
/// CSV is UTF-8 with a BOM (Excel opens Chinese correctly), RFC 4180 quoting, CRLF, and text cells starting with
/// = + - @ (or a tab / carriage return) prefixed with ' so a spreadsheet never runs them as formulas. At most
/// <see cref="MaxRows"/> rows: a longer list is refused (422 export_too_large) rather than cut short without notice.
/// </summary>
public static class ListExport
{
    public const int MaxRows = 50_000;
    public static readonly string[] Formats = ["csv", "xlsx"];
    public static readonly string[] Languages = ["en", "zh-CN"];

    public const string CsvType = "text/csv";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Documents the file answer (200, CSV or XLSX) of an export route.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status200OK, typeof(byte[]), CsvType, XlsxType);

    public static void Validate(string? format, string? lang)
    {
        new FieldErrors().Choice("format", format, Formats, required: false).Choice("lang", lang, Languages, required: false).ThrowIfAny();
    }

    /// <summary>Queried with LIMIT MaxRows + 1: one row more than the cap means the list is too long to export.</summary>
    public static void CheckCap(int rows)
    {
        if (rows > MaxRows)
        {
            throw new BusinessRuleException("export_too_large", $"The list has more than {MaxRows} rows; narrow the filters to export it.",
                extensions: new Dictionary<string, object?> { ["params"] = new Dictionary<string, object?> { ["maxRows"] = MaxRows } });
        }
    }

    public static IResult File<T>(string? format, string? lang, string name, string nameZh, IReadOnlyList<ExportColumn<T>> columns, IReadOnlyList<T> rows)
    {
        var chinese = lang == "zh-CN";
        var headers = columns.Select(c => chinese ? c.HeaderZh : c.Header).ToList();
        var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var fileName = $"{(chinese ? nameZh : name)}-{stamp}";
        if (format == "xlsx")
        {
            var sheet = rows.Select(row =>
            {
                var cells = new Dictionary<string, object?>();
                for (var i = 0; i < columns.Count; i++)
                {
                    cells[headers[i]] = columns[i].Cell(row) is DateOnly date ? date.ToDateTime(TimeOnly.MinValue) : columns[i].Cell(row);
                }

                return cells;
            }).ToList();
            using var stream = new MemoryStream();
            // An empty list still gets its header row (MiniExcel takes headers from the first row): the headers as the only row.
            if (sheet.Count == 0)
            {
                stream.SaveAs(new[] { headers.ToDictionary(h => h, h => (object?)h) }, printHeader: false);
            }
            else
            {
                stream.SaveAs(sheet);
            }

            return TypedResults.File(stream.ToArray(), XlsxType, fileName + ".xlsx");
        }

        var csv = new StringBuilder("\uFEFF");
        csv.AppendJoin(',', headers.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', columns.Select(c => Quote(Text(c.Cell(row))))).Append("\r\n");
        }

        return TypedResults.File(new UTF8Encoding(false).GetBytes(csv.ToString()), CsvType + "; charset=utf-8", fileName + ".csv");
    }

    /// <summary>Numbers and dates in invariant form; text guarded against formula injection.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Guard(value.ToString() ?? ""),
    };

    /// <summary>OWASP "CSV injection": a cell a spreadsheet would read as a formula starts with a quote instead.</summary>
    public static string Guard(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
