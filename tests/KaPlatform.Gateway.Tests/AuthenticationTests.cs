using System.Net;
using System.Security.Claims;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KaPlatform.Gateway.Tests;

/// <summary>docs/product.md §6: every /api/** route needs a valid bearer token; anything else is a 401 problem.</summary>
public sealed class AuthenticationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task No_token_is_401_problem_details()
    {
        using var response = await fixture.Gateway.Client().GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_valid_token_passes()
    {
        using var response = await fixture.Gateway.Client(Guid.NewGuid()).GetAsync("/api/accounts");
        Assert.Equal("accounts-api", (await Problems.EchoAsync(response)).Service);
    }

    [Fact]
    public async Task Malformed_token_is_401()
    {
        using var response = await fixture.Gateway.Client("not-a-jwt").GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_401()
    {
        var other = new DevTokenIssuer(new AuthOptions { SigningKey = "some-other-signing-key-0123456789abcdefgh" });
        using var response = await fixture.Gateway.Client(other.Issue(Guid.NewGuid(), "mallory", [Roles.Admin], null)).GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_token_is_401()
    {
        var now = DateTime.UtcNow;
        var token = Sign(now.AddHours(-2), now.AddMinutes(-10));
        using var response = await fixture.Gateway.Client(token).GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_for_another_audience_is_401()
    {
        var now = DateTime.UtcNow;
        var token = Sign(now.AddMinutes(-1), now.AddHours(1), audience: "someone-else");
        using var response = await fixture.Gateway.Client(token).GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_whose_subject_is_not_a_uuid_passes_mapped_to_a_platform_id()
    {
        // docs/product.md §6: such subjects become UUIDv5(namespace, issuer|subject); the identity tests check the id itself.
        var now = DateTime.UtcNow;
        var token = Sign(now.AddMinutes(-1), now.AddHours(1), subject: "alice");
        using var response = await fixture.Gateway.Client(token).GetAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_living_longer_than_the_max_lifetime_is_401()
    {
        var now = DateTime.UtcNow;
        var token = Sign(now.AddMinutes(-1), now.AddHours(13));
        using var response = await fixture.Gateway.Client(token).GetAsync("/api/accounts");
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>Test key, issuer and audience as configured, with the given lifetime (so this helper alone passes when in date).</summary>
    private static string Sign(DateTime notBefore, DateTime expires, string? audience = null, string? subject = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.Options.Issuer,
            Audience = audience ?? TestTokens.Options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject ?? Guid.NewGuid().ToString()), new Claim("role", Roles.Admin)]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(JwtAuthentication.SigningKey(TestTokens.Options), SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task Sign_helper_makes_an_accepted_token_when_in_date()
    {
        var now = DateTime.UtcNow;
        using var response = await fixture.Gateway.Client(Sign(now.AddMinutes(-1), now.AddHours(1))).GetAsync("/api/accounts");
        await Problems.EchoAsync(response);
    }
}
