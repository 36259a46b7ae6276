using Dapper;
using KaPlatform.Accounts.Api.Accounts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;

namespace KaPlatform.Accounts.Api.Shared;

/// <summary>docs/product.md §6 for one account: unseen is 404; seen but read-only (finance, CS manager) is 403 on writes.</summary>
internal static class AccountAccess
{
    public static readonly string[] Writers = [Roles.Admin, Roles.SalesDirector, Roles.KeyAccountManager, Roles.SalesRep];

    /// <summary>Finance writes plans (docs/product.md §6) on top of the account writers.</summary>
    public static readonly string[] PlanWriters = [.. Writers, Roles.Finance];

    /// <summary>
    /// The visible account, locked for the rest of the transaction: writes under one account (reporting lines,
    /// classification, plans) are serialized, so their checks see each other.
    /// </summary>
    public static async Task<AccountResponse> LockForWriteAsync(
        UnitOfWork work, Caller caller, Guid id, CancellationToken cancellationToken, string[]? roles = null)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(caller, parameters, "a");
        var account = await work.Connection.QuerySingleOrDefaultAsync<AccountResponse>(new CommandDefinition(
            $"SELECT {AccountResponse.Columns} FROM accounts a WHERE a.id = @id AND {scope} FOR UPDATE",
            parameters, work.Transaction, cancellationToken: cancellationToken)) ?? throw Missing.Account();
        caller.Require(roles ?? Writers);
        return account;
    }

    public static async Task<AccountResponse> ReadAsync(NpgsqlConnection connection, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(caller, parameters, "a");
        return await connection.QuerySingleOrDefaultAsync<AccountResponse>(new CommandDefinition(
            $"SELECT {AccountResponse.Columns} FROM accounts a WHERE a.id = @id AND {scope}",
            parameters, cancellationToken: cancellationToken)) ?? throw Missing.Account();
    }

    public static async Task<bool> IsVisibleAsync(UnitOfWork work, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { id });
        var scope = AccountScope.Predicate(caller, parameters, "a");
        return await work.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM accounts a WHERE a.id = @id AND {scope})", parameters, work.Transaction, cancellationToken: cancellationToken));
    }
}
