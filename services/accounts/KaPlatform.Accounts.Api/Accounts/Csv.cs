using System.Text;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>RFC 4180 records with the line each starts on (quoted fields may span lines, "" is a quote).</summary>
internal static class Csv
{
    public sealed record Record(int Line, IReadOnlyList<string> Fields, string? Error);

    public static IEnumerable<Record> Read(string text)
    {
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var atFieldStart = true;
            string? error = null;
            while (true)
            {
                if (position >= text.Length)
                {
                    if (quoted)
                    {
                        error = "a quoted field is not closed";
                    }

                    break;
                }

                var c = text[position++];
                if (quoted)
                {
                    if (c == '"' && position < text.Length && text[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }

                    continue;
                }

                if (c == '"' && atFieldStart)
                {
                    quoted = true;
                    atFieldStart = false;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                }
                else if (c is '\n' or '\r')
                {
                    if (c == '\r' && position < text.Length && text[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    break;
                }
                else
                {
                    field.Append(c);
                    atFieldStart = false;
                }
            }

            fields.Add(field.ToString());
            // Blank lines (often a trailing newline) are not records.
            if (error is not null || fields.Count > 1 || fields[0].Length > 0)
            {
                yield return new Record(start, fields, error);
            }
        }
    }
}
