using System.Net;
using System.Text;
using KaPlatform.Testing;

namespace KaPlatform.Identity.Tests;

/// <summary>
/// docs/product.md §6 against the real platform: tokens of an outside provider are checked at the gateway and again by every
/// service; each variant below is sent to the gateway and to each service directly.
/// </summary>
public sealed class TokenVariantTests(OidcPlatformFixture platform)
{
    private const string Admin = "admin";

    public static TheoryData<string, string> Accepted => Cross("rs256", "es256", "roles-space-separated", "subject-not-a-uuid");

    public static TheoryData<string, string> Refused => Cross(
        "unknown-kid", "alg-none", "hs256-with-rsa-public-key", "hs256-with-platform-shared-key", "wrong-issuer",
        "wrong-audience", "expired", "lifetime-13h", "no-sub", "no-exp", "no-iat-nor-nbf", "tampered-payload", "no-token");

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Provider_tokens_are_accepted(string target, string variant)
    {
        using var client = platform.Client(target, Token(variant));
        using var response = await client.GetAsync(Path(target));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{variant} at {target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Bad_tokens_are_refused_with_401(string target, string variant)
    {
        using var client = platform.Client(target, variant == "no-token" ? null : Token(variant));
        using var response = await client.GetAsync(Path(target));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_without_restart_and_the_retired_one_refused()
    {
        var provider = platform.Provider;
        var before = provider.Sign("rot-1", provider.Claims("rotation-user", Admin));
        await AssertEveryTargetAsync(before, HttpStatusCode.OK);

        provider.Rotate("rot-1", "rot-2");
        var after = provider.Sign("rot-2", provider.Claims("rotation-user", Admin));
        await AssertEveryTargetAsync(after, HttpStatusCode.OK);
        await AssertEveryTargetAsync(before, HttpStatusCode.Unauthorized);
    }

    private async Task AssertEveryTargetAsync(string token, HttpStatusCode expected)
    {
        foreach (var (target, path) in OidcPlatformFixture.Targets)
        {
            using var client = platform.Client(target, token);
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == expected, $"{target}: expected {(int)expected}, got {(int)response.StatusCode}");
        }
    }

    private string Token(string variant)
    {
        var p = platform.Provider;
        var claims = p.Claims(Guid.NewGuid().ToString(), Admin);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (variant)
        {
            case "rs256": return p.Sign("rsa-1", claims);
            case "es256": return p.Sign("ec-1", claims);
            case "roles-space-separated": return p.Sign("rsa-1", p.Claims(Guid.NewGuid().ToString(), "sales_rep admin"));
            case "subject-not-a-uuid": return p.Sign("ec-1", p.Claims("entra|8f3a-not-a-uuid", new[] { Admin }));
            case "unknown-kid": return p.Sign("never-published", claims);
            case "alg-none": return TestIdentityProvider.Unsigned(claims);
            case "hs256-with-rsa-public-key": return TestIdentityProvider.SignHmac(p.PublicKeyPem("rsa-1"), "rsa-1", claims);
            case "hs256-with-platform-shared-key":
                claims["iss"] = "kaplatform";
                claims["aud"] = "kaplatform-api";
                return TestIdentityProvider.SignHmac(Encoding.UTF8.GetBytes(TestTokens.SigningKey), null, claims);
            case "wrong-issuer":
                claims["iss"] = p.Issuer + "/other-tenant";
                return p.Sign("rsa-1", claims);
            case "wrong-audience":
                claims["aud"] = "some-other-api";
                return p.Sign("rsa-1", claims);
            case "expired":
                (claims["iat"], claims["nbf"], claims["exp"]) = (now - 7200, now - 7200, now - 3600);
                return p.Sign("rsa-1", claims);
            case "lifetime-13h":
                claims["exp"] = now + 13 * 3600;
                return p.Sign("rsa-1", claims);
            case "no-sub":
                claims.Remove("sub");
                return p.Sign("rsa-1", claims);
            case "no-exp":
                claims.Remove("exp");
                return p.Sign("rsa-1", claims);
            case "no-iat-nor-nbf":
                claims.Remove("iat");
                claims.Remove("nbf");
                return p.Sign("rsa-1", claims);
            case "tampered-payload":
                var good = p.Sign("rsa-1", p.Claims(Guid.NewGuid().ToString(), "sales_rep")).Split('.');
                var forged = p.Sign("never-published", claims).Split('.');
                return $"{good[0]}.{forged[1]}.{good[2]}";
            default: throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }
    }

    private static string Path(string target) => OidcPlatformFixture.Targets.Single(t => t.Target == target).Path;

    private static TheoryData<string, string> Cross(params string[] variants)
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, _) in OidcPlatformFixture.Targets)
        {
            foreach (var variant in variants)
            {
                data.Add(target, variant);
            }
        }

        return data;
    }
}
