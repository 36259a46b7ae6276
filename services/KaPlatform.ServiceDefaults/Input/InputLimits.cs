namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// The limits every route shares (docs/api-contract.md). Endpoints may be stricter (a name is shorter than a
/// visit summary); none is looser, so a client can rely on these everywhere.
/// </summary>
public static class InputLimits
{
    /// <summary>Characters in any text of a JSON body (a plan review's notes, a visit summary); names and codes have tighter limits of their own.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>Entries in any array of a JSON body (team members, milestones, documents, new needs, approvers...).</summary>
    public const int MaxArrayItems = 200;

    /// <summary>Characters in one query-string value (a search text, an id).</summary>
    public const int MaxQueryLength = 500;

    /// <summary>A JSON body larger than this is refused with 413 before it is parsed.</summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Nesting depth of a JSON body: the deepest body in docs/product.md is 4 levels.</summary>
    public const int MaxDepth = 16;

    /// <summary>Numbers in a body stay below 10^15 in magnitude: money columns are numeric(18,2) and counts are far smaller.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000_000m;

    /// <summary>Dates and instants must fall in this window: far enough for any contract, near enough that date arithmetic never overflows.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public static readonly DateOnly LatestDate = new(2999, 12, 31);

    public static bool InRange(DateOnly date) => date >= EarliestDate && date <= LatestDate;
}
