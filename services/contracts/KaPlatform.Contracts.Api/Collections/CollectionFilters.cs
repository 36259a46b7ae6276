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
    /// <summary>A WITH clause naming the accounts asked for as <c>tree (id)</c>; empty when no account was given.</summary>
    public static string AccountTree(Guid? accountId, bool subtree) => accountId is null ? "" : subtree
        ? """
          WITH RECURSIVE tree (id) AS (
              SELECT @accountId::uuid
              UNION
              SELECT c.id FROM account_directory c JOIN tree t ON c.parent_id = t.id)
          """
        : "WITH tree (id) AS (SELECT @accountId::uuid)";

    /// <summary>Milestone filter on the accounts of <see cref="AccountTree"/> (alias m); the subtree goes in as an array
    /// so the recursive CTE's row estimate cannot push the planner to a full scan.</summary>
    public static string AccountClause(Guid? accountId) => accountId is null ? "" : "m.account_id = ANY (ARRAY(SELECT id FROM tree)) AND";

    /// <summary>Joins the contract only when a collector is asked for (aliases m → c); the owner test is <see cref="Owner"/>.</summary>
    public static string OwnerJoin(Guid? ownerId) => ownerId is null ? "" : "JOIN contracts c ON c.id = m.contract_id";

    public static string ContractOwner(Guid? ownerId) => ownerId is null ? "NULL::uuid" : "c.owner_id";

    /// <summary>Needs the selected <c>contract_owner</c> (alias o) and the directory (alias d).</summary>
    public const string Owner = "(@ownerId::uuid IS NULL OR o.contract_owner = @ownerId OR d.owner_id = @ownerId)";

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
