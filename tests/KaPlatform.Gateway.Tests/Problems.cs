using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KaPlatform.Gateway.Tests;

internal static class Problems
{
    /// <summary>Asserts an RFC 9457 answer with <paramref name="status"/>; answers its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
        return body.RootElement.Clone();
    }

    public static async Task<BackendEcho> EchoAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<BackendEcho>())!;
    }
}
