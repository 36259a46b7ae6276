using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Auth;

public static class CallerChecks
{
    public static bool IsAny(this Caller caller, params string[] roles) => roles.Any(caller.IsIn);

    /// <summary>403 with problem details when the caller holds none of the roles (the resource itself is visible).</summary>
    public static void Require(this Caller caller, params string[] roles)
    {
        if (!caller.IsAny(roles))
        {
            throw new BusinessRuleException("forbidden", $"This needs one of the roles: {string.Join(", ", roles)}.", StatusCodes.Status403Forbidden);
        }
    }
}
