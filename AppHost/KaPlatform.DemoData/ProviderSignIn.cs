using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.DemoData;

/// <summary>
/// Tokens for the demo users from the bundled development provider (KaPlatform.DevIdentity), through its password
/// grant for scripts: what the demo seed uses when dev tokens are off. A real provider offers no such grant.
/// </summary>
public sealed class ProviderSignIn(Uri issuer, string scriptPassword, HttpClient? http = null)
{
    public const string ScriptClientId = "kaplatform-scripts";

    private readonly HttpClient http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> TokenAsync(DemoUser user, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = ScriptClientId,
            ["username"] = user.Id.ToString(),
            ["password"] = scriptPassword,
            ["scope"] = "openid profile roles",
        });
        using var response = await http.PostAsync(new Uri(issuer, "connect/token"), form, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token)
            ? token.GetString()!
            : throw new InvalidOperationException($"the provider at {issuer} refused a token for {user.Name}: {(int)response.StatusCode} {body}");
    }
}
