using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Testing;

/// <summary>Tokens signed with the key every process under test is configured with.</summary>
public static class TestTokens
{
    public const string SigningKey = "kaplatform-tests-signing-key-0123456789abcdef";
    public static readonly AuthOptions Options = new() { SigningKey = SigningKey };
    private static readonly DevTokenIssuer Issuer = new(Options);

    public static string For(Guid userId, string role, string? region = null) => Issuer.Issue(userId, "tester", [role], region);

    public static string Admin() => For(Guid.NewGuid(), Roles.Admin);
}
