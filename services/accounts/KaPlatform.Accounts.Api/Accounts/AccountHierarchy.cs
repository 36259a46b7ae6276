using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record HierarchyRollup(int Accounts, decimal Contribution, decimal Potential);

public sealed record HierarchyNode(
    Guid Id, string Name, string Region, string? Class, decimal? Contribution, decimal? Potential, int? FiscalYear,
    IReadOnlyList<HierarchyNode> Children, HierarchyRollup Rollup);

/// <summary>
/// GET /api/accounts/{id}/hierarchy: the group subtree (e.g. carrier → provincial company → city branch) with
/// contribution and potential of the latest assessments rolled up. Only accounts the caller may see appear or
/// count; a visible branch under an unseen one hangs from its nearest visible ancestor.
/// </summary>
public static class AccountHierarchy
{
    public const int MaxDepth = 50;

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid? ParentId { get; init; }
        public string Name { get; init; } = "";
        public string Region { get; init; } = "";
        public string? Class { get; init; }
        public decimal? Contribution { get; init; }
        public decimal? Potential { get; init; }
        public int? AssessedFiscalYear { get; init; }
        public bool Visible { get; init; }
    }

    public static async Task<Ok<HierarchyNode>> HandleAsync(Guid id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { id, MaxDepth });
        var scope = AccountScope.Predicate(Caller.From(user), parameters, "a");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            WITH RECURSIVE tree (id, depth) AS (
                SELECT id, 0 FROM accounts WHERE id = @id
                UNION ALL
                SELECT a.id, tree.depth + 1 FROM accounts a JOIN tree ON a.parent_id = tree.id WHERE tree.depth < @MaxDepth)
            SELECT a.id, a.parent_id, a.name, a.region, a.class, a.contribution, a.potential, a.assessed_fiscal_year, ({scope}) AS visible
            FROM tree JOIN accounts a ON a.id = tree.id
            """, parameters, cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
        if (!rows.TryGetValue(id, out var root) || !root.Visible)
        {
            throw Missing.Account();
        }

        var children = rows.Values.Where(r => r.Visible && r.Id != id)
            .ToLookup(r => NearestVisibleAncestor(r, rows, id));
        return TypedResults.Ok(Build(root, children));
    }

    private static Guid NearestVisibleAncestor(Row row, Dictionary<Guid, Row> rows, Guid rootId)
    {
        var parentId = row.ParentId!.Value;
        while (parentId != rootId && !rows[parentId].Visible)
        {
            parentId = rows[parentId].ParentId!.Value;
        }

        return parentId;
    }

    private static HierarchyNode Build(Row row, ILookup<Guid, Row> children)
    {
        var nodes = children[row.Id].OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Build(c, children)).ToList();
        var rollup = new HierarchyRollup(
            1 + nodes.Sum(n => n.Rollup.Accounts),
            (row.Contribution ?? 0) + nodes.Sum(n => n.Rollup.Contribution),
            (row.Potential ?? 0) + nodes.Sum(n => n.Rollup.Potential));
        return new HierarchyNode(row.Id, row.Name, row.Region, row.Class, row.Contribution, row.Potential, row.AssessedFiscalYear, nodes, rollup);
    }
}
