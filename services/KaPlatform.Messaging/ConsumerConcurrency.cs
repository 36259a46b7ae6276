using KaPlatform.Messaging.Inbox;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace KaPlatform.Messaging;

/// <summary>
/// How many messages a consumer's queue hands over at once and how many it applies side by side. MassTransit's own
/// default (prefetch 2 × processor count) left 4 in flight on a 2-core machine: each message is one transaction with
/// a commit to wait for, so contracts-api drafted ~95 won opportunities per second with the CPU half idle between
/// round trips (issue 18). Defaults for every queue from "Messaging:PrefetchCount" / "Messaging:ConcurrentMessageLimit",
/// per queue from "Messaging:Endpoints:{queue}:PrefetchCount" / ":ConcurrentMessageLimit" (queue = `{service}-{consumer name}`).
/// A message in flight waits for its consumer's batch (InboxBatcher), which only forms from what is in flight: 32 in
/// flight let a backlog be applied ~4 messages per commit where 8 allowed ~2.8, and 300 wins/s kept up (p99 363 ms
/// against 2.3–12.7 s; docs/benchmarks/2026-12-04.md §1). Only batches, and messages applied alone, hold a database
/// connection; with batching off ("Messaging:InboxBatchLimit" 1) every message in flight does, and the default is 8.
/// </summary>
internal static class ConsumerConcurrency
{
    public const int DefaultConcurrentMessageLimit = 32;
    public const int UnbatchedConcurrentMessageLimit = 8;

    public static void Apply(IConfiguration configuration, string endpointName, IReceiveEndpointConfigurator endpoint)
    {
        var own = configuration.GetSection($"Messaging:Endpoints:{endpointName}");
        var limit = Positive(own, "ConcurrentMessageLimit") ?? Positive(configuration.GetSection("Messaging"), "ConcurrentMessageLimit")
            ?? (InboxBatching.Enabled(configuration) ? DefaultConcurrentMessageLimit : UnbatchedConcurrentMessageLimit);
        // Twice what is applied: the next messages are already here when a batch commits.
        var prefetch = Positive(own, "PrefetchCount") ?? Positive(configuration.GetSection("Messaging"), "PrefetchCount") ?? 2 * limit;
        endpoint.PrefetchCount = Math.Max(prefetch, limit);
        endpoint.ConcurrentMessageLimit = limit;
    }

    private static int? Positive(IConfiguration section, string key) =>
        section.GetValue<int?>(key) is > 0 and var value ? value : null;
}
