using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Testing;

namespace KaPlatform.Workspace.Tests;

/// <summary>The parts of a journey the workspace does not drive (the ERP's payment, a director's signature), straight through the gateway.</summary>
internal sealed class PlatformApi(HttpClient gateway)
{
    public async Task<string> TokenAsync(Guid userId, string name, string role, string? region = null)
    {
        using var response = await gateway.PostAsJsonAsync("/api/dev/token", new { userId, name, roles = new[] { role }, region });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("accessToken").GetString()!;
    }

    public Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        ApiCall.SendAsync(gateway, method, path, body, expected, token);

    public Task<JsonElement> GetAsync(string token, string path) => SendAsync(token, HttpMethod.Get, path);
}
