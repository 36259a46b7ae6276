using Dapper;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>
/// "The account's name contains q" as SQL that an index serves: the exact ILIKE, and for two characters or more the
/// containment of q's two-character pieces in the name's (migration 0009, GIN on name_bigrams(name)).
/// </summary>
internal static class NameSearch
{
    public static string? Condition(string? q, DynamicParameters parameters, string alias)
    {
        if (Like.Contains(q) is not { } pattern)
        {
            return null;
        }

        parameters.Add("pattern", pattern);
        var text = q!.Trim();
        if (text.Length < 2)
        {
            return $"{alias}.name ILIKE @pattern";
        }

        parameters.Add("name_q", text);
        return $"({alias}.name ILIKE @pattern AND name_bigrams({alias}.name) @> name_bigrams(@name_q))";
    }
}
