namespace KaPlatform.ServiceDefaults.Auth;

/// <summary>Bound from the "Auth" section. Any OIDC provider can issue tokens as long as these match (SPEC §6).</summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "kaplatform";
    public string Audience { get; set; } = "kaplatform-api";

    /// <summary>Symmetric HMAC key, at least 32 bytes of UTF-8. Never defaulted: a missing key stops the process.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Gateway only: exposes POST /api/dev/token. Off unless configured.</summary>
    public bool DevTokens { get; set; }
}
