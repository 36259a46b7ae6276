using System.Security.Claims;

namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>Who is calling, read once from the validated token.</summary>
public sealed record Caller(Guid UserId, string Name, IReadOnlySet<string> Roles, string? Region)
{
    public const string RegionClaim = "region";

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>
    /// The audit trail's "who" for a change no person made — an event consumed, a scheduler, the ERP — named after its
    /// source ("contracts-api", "erp") and holding only the roles the work needs.
    /// </summary>
    public static Caller System(string source, params string[] roles) => new(Guid.Empty, source, roles.ToHashSet(StringComparer.Ordinal), null);

    public static Caller From(ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.FindFirstValue("sub");
        var roles = principal.FindAll(ClaimTypes.Role).Concat(principal.FindAll("role"))
            .Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(
            Guid.TryParse(sub, out var id) ? id : Guid.Empty,
            principal.FindFirstValue("name") ?? principal.Identity?.Name ?? "",
            roles,
            principal.FindFirstValue(RegionClaim));
    }
}
