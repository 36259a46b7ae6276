namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>
/// Bound from the "Auth" section (docs/product.md §6). With <see cref="Authority"/> set, tokens come from that OpenID Connect
/// provider and only RS256/ES256 signatures from its JWKS count. Without it, the platform runs in shared-key mode
/// (tests and <c>--dev-tokens</c> local runs): HMAC tokens signed with <see cref="SigningKey"/>.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The provider's issuer URL; its /.well-known/openid-configuration and JWKS are read from here.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "kaplatform-api";

    /// <summary>Issuer of shared-key tokens (ignored when an Authority is set).</summary>
    public string Issuer { get; set; } = "kaplatform";

    /// <summary>Symmetric HMAC key, at least 32 bytes of UTF-8, used only without an Authority.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Gateway only: exposes POST /api/dev/token. Off unless configured; never together with an Authority.</summary>
    public bool DevTokens { get; set; }

    /// <summary>A token whose exp minus iat (or nbf) exceeds this is refused, however valid its signature.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The least time between two re-reads of the discovery document and JWKS forced by a token with an unknown key
    /// id, so a stream of forged kids cannot turn into a stream of requests to the provider.
    /// </summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Re-read the keys this often even when every kid is known (providers publish next keys ahead).</summary>
    public TimeSpan MetadataMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Plain-http discovery is allowed only for loopback authorities unless this is set (never in production).</summary>
    public bool AllowHttpMetadata { get; set; }

    public ClaimNames Claims { get; set; } = new();

    /// <summary>Reuse the principal of a token already validated by this process (<see cref="ValidatedTokens"/>); off only to measure it.</summary>
    public bool ReuseValidatedTokens { get; set; } = true;

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>Where the provider puts each fact about the person (Entra ID, Keycloak and Authing differ; see docs/identity.md).</summary>
public sealed class ClaimNames
{
    public string UserId { get; set; } = "sub";
    public string Name { get; set; } = "name";

    /// <summary>A JSON array or one space-separated string.</summary>
    public string Roles { get; set; } = "roles";

    public string Region { get; set; } = "region";
}
