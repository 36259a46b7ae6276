using KaPlatform.DemoData;

namespace KaPlatform.DevIdentity;

/// <summary>Bound from the "DevIdentity" section; what the AppHost hands over (docs/identity.md lists the variables).</summary>
public sealed class DevIdentityOptions
{
    public const string Section = "DevIdentity";

    /// <summary>This provider's own public URL; the platform's Auth:Authority must be exactly this.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The aud of every access token: the platform's Auth:Audience.</summary>
    public string Audience { get; set; } = "kaplatform-api";

    /// <summary>The workspace, a public client (no secret: a browser keeps none) that must use PKCE.</summary>
    public string ClientId { get; set; } = "kaplatform-workspace";

    /// <summary>Where the workspace may receive codes and return after sign-out (exact match, as OAuth demands).</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// Scripts (the demo seed) may act as a demo user through the password grant with this client id and password.
    /// Empty: the password grant is refused.
    /// </summary>
    public string ScriptClientId { get; set; } = "kaplatform-scripts";

    public string ScriptPassword { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The people who can sign in; the demo users unless configured.</summary>
    public List<DevUser> Users { get; set; } = [];

    public IReadOnlyList<DevUser> People() =>
        Users.Count > 0 ? Users : DemoUser.All.Select(u => new DevUser { Id = u.Id.ToString(), Name = u.Name, Roles = [u.Role], Region = u.Region }).ToList();
}

public sealed class DevUser
{
    /// <summary>The subject. Any string: a non-UUID one exercises the platform's UUIDv5 mapping like Entra or Keycloak would.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public string? Region { get; set; }
}
