using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.AppHost.Seed;

/// <summary>
/// The gateway as a real client sees it: dev tokens, then the public API. Seeding never touches a database directly,
/// so the demo data goes through validation, visibility rules and the outbox like any other.
/// </summary>
internal sealed class SeedClient(HttpClient gateway) : IDisposable
{
    private readonly Dictionary<DemoUser, string> tokens = new();

    /// <summary>Ids the steps created, by a stable key, so a later step can point at what an earlier one made.</summary>
    public Dictionary<string, Guid> Ids { get; } = new();

    /// <summary>POSTs as the given user and returns the id of what was created.</summary>
    public async Task<Guid> CreateAsync(DemoUser user, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user, cancellationToken));
        using var response = await gateway.SendAsync(request, cancellationToken);
        var created = await ReadAsync(response, $"POST {path}", cancellationToken);
        return created.GetProperty("id").GetGuid();
    }

    public void Dispose() => gateway.Dispose();

    private async Task<string> TokenAsync(DemoUser user, CancellationToken cancellationToken)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            using var response = await gateway.PostAsJsonAsync("/api/dev/token", user.TokenRequest, cancellationToken);
            token = tokens[user] = (await ReadAsync(response, "POST /api/dev/token", cancellationToken)).GetProperty("accessToken").GetString()!;
        }

        return token;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
