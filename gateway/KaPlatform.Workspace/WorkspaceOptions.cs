namespace KaPlatform.Workspace;

/// <summary>Bound from the "Workspace" section.</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>
    /// The people the sign-in picker offers. Only shown while the gateway issues dev tokens (local runs); the AppHost
    /// passes its demo users here so the picker and the demo data agree on ids.
    /// </summary>
    public List<WorkspaceUser> DemoUsers { get; set; } = [];

    /// <summary>The workspace's client id at the provider (a public client: no secret, PKCE).</summary>
    public string ClientId { get; set; } = "kaplatform-workspace";

    /// <summary>
    /// Scopes asked for. offline_access brings a refresh token; providers that issue API tokens only for an API scope
    /// (Entra ID: api://…/access) need it added here (docs/identity.md).
    /// </summary>
    public string Scope { get; set; } = "openid profile offline_access";

    /// <summary>
    /// A folder to serve the files from instead of the copies built into the assembly: set it to this project's
    /// wwwroot while working on the pages, and a reload shows the edit without rebuilding the gateway.
    /// </summary>
    public string? Root { get; set; }
}

public sealed class WorkspaceUser
{
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Region { get; set; }
}
