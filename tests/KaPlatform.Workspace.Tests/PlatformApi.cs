using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

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

    public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }

    public Task<JsonElement> GetAsync(string token, string path) => SendAsync(token, HttpMethod.Get, path);
}
