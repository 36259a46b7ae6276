using KaPlatform.ServiceDefaults.Http;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>A cursor of (text or instant, id): the sort key of the last row, the id last so any text may precede it.</summary>
internal static class KeysetCursor
{
    private const char Separator = '\u001f';

    public static string Key(string sortKey, Guid id) => sortKey + Separator + id;

    public static (string SortKey, Guid Id)? Read(string? cursor)
    {
        var key = Paging.Decode(cursor);
        if (key is null)
        {
            return null;
        }

        var at = key.LastIndexOf(Separator);
        return at >= 0 && Guid.TryParse(key[(at + 1)..], out var id)
            ? (key[..at], id)
            : throw Paging.InvalidCursor();
    }
}
