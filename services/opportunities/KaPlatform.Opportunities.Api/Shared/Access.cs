using Microsoft.AspNetCore.Http;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Shared;

/// <summary>docs/product.md §6 for this service: the account team decides who sees a lead, opportunity or bid; these roles may change them.</summary>
internal static class Access
{
    /// <summary>Sellers and their directors work the pipeline; finance and CS managers read it.</summary>
    public static readonly string[] Sellers = [Roles.Admin, Roles.SalesDirector, Roles.KeyAccountManager, Roles.SalesRep];

    /// <summary>Targets are set and adjusted by management, in the open.</summary>
    public static readonly string[] Planners = [Roles.Admin, Roles.SalesDirector];

    /// <summary>404 unknown_account unless the account is in this service's directory and visible to the caller: an unseen account is answered like every unseen resource (docs/product.md §6).</summary>
    public static async Task RequireAccountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller, Guid accountId)
    {
        var parameters = new DynamicParameters(new { accountId });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        var visible = await connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM account_directory d WHERE d.id = @accountId AND {scope})", parameters, transaction);
        if (!visible)
        {
            throw new BusinessRuleException("unknown_account", "The account does not exist or is not visible to you.", StatusCodes.Status404NotFound);
        }
    }

    /// <summary>
    /// One row of a table hanging off an account (alias.account_id), when the caller may see that account; null otherwise.
    /// FOR UPDATE serialises writers of the row.
    /// </summary>
    public static async Task<T?> FindVisibleAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller,
        string table, string alias, string columns, Guid id, bool forUpdate) where T : class
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        return await connection.QuerySingleOrDefaultAsync<T>(
            $"""
            SELECT {columns} FROM {table} {alias} JOIN account_directory d ON d.id = {alias}.account_id
            WHERE {alias}.id = @id AND {scope} {(forUpdate ? $"FOR UPDATE OF {alias}" : "")}
            """, parameters, transaction);
    }

    /// <summary>404 for what the caller may not see (checked first, so an unseen resource never answers 403).</summary>
    public static T Found<T>(T? resource) where T : class =>
        resource ?? throw new BusinessRuleException("not_found", "Not found.", StatusCodes.Status404NotFound);
}
