using KaPlatform.ServiceDefaults.Input;

namespace KaPlatform.ServiceDefaults.Search;

/// <summary>One match of the workspace's global search: what it is, where it hangs, and the words to show.</summary>
public sealed record SearchHit(string Kind, Guid Id, Guid AccountId, string AccountName, string Title, string? Subtitle);

/// <summary>The matches of one kind, at most the per-kind limit, best (exact prefix) first.</summary>
public sealed record SearchGroup(string Kind, IReadOnlyList<SearchHit> Items);

public sealed record SearchResults(string Q, IReadOnlyList<SearchGroup> Groups);

/// <summary>
/// The shape every service's GET /api/{area}/search?q=&amp;limit= shares (docs/search.md): the workspace calls them in
/// parallel and shows the groups side by side. Each service applies its own docs/product.md §6 rule; this only checks input.
/// </summary>
public static class GlobalSearch
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;
    public const int MaxQueryLength = 100;

    /// <summary>An ILIKE "contains" pattern (the trigram indexes serve it; % and _ typed by a user match literally).</summary>
    public static (string Pattern, string Prefix, int Limit) Parse(string? q, int? limit)
    {
        var text = q?.Trim() ?? "";
        new FieldErrors()
            .Check(text.Length > 0, "q", "a search text of at least one character")
            .Check(text.Length <= MaxQueryLength && !text.Contains('\0'), "q", $"at most {MaxQueryLength} characters, no NUL")
            .Check(limit is null or (>= 1 and <= MaxLimit), "limit", $"between 1 and {MaxLimit}")
            .ThrowIfAny(detail: "The search has invalid fields.");

        var escaped = LikePattern.Escape(text);
        return ("%" + escaped + "%", escaped + "%", limit ?? DefaultLimit);
    }
}
