using Dapper;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Accounts.Api.Stakeholders;

/// <summary>What a reader who may not see a protected contact gets instead of it (docs/product.md §8): the figures, never the text.</summary>
public sealed record ProtectedStakeholder(Guid Id, bool Confidential, IReadOnlyList<string> BuyingRoles, string Stance, int Influence);

/// <summary>
/// Protected contacts (保护内线, docs/product.md §8): only the account owner, admins and the users in confidentialTo see the person's
/// name, title, department, notes and interactions. Everyone else who sees the account sees the node's figures, so
/// coverage is the same for all, and no search matches the person's text for them.
/// </summary>
public static class ProtectedContacts
{
    public static bool MaySee(Caller caller, Guid accountOwnerId, Stakeholder stakeholder) =>
        !stakeholder.Confidential || MayAlwaysSee(caller, accountOwnerId) || stakeholder.ConfidentialTo.Contains(caller.UserId);

    public static bool MayAlwaysSee(Caller caller, Guid accountOwnerId) => caller.IsIn(Roles.Admin) || caller.UserId == accountOwnerId;

    /// <summary>The stakeholder as this reader may see it: itself, or its protected figures.</summary>
    public static object Show(Caller caller, Guid accountOwnerId, Stakeholder stakeholder) =>
        MaySee(caller, accountOwnerId, stakeholder)
            ? stakeholder
            : new ProtectedStakeholder(stakeholder.Id, true, stakeholder.BuyingRoles, stakeholder.Stance, stakeholder.Influence);

    /// <summary>
    /// SQL: true when <paramref name="stakeholder"/> (an alias of stakeholders) is hidden from the caller; the account's
    /// alias supplies the owner. Adds @protection_viewer to the parameters.
    /// </summary>
    public static string HiddenSql(Caller caller, DynamicParameters parameters, string stakeholder, string account)
    {
        if (caller.IsIn(Roles.Admin))
        {
            return "false";
        }

        parameters.Add("protection_viewer", caller.UserId);
        return $"({stakeholder}.confidential AND {account}.owner_id <> @protection_viewer AND NOT (@protection_viewer = ANY({stakeholder}.confidential_to)))";
    }

    /// <summary>SQL: true when an interaction (alias <paramref name="interaction"/>) names someone hidden from the caller.</summary>
    public static string HiddenInteractionSql(Caller caller, DynamicParameters parameters, string interaction, string account) =>
        caller.IsIn(Roles.Admin)
            ? "false"
            : $"EXISTS (SELECT 1 FROM stakeholders ps WHERE ps.id = ANY({interaction}.stakeholder_ids) AND {HiddenSql(caller, parameters, "ps", account)})";
}
