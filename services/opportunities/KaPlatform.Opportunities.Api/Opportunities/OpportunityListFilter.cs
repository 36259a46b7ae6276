using Dapper;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Lists;
using KaPlatform.ServiceDefaults.Search;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>The opportunity list's filters as given on the query string (the list and its export take the same).</summary>
public sealed record OpportunityFilters(
    Guid? AccountId, Guid? OwnerId, string? Stage, string? Type, bool? Stuck, string? Q, bool? Open, string? Sort);

/// <summary>One currency's figures of the filtered list; amounts of different currencies are never added together.</summary>
public sealed record CurrencyTotal(string Currency, long Count, decimal Amount, decimal Weighted);

/// <summary>
/// The opportunity list's filters, sort and visibility as one WHERE clause, shared by the page, its totals and the
/// export, so all three agree. Sort expressions are ours (never request text) and never NULL (keyset comparisons).
/// </summary>
internal sealed class OpportunityListFilter
{
    public const int MaxQueryLength = 200;

    internal static readonly string[] StageFilter = [.. Stages.Open, Stages.Won, Stages.Lost];

    /// <summary>Sortable columns. Stage sorts in funnel order (lost last); the date is the close date once closed, else the expected one.</summary>
    private static readonly SortColumn[] Columns =
    [
        new("name", "o.name", "text"),
        new("account", "d.name", "text"),
        new("type", "o.type", "text"),
        new("stage", $"array_position(ARRAY['{string.Join("','", StageFilter)}']::text[], o.stage)", "integer"),
        new("probability", "o.probability", "integer"),
        new("amount", "o.amount", "numeric"),
        new("expectedCloseDate", "COALESCE(o.close_date, o.expected_close_date, DATE '9999-12-31')", "date"),
        new("createdAt", "o.created_at", "timestamptz"),
    ];

    internal static readonly string[] Sorts = ListSort.Values(Columns);

    /// <summary>Without ?sort=: newest first by id (UUIDv7), the order the list always had.</summary>
    private static readonly ListSort Newest = new(new SortColumn("id", "o.id", "uuid"), true);

    private const string Source = "opportunities o JOIN account_directory d ON d.id = o.account_id";

    private readonly DynamicParameters parameters = new();
    private readonly List<string> where = [];

    private OpportunityListFilter(ListSort sort) => Sort = sort;

    public ListSort Sort { get; }

    public static OpportunityListFilter From(OpportunityFilters f, Caller caller)
    {
        new FieldErrors().Choice("stage", f.Stage, StageFilter, required: false)
            .Choice("type", f.Type, Stages.Types, required: false)
            .Check(f.Q is null || f.Q.Length <= MaxQueryLength, "q", $"At most {MaxQueryLength} characters.").ThrowIfAny();
        var filter = new OpportunityListFilter(ListSort.Parse(f.Sort, Columns, Newest));
        var p = filter.parameters;
        filter.where.Add(AccountScope.Predicate(caller, p, "d"));
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                p.Add(name, value);
                filter.where.Add(condition);
            }
        }

        Add("o.account_id = @accountId", "accountId", f.AccountId);
        Add("o.owner_id = @ownerId", "ownerId", f.OwnerId);
        Add("o.stage = @stage", "stage", f.Stage);
        Add("o.type = @type", "type", f.Type);
        Add("(o.name ILIKE @pattern OR d.name ILIKE @pattern)", "pattern", LikePattern.Contains(f.Q));
        if (f.Open is { } open)
        {
            p.Add("openStages", Stages.Open);
            filter.where.Add(open ? "o.stage = ANY(@openStages)" : "NOT (o.stage = ANY(@openStages))");
        }

        if (f.Stuck is { } stuck)
        {
            filter.where.Add($"{(stuck ? "" : "NOT ")}{StuckDeals.Predicate(p)}");
        }

        return filter;
    }

    private string Where => string.Join(" AND ", where);

    /// <summary>Count, amount and weighted amount (amount × probability) per currency, under the same filters.</summary>
    public async Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<CurrencyTotal>(new CommandDefinition(
            $"""
            SELECT o.currency, count(*) AS count, sum(o.amount) AS amount, round(sum(o.amount * o.probability / 100.0), 2) AS weighted
            FROM {Source} WHERE {Where} GROUP BY o.currency ORDER BY o.currency
            """, parameters, cancellationToken: cancellationToken))).AsList();

    /// <summary>Rows in sort order after the cursor; `take` rows at most (callers ask one more than they show).</summary>
    public async Task<List<OpportunityRow>> QueryAsync(NpgsqlConnection connection, string? cursor, int take, CancellationToken cancellationToken)
    {
        var conditions = Where;
        if (Sort.After(cursor, parameters, "o.id") is { } after)
        {
            conditions += " AND " + after;
        }

        parameters.Add("take", take);
        return (await connection.QueryAsync<OpportunityRow>(new CommandDefinition(
            $"""
            SELECT {OpportunityRow.Columns}, d.name AS account_name, {Sort.KeySelect} AS sort_key
            FROM {Source} WHERE {conditions} ORDER BY {Sort.OrderBy("o.id")} LIMIT @take
            """, parameters, cancellationToken: cancellationToken))).AsList();
    }
}
