using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.EndToEnd.Tests;

/// <summary>
/// What an SRE sees in the Aspire dashboard, read through its telemetry API (/api/telemetry, X-API-Key): one request
/// through the gateway is one trace, from the gateway to accounts-api, through RabbitMQ (the outbox relay's producer
/// span) to the services consuming AccountRegistered.
/// </summary>
public sealed class TraceTests(PlatformFixture fixture)
{
    private const int Producer = 4; // OTLP SpanKind
    private const int Consumer = 5;

    [Fact]
    public async Task One_request_through_the_gateway_is_one_trace_across_the_broker_to_a_consumer_service()
    {
        Assert.NotNull(fixture.Dashboard);
        using var kam = await fixture.SignInAsync(Guid.NewGuid(), Roles.KeyAccountManager, "华东");
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(new { name = "链路追踪有限公司", region = "华东" }) };
        // Our own trace id, so the test knows which trace to ask for; the gateway continues it.
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var created = await kam.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var dashboard = new HttpClient { BaseAddress = fixture.Dashboard };
        dashboard.DefaultRequestHeaders.Add("X-API-Key", fixture.DashboardApiKey);
        var spans = await Eventually.GetAsync(async () =>
        {
            using var response = await dashboard.GetAsync($"/api/telemetry/traces/{trace}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var found = Spans(await response.Content.ReadFromJsonAsync<JsonElement>());
            // Each service exports its spans in its own batches, in no order between services: wait until the
            // gateway's, accounts-api's producer span and a consumer's span have all arrived.
            return found.Any(s => s.Kind == Consumer && s.Service != PlatformLayout.Accounts.Name)
                && found.Any(s => s.Service == PlatformLayout.Gateway.Name)
                && found.Any(s => s.Service == PlatformLayout.Accounts.Name && s.Kind == Producer) ? found : null;
        }, TimeSpan.FromSeconds(60), "trace with a consumer span in the dashboard");

        Assert.All(spans, s => Assert.Equal(trace.ToString(), s.TraceId));
        Assert.Contains(spans, s => s.Service == PlatformLayout.Gateway.Name);
        Assert.Contains(spans, s => s.Service == PlatformLayout.Accounts.Name && s.Kind == Producer);
        var consumers = spans.Where(s => s.Kind == Consumer).Select(s => s.Service).ToHashSet();
        Assert.NotEmpty(consumers.Intersect([PlatformLayout.Opportunities.Name, PlatformLayout.Contracts.Name, PlatformLayout.Success.Name]));
    }

    private sealed record Span(string Service, string TraceId, int Kind, string Name);

    /// <summary>OTLP JSON: data.resourceSpans[].{resource.attributes[service.name], scopeSpans[].spans[]}.</summary>
    private static List<Span> Spans(JsonElement body)
    {
        var spans = new List<Span>();
        foreach (var resourceSpans in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .Single(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var kind = span.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetInt32() : 0;
                    spans.Add(new Span(service, span.GetProperty("traceId").GetString()!, kind, span.GetProperty("name").GetString()!));
                }
            }
        }

        return spans;
    }
}
