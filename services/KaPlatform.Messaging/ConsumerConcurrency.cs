using MassTransit;
using Microsoft.Extensions.Configuration;

namespace KaPlatform.Messaging;

/// <summary>
/// How many messages a consumer's queue hands over at once and how many it applies side by side. MassTransit's own
/// default (prefetch 2 × processor count) left 4 in flight on a 2-core machine: each message is one transaction with
/// a commit to wait for, so contracts-api drafted ~95 won opportunities per second with the CPU half idle between
/// round trips (issue 18). Defaults for every queue from "Messaging:PrefetchCount" / "Messaging:ConcurrentMessageLimit",
/// per queue from "Messaging:Endpoints:{queue}:PrefetchCount" / ":ConcurrentMessageLimit" (queue = `{service}-{consumer name}`).
/// Each message in flight holds a database connection, so the sum over busy queues must stay below the pool size.
/// </summary>
internal static class ConsumerConcurrency
{
    public const int DefaultPrefetchCount = 16;
    public const int DefaultConcurrentMessageLimit = 8;

    public static void Apply(IConfiguration configuration, string endpointName, IReceiveEndpointConfigurator endpoint)
    {
        var own = configuration.GetSection($"Messaging:Endpoints:{endpointName}");
        var limit = Positive(own, "ConcurrentMessageLimit") ?? Positive(configuration.GetSection("Messaging"), "ConcurrentMessageLimit") ?? DefaultConcurrentMessageLimit;
        var prefetch = Positive(own, "PrefetchCount") ?? Positive(configuration.GetSection("Messaging"), "PrefetchCount") ?? Math.Max(DefaultPrefetchCount, limit);
        endpoint.PrefetchCount = Math.Max(prefetch, limit);
        endpoint.ConcurrentMessageLimit = limit;
    }

    private static int? Positive(IConfiguration section, string key) =>
        section.GetValue<int?>(key) is > 0 and var value ? value : null;
}
