using System.Text;
using MiniExcelLibs;
using Xunit;

namespace KaPlatform.Testing;

/// <summary>An exported list read back as a spreadsheet program would: header row, then rows of text cells.</summary>
public sealed record ExportedFile(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public IReadOnlyList<string> Column(string header) => [.. Rows.Select(r => r[Header.ToList().IndexOf(header)])];

    /// <summary>UTF-8 with a BOM, RFC 4180 (quoted fields, "" for a quote, CRLF). Fails unless the BOM is there.</summary>
    public static ExportedFile FromCsv(byte[] bytes)
    {
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "the CSV starts with the UTF-8 BOM");
        var text = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0, "every record ends with CRLF");
        return new ExportedFile(records[0], records.Skip(1).ToList());
    }

    public static ExportedFile FromXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => (IReadOnlyList<string>)[.. r.Values.Select(v => v switch
            {
                null => "",
                DateTime at => at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            })]).ToList();
        return new ExportedFile(rows[0], rows.Skip(1).ToList());
    }
}
