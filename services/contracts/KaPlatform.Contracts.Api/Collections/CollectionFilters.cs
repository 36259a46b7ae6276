using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

/// <summary>
/// The filters the aging, DSO and battle-map reports share, so that their figures agree for the same question: one
/// account or its whole group (by <c>parent_id</c>), and one collector — the contract's owner (who won it collects
/// it) or the account's owner, as on the battle map.
/// </summary>
internal static class CollectionFilters
{
    /// <summary>
    /// A WITH clause naming the accounts asked for as <c>tree</c>, each with its directory row (id, name, parent_id,
    /// owner_id, region, team_user_ids; NULL columns for an account the directory has not heard of yet), so a report
    /// can join its sums to the tree it already read instead of probing the directory once per row; empty when no
    /// account was given.
    /// </summary>
    public static string AccountTree(Guid? accountId, bool subtree) => accountId is null ? "" : subtree
        ? $"""
          WITH RECURSIVE tree AS (
              {TreeRoot}
              UNION
              SELECT c.id, c.name, c.parent_id, c.owner_id, c.region, c.team_user_ids FROM account_directory c JOIN tree t ON c.parent_id = t.id)
          """
        : $"WITH tree AS ({TreeRoot})";

    private const string TreeRoot =
        "SELECT r.id, d.name, d.parent_id, d.owner_id, d.region, d.team_user_ids FROM (SELECT @accountId::uuid AS id) r LEFT JOIN account_directory d ON d.id = r.id";

    /// <summary>The directory row of each summed account as alias d: the tree's own rows when an account was asked for.</summary>
    public static string DirectoryJoin(Guid? accountId, string accountColumn) => accountId is null
        ? $"LEFT JOIN account_directory d ON d.id = {accountColumn}"
        : $"JOIN tree d ON d.id = {accountColumn}";

    /// <summary>Milestone filter on the accounts of <see cref="AccountTree"/> (alias m); the subtree goes in as an array
    /// so the recursive CTE's row estimate cannot push the planner to a full scan.</summary>
    public static string AccountClause(Guid? accountId) => accountId is null ? "" : "m.account_id = ANY (ARRAY(SELECT id FROM tree)) AND";

    /// <summary>
    /// What had been paid on milestone m by the end of <paramref name="date"/> (a parameter), so the aging and the DSO
    /// card count a payment the same way. Payments are looked up only for a milestone that has been (partly) paid:
    /// paid_amount only grows, by applications of positive amounts.
    /// </summary>
    public static string PaidBy(string date) => $"""
        CASE WHEN m.paid_amount > 0 THEN coalesce((
            SELECT sum(pa.amount) FROM payment_applications pa WHERE pa.milestone_id = m.id AND pa.received_at <= {date}::date), 0)
            ELSE 0 END
        """;

    /// <summary>Joins the contract only when a collector is asked for (aliases m → c); the owner test is <see cref="Owner"/>.</summary>
    public static string OwnerJoin(Guid? ownerId) => ownerId is null ? "" : "JOIN contracts c ON c.id = m.contract_id";

    public static string ContractOwner(Guid? ownerId) => ownerId is null ? "NULL::uuid" : "c.owner_id";

    /// <summary>Needs the selected <c>contract_owner</c> (of the rows aliased <paramref name="rows"/>) and the directory (alias d).</summary>
    public static string Owner(string rows) => $"(@ownerId::uuid IS NULL OR {rows}.contract_owner = @ownerId OR d.owner_id = @ownerId)";

    /// <summary>An account asked for by id that the caller may not see is a 404, not an empty report (docs/product.md §6).</summary>
    public static async Task RequireVisibleAsync(NpgsqlConnection connection, Caller caller, Guid? accountId, string scope, DynamicParameters parameters)
    {
        if (accountId is not null && !caller.IsAny(Roles.Admin, Roles.Finance) &&
            !await connection.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM account_directory d WHERE d.id = @accountId AND {scope})", parameters))
        {
            throw Contracts.ContractAccess.NotFound("account");
        }
    }
}
