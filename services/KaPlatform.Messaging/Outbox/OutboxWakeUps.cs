using System.Collections.Concurrent;
using Npgsql;

namespace KaPlatform.Messaging.Outbox;

/// <summary>
/// When an outbox write also sends the relay a NOTIFY. PostgreSQL serialises the commits of notifying transactions:
/// one cluster-wide lock is taken before the commit and held until after its WAL flush, so with a NOTIFY in every
/// outbox transaction each commit waits for the fsyncs of all the others, in every database of the server (issue 18:
/// at 200 OpportunityWon/s most committing backends waited on that lock, and contracts-api drained ~95 wins/s).
/// A relay that found rows keeps polling for <see cref="RelayBusyWindow"/>, so a writer only needs to wake it when
/// this process has not done so for the same database within <see cref="Quiet"/>, well inside that window.
/// Worst case (the notifying transaction rolled back, or a commit took longer than the window): the row waits for the
/// relay's fallback poll, never longer.
/// </summary>
internal static class OutboxWakeUps
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a relay keeps polling after its last claim that found rows.</summary>
    public static readonly TimeSpan RelayBusyWindow = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<string, long> LastNotified = new(StringComparer.Ordinal);

    /// <summary>True when this write should carry the NOTIFY; two threads racing may both send one, which is harmless.</summary>
    public static bool Due(NpgsqlConnection connection)
    {
        var key = connection.DataSource + "/" + connection.Database;
        var now = Environment.TickCount64;
        if (LastNotified.TryGetValue(key, out var last) && now - last < (long)Quiet.TotalMilliseconds)
        {
            return false;
        }

        LastNotified[key] = now;
        return true;
    }
}
