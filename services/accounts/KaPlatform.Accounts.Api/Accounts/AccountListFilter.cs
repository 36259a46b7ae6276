using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Lists;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

/// <summary>
/// The accounts list's filters, sort and visibility as one WHERE clause, shared by the page, its total and the export,
/// so the three always agree. Sort expressions are ours (never request text) and never NULL (keyset comparisons).
/// </summary>
internal sealed class AccountListFilter
{
    /// <summary>Sortable columns; health lives in success-api and is not sortable here. Owner sorts by the user directory's name.</summary>
    private static readonly SortColumn[] Columns =
    [
        new("name", "a.name", "text"),
        new("class", "COALESCE(a.class, 'Z')", "text"),
        new("region", "a.region", "text"),
        new("owner", "COALESCE(u.name, a.owner_id::text)", "text"),
        new("industry", "COALESCE(a.industry, '')", "text"),
        new("category", "COALESCE(a.category, '')", "text"),
        new("lifecycleStage", "COALESCE(a.lifecycle_stage, '')", "text"),
        new("createdAt", "a.created_at", "timestamptz"),
        new("updatedAt", "a.updated_at", "timestamptz"),
    ];

    internal static readonly string[] Sorts = ListSort.Values(Columns);

    private const string Source = "accounts a LEFT JOIN users u ON u.id = a.owner_id";

    private readonly DynamicParameters parameters = new();
    private readonly List<string> where = [];
    private bool searchesName;
    /// <summary>q when the page is served by the piece walk (NamePieceWalk.Serves), otherwise null.</summary>
    private string? pieceWalkQuery;

    private AccountListFilter(ListSort sort) => Sort = sort;

    public ListSort Sort { get; }

    public static AccountListFilter From(AccountFilters query, Caller caller)
    {
        var errors = new FieldErrors();
        errors.OneOf("class", query.Class, ListAccounts.Classes);
        errors.OneOf("category", query.Category, Values.Categories);
        errors.OneOf("lifecycleStage", query.LifecycleStage, Values.LifecycleStages);
        errors.ThrowIfAny();
        var filter = new AccountListFilter(ListSort.Parse(query.Sort, Columns, new ListSort(Columns[0], false)));
        filter.where.Add(AccountScope.Predicate(caller, filter.parameters, "a"));
        filter.Add("class", query.Class);
        filter.Add("region", query.Region);
        filter.Add("owner_id", query.OwnerId);
        filter.Add("parent_id", query.ParentId);
        filter.Add("industry", query.Industry);
        filter.Add("category", query.Category);
        filter.Add("lifecycle_stage", query.LifecycleStage);
        var filtered = filter.where.Count > 1;
        if (NameSearch.Condition(query.Q, filter.parameters, "a") is { } named)
        {
            filter.where.Add(named);
            filter.searchesName = true;
            filter.pieceWalkQuery = NamePieceWalk.Serves(caller, filter.Sort, query.Q, filtered) ? query.Q : null;
        }

        return filter;
    }

    private void Add(string column, object? value)
    {
        if (value is not null)
        {
            parameters.Add(column, value);
            where.Add($"a.{column} = @{column}");
        }
    }

    public async Task<long> CountAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM accounts a WHERE {string.Join(" AND ", where)}", parameters, cancellationToken: cancellationToken));
    }

    /// <summary>Rows in sort order after the cursor; `take` rows at most (callers ask one more than they show).</summary>
    public async Task<List<AccountResponse>> QueryAsync(NpgsqlDataSource db, string? cursor, int take, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        async Task<List<AccountResponse>> SelectAsync(string source, IEnumerable<string> conditions, ListSort sort, string idColumn, int rows)
        {
            parameters.Add("take", rows);
            return (await connection.QueryAsync<AccountResponse>(new CommandDefinition(
                $"""
                SELECT {AccountResponse.Columns}, u.name AS owner_name, {sort.KeySelect} AS sort_key
                FROM {source} WHERE {string.Join(" AND ", conditions)} ORDER BY {sort.OrderBy(idColumn)} LIMIT @take
                """, parameters, cancellationToken: cancellationToken))).AsList();
        }

        if (pieceWalkQuery is not null && await NamePieceWalk.RarestPieceAsync(connection, pieceWalkQuery, cancellationToken) is { } piece)
        {
            return await NamePieceWalk.PageAsync(connection, piece, Sort, cursor, where, parameters, take, SelectAsync, cancellationToken);
        }

        var sort = searchesName && Sort.Column.Name == "name" ? NameSearchOrder.BySortingMatches(Sort) : Sort;
        var conditions = new List<string>(where);
        if (sort.After(cursor, parameters, "a.id") is { } after)
        {
            conditions.Add(after);
        }

        return await SelectAsync(Source, conditions, sort, "a.id", take);
    }
}
