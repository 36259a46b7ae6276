using Dapper;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;

namespace KaPlatform.ServiceDefaults.Lists;

/// <summary>
/// A column a list may be sorted by: its wire name, the SQL expression (written by the service, never from the
/// request; it must not be NULL so keyset comparisons hold) and the PostgreSQL type its text form casts back to.
/// </summary>
public sealed record SortColumn(string Name, string Sql, string SqlType);

/// <summary>
/// ?sort=name|-name|…: one column of an allow-list, ascending or descending (leading '-'), the row id breaking ties.
/// Keyset cursors carry the sort they were issued under, so a page of one sort never continues another (400).
/// </summary>
public sealed partial record ListSort(SortColumn Column, bool Descending)
{
    private const char Separator = '\u001f';

    /// <summary>The wire value: the column name, '-' first when descending.</summary>
    public string Value => (Descending ? "-" : "") + Column.Name;

    /// <summary>Every accepted value of ?sort= (for validation and the OpenAPI enum).</summary>
    public static string[] Values(IEnumerable<SortColumn> columns) => [.. columns.SelectMany(c => new[] { c.Name, "-" + c.Name })];

    /// <summary>The requested sort, or the list's default without one; anything outside the allow-list is a 400.</summary>
    public static ListSort Parse(string? sort, IReadOnlyList<SortColumn> allowed, ListSort fallback)
    {
        if (string.IsNullOrEmpty(sort))
        {
            return fallback;
        }

        var descending = sort.StartsWith('-');
        var name = descending ? sort[1..] : sort;
        return allowed.FirstOrDefault(c => c.Name == name) is { } column
            ? new ListSort(column, descending)
            : throw FieldErrors.Invalid("sort", $"One of: {string.Join(", ", Values(allowed))}.");
    }

    /// <summary>ORDER BY the column, then the id in the same direction (a total order, so keyset paging is exact).</summary>
    public string OrderBy(string idColumn)
    {
        var direction = Descending ? "DESC" : "ASC";
        return $"{Column.Sql} {direction}, {idColumn} {direction}";
    }

    /// <summary>The sort key as text for the cursor of the last row (select it AS the row's SortKey).</summary>
    public string KeySelect => $"({Column.Sql})::text";

    /// <summary>The predicate "after the cursor's row" (null without a cursor); a cursor of another sort is a 400.</summary>
    public string? After(string? cursor, DynamicParameters parameters, string idColumn)
    {
        if (Paging.Decode(cursor) is not { } key)
        {
            return null;
        }

        var first = key.IndexOf(Separator);
        var last = key.LastIndexOf(Separator);
        if (first < 0 || last <= first || key[..first] != Value || !Guid.TryParse(key[(last + 1)..], out var id)
            || !Fits(key[(first + 1)..last], Column.SqlType))
        {
            throw Paging.InvalidCursor();
        }

        parameters.Add("after_key", key[(first + 1)..last]);
        parameters.Add("after_id", id);
        return Continuing(idColumn);
    }

    /// <summary>The predicate "after the row whose sort key and id are the parameters @after_key and @after_id", for
    /// callers that move that position themselves (a list read in several rounds).</summary>
    public string Continuing(string idColumn) =>
        $"({Column.Sql}, {idColumn}) {(Descending ? "<" : ">")} (CAST(@after_key AS {Column.SqlType}), @after_id)";

    /// <summary>A forged key must be refused here, not by PostgreSQL's cast (which would be a 500).</summary>
    private static bool Fits(string key, string sqlType) => sqlType switch
    {
        "numeric" => decimal.TryParse(key, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _),
        "integer" => int.TryParse(key, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        "date" => DateOnly.TryParseExact(key, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
        "timestamptz" => Timestamp().IsMatch(key),
        "uuid" => Guid.TryParse(key, out _),
        _ => true,
    };

    /// <summary>PostgreSQL's ISO text of a timestamptz, e.g. 2026-12-02 07:56:47.123456+00.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex Timestamp();

    /// <summary>The key of the cursor that continues after a row with this sort key and id (Paging.ToPage encodes it).</summary>
    public string Key(string sortKey, Guid id) => Value + Separator + sortKey + Separator + id;
}

/// <summary>docs/product.md §0 list page plus, when asked (?includeTotal=true), the number of rows under the same filters and visibility.</summary>
public sealed record CountedPage<T>(IReadOnlyList<T> Items, string? NextCursor, long? Total);
