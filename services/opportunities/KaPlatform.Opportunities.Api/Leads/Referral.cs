using Dapper;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

/// <summary>Who referred the lead (转介绍): a customer account and, when known, the person there who did.</summary>
public sealed record ReferredBy(Guid? AccountId, Guid? StakeholderId);

internal static class Referral
{
    public static FieldErrors ReferredBy(this FieldErrors v, ReferredBy? referredBy, Guid? leadAccountId, string? source) =>
        referredBy is null
            ? v
            : v.Id("referredBy.accountId", referredBy.AccountId)
                .Id("referredBy.stakeholderId", referredBy.StakeholderId, required: false)
                .Check(referredBy.AccountId != leadAccountId, "referredBy.accountId",
                    "A different account than the lead's: an account does not refer itself (use source existing_customer).")
                .Check(source is null or "referral", "source", "referral, when referredBy is given.");

    /// <summary>
    /// The referring account must be one the caller sees (422 unknown_referring_account, docs/product.md §6: an unseen account is
    /// never confirmed to exist), and the stakeholder must be a person of that account in the decision-chain projection
    /// fed by accounts-api's stakeholder events (422 stakeholder_not_in_account).
    /// </summary>
    public static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Caller caller, ReferredBy referredBy)
    {
        var parameters = new DynamicParameters(new { referredBy.AccountId });
        var scope = AccountScope.Predicate(caller, parameters, "d");
        if (!await connection.ExecuteScalarAsync<bool>(
                $"SELECT EXISTS (SELECT 1 FROM account_directory d WHERE d.id = @AccountId AND {scope})", parameters, transaction))
        {
            throw new BusinessRuleException("unknown_referring_account", "The referring account does not exist or is not visible to you.");
        }

        if (referredBy.StakeholderId is { } stakeholderId && !await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM stakeholders WHERE id = @stakeholderId AND account_id = @AccountId)",
                new { stakeholderId, referredBy.AccountId }, transaction))
        {
            throw new BusinessRuleException("stakeholder_not_in_account", "The referring stakeholder is not a person of the referring account.");
        }
    }
}
