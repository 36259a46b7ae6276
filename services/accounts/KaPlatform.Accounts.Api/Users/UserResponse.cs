namespace KaPlatform.Accounts.Api.Users;

/// <summary>One person of the directory. Roles are null for callers who are not admins (SPEC §6: names for all, roles for admins).</summary>
public sealed record UserResponse(Guid Id, string Name, string[]? Roles, string? Region, DateTime? LastSeen)
{
    public const string Columns = "u.id, u.name, u.roles, u.region, u.last_seen AS LastSeen";

    public UserResponse For(KaPlatform.ServiceDefaults.Auth.Caller caller) =>
        caller.IsIn(KaPlatform.ServiceDefaults.Auth.Roles.Admin) ? this : this with { Roles = null };
}
