using System.Collections.Concurrent;
using System.Diagnostics;
using KaPlatform.Testing;

namespace KaPlatform.Messaging.Tests;

/// <summary>docs/product.md §5: one trace spans the request that wrote the change, the outbox relay, the broker and the consumer.</summary>
public sealed class TraceTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task The_consumer_continues_the_trace_of_the_request_that_wrote_the_event()
    {
        var seen = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or MessagingMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await MessagingHost.StartAsync(await infra.CreateDatabaseAsync(), await infra.CreateEventBusAsync());

        using var requestSource = new ActivitySource("KaPlatform.Tests.Request");
        using var requestListener = new ActivityListener
        {
            ShouldListenTo = source => source == requestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(requestListener);
        ActivityTraceId traceId;
        using (var request = requestSource.StartActivity("POST /api/things", ActivityKind.Server)!)
        {
            traceId = request.TraceId;
            await host.WriteAsync("traced");
        }

        await Eventually.TrueAsync(async () => await host.TimesAppliedAsync("traced") == 1);
        await Eventually.TrueAsync(() => Task.FromResult(seen.Any(a => a.Kind == ActivityKind.Consumer && a.TraceId == traceId)), what: "consumer span in the request's trace");
        Assert.Contains(seen, a => a.Source.Name == MessagingMetrics.Name && a.TraceId == traceId);
    }
}
