using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KaPlatform.Messaging;

/// <summary>What an SRE needs to see of the outbox and inbox: throughput, lag, failures and duplicates.</summary>
public static class MessagingMetrics
{
    public const string Name = "KaPlatform.Messaging";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("ka.outbox.published", description: "Outbox messages handed to the broker");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("ka.outbox.publish_failures", description: "Relay batches that failed and will be retried");
    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("ka.outbox.lag", "ms", "Time from commit to broker acknowledgement");
    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("ka.inbox.consumed", description: "Messages applied by an inbox consumer");
    public static readonly Counter<long> DatabaseWaits = Meter.CreateCounter<long>("ka.inbox.database_waits", description: "Pauses of a consumer waiting for its database to come back");
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ka.inbox.batch_size", description: "Messages applied in one consumer transaction");
    public static readonly Counter<long> BatchFallbacks = Meter.CreateCounter<long>("ka.inbox.batch_fallbacks", description: "Messages of a rolled-back batch, applied again alone");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("ka.inbox.duplicates", description: "Redelivered messages the inbox recognised and skipped");
}
