using System.Text;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Http;

/// <summary>docs/product.md §0 lists: { items, nextCursor }.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset paging: ?limit= (default 50, max 500) and an opaque ?cursor= that encodes the sort key of the last item
/// returned. Query one row more than the limit to know whether a next page exists.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const char UnitSeparator = '\u001f';
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The limit to use; a value outside 1..500 is the caller's mistake (400).</summary>
    public static int Limit(int? requested)
    {
        if (requested is null)
        {
            return DefaultLimit;
        }

        if (requested is < 1 or > MaxLimit)
        {
            throw BusinessRuleException.InvalidFields(
                new Dictionary<string, string[]> { ["limit"] = [$"between 1 and {MaxLimit}"] }, "invalid_limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return requested.Value;
    }

    public static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The sort key inside a cursor, or null without one; a cursor we did not issue is a 400.</summary>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var key = StrictUtf8.GetString(Convert.FromBase64String(base64));
            // A forged cursor must not carry text PostgreSQL refuses (NUL) or that no key of ours contains; the unit
            // separator is ours (accounts' keyset cursors join sort key and id with it).
            return key.Length is > 0 and <= 500 && !key.Any(c => char.IsControl(c) && c != UnitSeparator) ? key : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw InvalidCursor();
        }
    }

    /// <summary>
    /// The id inside a cursor of a list keyed by id, or null without one. A forged cursor that decodes but holds no
    /// UUID is a 400 naming `cursor`, checked here rather than left to PostgreSQL's cast (which could only blame the body).
    /// </summary>
    public static Guid? DecodeId(string? cursor) =>
        Decode(cursor) is not { } key ? null : Guid.TryParse(key, out var id) ? id : throw InvalidCursor();

    /// <summary>The 400 for a cursor that decodes but does not have the shape its list writes.</summary>
    public static BusinessRuleException InvalidCursor() => BusinessRuleException.InvalidFields(
        new Dictionary<string, string[]> { ["cursor"] = ["not a valid cursor"] }, "invalid_cursor", "The cursor is not one this API issued.");

    /// <summary>Cuts the extra row fetched beyond the limit and builds the cursor from the last item kept.</summary>
    public static Page<T> ToPage<T>(IReadOnlyList<T> rows, int limit, Func<T, string> keyOf) =>
        rows.Count > limit
            ? new Page<T>(rows.Take(limit).ToList(), Encode(keyOf(rows[limit - 1])))
            : new Page<T>(rows, null);
}
