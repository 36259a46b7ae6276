using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>
/// Loads a contract the caller may see (docs/product.md §6: unseen answers 404, exactly like unknown) and checks what their
/// role may do with it. The account directory decides visibility; admin and finance see contracts even before the
/// directory has heard of their account.
/// </summary>
public static class ContractAccess
{
    /// <summary>contracts-api itself in the audit trail: drafts from won deals, the overdue scan.</summary>
    public static readonly Caller System = Caller.System("contracts-api", Roles.Admin);

    /// <summary>Sales side: sign, deliver, accept, edit. Finance joins them for money matters.</summary>
    public static readonly string[] SalesWriters = [Roles.Admin, Roles.SalesDirector, Roles.KeyAccountManager, Roles.SalesRep];
    public static readonly string[] MoneyWriters = [Roles.Admin, Roles.Finance];
    public static readonly string[] PlanWriters = [.. SalesWriters, Roles.Finance];

    public static string VisibleFrom(Caller caller, DynamicParameters parameters) =>
        $"contracts c LEFT JOIN account_directory d ON d.id = c.account_id WHERE {AccountScope.Predicate(caller, parameters, "d")}";

    /// <summary>The contract row locked for update, or 404.</summary>
    public static async Task<ContractRow> LoadForUpdateAsync(UnitOfWork work, Caller caller, Guid id, params string[] roles)
    {
        var contract = await FindAsync(work, caller, id, forUpdate: true) ?? throw NotFound();
        caller.Require(roles);
        return contract;
    }

    public static async Task<ContractRow?> FindAsync(UnitOfWork work, Caller caller, Guid id, bool forUpdate = false)
    {
        var parameters = new DynamicParameters(new { id });
        var from = VisibleFrom(caller, parameters);
        return await work.Connection.QuerySingleOrDefaultAsync<ContractRow>(
            $"SELECT {ContractRow.Columns} FROM {from} AND c.id = @id {(forUpdate ? "FOR UPDATE OF c" : "")}", parameters, work.Transaction);
    }

    public static BusinessRuleException NotFound(string what = "contract") =>
        new("not_found", $"No {what} with this id is visible to you.", StatusCodes.Status404NotFound);

    public static void RequireSigned(ContractRow contract)
    {
        if (contract.Status is ContractStatus.Draft or ContractStatus.Terminated)
        {
            throw new BusinessRuleException("contract_not_signed", $"Contract {contract.Number} is {contract.Status}; this needs a signed contract.");
        }
    }

    public static Task TouchAsync(UnitOfWork work, Guid id, string? status = null) =>
        work.Connection.ExecuteAsync(
            "UPDATE contracts SET status = coalesce(@status, status), updated_at = clock_timestamp(), version = version + 1 WHERE id = @id",
            new { id, status }, work.Transaction);
}
