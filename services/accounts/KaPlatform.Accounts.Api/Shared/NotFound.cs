using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Accounts.Api.Shared;

internal static class Missing
{
    /// <summary>Unknown and not visible are the same answer (docs/product.md §6): nothing tells an outsider the account exists.</summary>
    public static BusinessRuleException Account() => new("not_found", "No such account.", StatusCodes.Status404NotFound);

    public static BusinessRuleException Of(string what) => new("not_found", $"No such {what}.", StatusCodes.Status404NotFound);
}
