namespace KaPlatform.Messaging.Outbox;

/// <summary>Bound from "Messaging:Outbox".</summary>
public sealed class OutboxOptions
{
    /// <summary>Fallback when a NOTIFY is missed (listener reconnecting, another instance's commit).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 100;

    /// <summary>Batches waiting for their broker confirms at once (each holds a connection and its rows' locks).</summary>
    public int MaxBatchesInFlight { get; set; } = 4;

    /// <summary>Poll interval for <see cref="OutboxWakeUps.RelayBusyWindow"/> after a claim found rows, while writers
    /// send no NOTIFY (it serialises commits server-wide).</summary>
    public TimeSpan BusyPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long one publish may wait for the broker's confirm before the batch is retried later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Off only in tests that prove a crash between commit and publish loses nothing.</summary>
    public bool RelayEnabled { get; set; } = true;

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
