using Microsoft.Extensions.Configuration;

namespace KaPlatform.Messaging.Inbox;

/// <summary>
/// How long a consumer waits out its database before it gives the message up to the short retries and then the error
/// queue (where it waits for an operator): pauses doubling from 100 ms to <see cref="LongestPause"/> until
/// <see cref="Tolerance"/> has passed (Messaging:DatabaseOutageToleranceSeconds, default 900;
/// Messaging:DatabaseOutageLongestPauseMs, default 30,000). A deadlock is retried within 100 ms; a restart or a
/// failover of minutes is ridden out. 15 minutes stays below RabbitMQ's 30-minute acknowledgement timeout, past which
/// the broker would hand the message to another consumer while this one still holds it.
/// </summary>
public sealed record DatabaseOutagePatience(TimeSpan Tolerance, TimeSpan LongestPause)
{
    public static readonly DatabaseOutagePatience Default = new(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30));

    public static DatabaseOutagePatience From(IConfiguration configuration) => new(
        configuration.GetValue<double?>("Messaging:DatabaseOutageToleranceSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : Default.Tolerance,
        configuration.GetValue<double?>("Messaging:DatabaseOutageLongestPauseMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : Default.LongestPause);

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1, or null once <paramref name="waited"/> reached the tolerance.</summary>
    public TimeSpan? Pause(int attempt, TimeSpan waited) => waited >= Tolerance
        ? null
        : TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt, 20))));
}
