using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Success.Api.Shared;

/// <summary>docs/product.md §6 as it applies to success features: everyone reads within their account scope, finance only reads.</summary>
public static class SuccessAccess
{
    public static readonly string[] Writers = [Roles.Admin, Roles.CsManager, Roles.KeyAccountManager, Roles.SalesRep, Roles.SalesDirector];

    /// <summary>Events and scans change data on nobody's behalf; the audit trail names the service.</summary>
    public static readonly Caller System = Caller.System("success-api");

    /// <summary>404 when the account is unknown here or outside the caller's scope — the two are indistinguishable.</summary>
    public static async Task RequireVisibleAsync(NpgsqlConnection connection, Caller caller, Guid accountId, NpgsqlTransaction? transaction = null)
    {
        var parameters = new DynamicParameters(new { accountId });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        var visible = await connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM account_directory d WHERE d.id = @accountId AND {scope})", parameters, transaction);
        if (!visible)
        {
            throw NotFound("account", accountId);
        }
    }

    public static BusinessRuleException NotFound(string what, Guid id) =>
        new("not_found", $"No {what} {id} that you can see.", StatusCodes.Status404NotFound);
}
