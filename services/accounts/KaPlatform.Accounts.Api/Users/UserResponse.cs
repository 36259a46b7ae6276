using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Accounts.Api.Users;

/// <summary>
/// One person of the directory. Roles are null for callers who are not admins (docs/product.md §6: names for all, roles for
/// admins). Init properties rather than a positional record: Npgsql reports a text[] column's type as Array, which
/// Dapper's constructor matching does not accept for string[] (it answered 500), while property mapping casts it.
/// </summary>
public sealed record UserResponse
{
    public const string Columns = "u.id, u.name, u.roles, u.region, u.last_seen AS LastSeen";

    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public string[]? Roles { get; init; }

    public string? Region { get; init; }

    public DateTime? LastSeen { get; init; }

    public UserResponse For(Caller caller) => caller.IsIn(KaPlatform.ServiceDefaults.Auth.Roles.Admin) ? this : this with { Roles = null };
}
