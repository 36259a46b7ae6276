extern alias devidentity;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KaPlatform.DemoData;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KaPlatform.Gateway.Tests;

/// <summary>
/// The bundled development provider and the gateway together, both on real Kestrel: a demo KAM signs in with the
/// authorization-code flow and PKCE as the workspace does, the gateway accepts the access token, a refresh gives a
/// new one, and after sign-out at the provider its session is gone.
/// </summary>
public sealed class DevIdentityFlowTests(StubBackendsFixture backends) : IClassFixture<StubBackendsFixture>
{
    private const string ClientId = "kaplatform-workspace";
    private const string RedirectUri = "http://127.0.0.1:9/callback";

    [Fact]
    public async Task A_kam_signs_in_with_pkce_calls_the_gateway_refreshes_and_signs_out()
    {
        await using var provider = new Provider();
        provider.UseKestrel(); // port 0 from the urls setting below: UseKestrel(0) races the start (GatewayFactory)
        provider.StartServer();
        var issuer = provider.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        await using var gateway = GatewayFactory.Start(backends, new()
        {
            ["Auth:Authority"] = issuer,
            ["Auth:Audience"] = "kaplatform-api",
            ["Auth:SigningKey"] = "",
        });

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(issuer) };
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"/connect/authorize?client_id={ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code" +
                        $"&scope={Uri.EscapeDataString("openid profile offline_access")}&state=s1&code_challenge={challenge}&code_challenge_method=S256";

        // Not signed in at the provider: its sign-in page, then back to authorize, then to the workspace with a code.
        using var toSignIn = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var signInUrl = toSignIn.Headers.Location!.ToString();
        Assert.StartsWith("/account/sign-in", signInUrl);
        var page = await browser.GetStringAsync(signInUrl);
        Assert.Contains("登录", page);
        Assert.Contains("Sign in", page);
        var returnUrl = Uri.UnescapeDataString(signInUrl[(signInUrl.IndexOf("returnUrl=", StringComparison.Ordinal) + "returnUrl=".Length)..]);
        using var signedIn = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = DemoUser.KeyAccountManager.Id.ToString(), ["returnUrl"] = returnUrl,
        }));
        using var toWorkspace = await browser.GetAsync(signedIn.Headers.Location);
        var callback = toWorkspace.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString());
        var code = Query(callback, "code");
        Assert.Equal("s1", Query(callback, "state"));

        // PKCE is enforced: the code alone is worthless.
        using var withoutVerifier = await browser.PostAsync("/connect/token", TokenForm(code, null));
        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier.StatusCode);

        using var tokenResponse = await browser.PostAsync("/connect/token", TokenForm(code, verifier));
        var tokens = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(tokenResponse.IsSuccessStatusCode, tokens.ToString());
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var claims = Payload(accessToken);
        Assert.Equal(DemoUser.KeyAccountManager.Id.ToString(), claims.GetProperty("sub").GetString());
        Assert.Equal("华东", claims.GetProperty("region").GetString());
        Assert.Contains("key_account_manager", claims.GetProperty("roles").ToString());
        Assert.Equal("RS256", Header(accessToken).GetProperty("alg").GetString());

        using var call = await gateway.Client(accessToken).GetAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);

        using var refreshed = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = ClientId, ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var callAgain = await gateway.Client(next).GetAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.OK, callAgain.StatusCode);

        // Sign-out at the provider ends its session: the next authorize asks who you are again.
        using var signOut = await browser.GetAsync($"/connect/endsession?post_logout_redirect_uri={Uri.EscapeDataString(RedirectUri)}");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith(RedirectUri, signOut.Headers.Location!.ToString());
        using var again = await browser.GetAsync(authorize);
        Assert.StartsWith("/account/sign-in", again.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_no_code()
    {
        await using var provider = new Provider();
        using var client = provider.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync($"/connect/authorize?client_id={ClientId}&redirect_uri={Uri.EscapeDataString("http://evil.example/cb")}" +
                                                   "&response_type=code&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static FormUrlEncodedContent TokenForm(string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ClientId, ["code"] = code, ["redirect_uri"] = RedirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return new FormUrlEncodedContent(form);
    }

    private static string Query(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == name)[1] is var v ? Uri.UnescapeDataString(v) : "";

    private static JsonElement Payload(string jwt) => Part(jwt, 1);

    private static JsonElement Header(string jwt) => Part(jwt, 0);

    private static JsonElement Part(string jwt, int index)
    {
        var part = jwt.Split('.')[index].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '='))).RootElement;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Provider : WebApplicationFactory<devidentity::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DevIdentity:ClientId", ClientId);
            builder.UseSetting("DevIdentity:RedirectUris:0", RedirectUri);
            builder.UseSetting("DevIdentity:PostLogoutRedirectUris:0", RedirectUri);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        }
    }
}
