using System.Net.Http.Headers;
using System.Text;

namespace KaPlatform.LocalInfra;

/// <summary>RabbitMQ's management HTTP API: fresh virtual hosts (one per test fixture) and queue depths.</summary>
public sealed class BrokerManagement(Uri baseAddress, string user, string password) : IDisposable
{
    private readonly HttpClient http = Create(baseAddress, user, password);

    public async Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        var vhost = Uri.EscapeDataString(name);
        (await http.PutAsync($"api/vhosts/{vhost}", Json("{}"), cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}", Json("""{"configure":".*","write":".*","read":".*"}"""), cancellationToken))
            .EnsureSuccessStatusCode();
    }

    /// <summary>Messages ready in a queue, or null when the queue does not exist.</summary>
    public async Task<long?> QueueDepthAsync(string virtualHost, string queue, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == System.Text.Json.JsonValueKind.Number
            ? messages.GetInt64()
            : 0;
    }

    public async Task<bool> IsUpAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.GetAsync("api/overview", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpClient Create(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}
