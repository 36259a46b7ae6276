using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Scheduling;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Success.Api.Notifications;

/// <summary>
/// For each user who asked for it, once per business day at or after their hour: one `daily_digest` notice counting,
/// by kind, the notices of the last 24 hours they have not read yet. It is delivered in the inbox (the platform has no
/// mail or IM gateway; docs/notifications.md). Nothing unread, no digest. Counts only notices the user still may see:
/// personal ones, and those of accounts whose team they are still on.
/// </summary>
public sealed class DailyDigest(NpgsqlDataSource db, ILogger<DailyDigest> logger) : RecurringScan(TimeSpan.FromMinutes(15), logger)
{
    private sealed class KindCount
    {
        public Guid UserId { get; init; }
        public string Kind { get; init; } = "";
        public int Count { get; init; }
    }

    private const string DueUsers = """
        UPDATE notification_settings SET last_digest_on = @today
        WHERE daily_digest AND digest_hour <= @hour AND (last_digest_on IS NULL OR last_digest_on < @today)
        RETURNING user_id
        """;

    private const string Unread = """
        SELECT n.user_id, n.kind, count(*)::int AS count
        FROM notifications n LEFT JOIN account_directory d ON d.id = n.account_id
        WHERE n.user_id = ANY(@users) AND n.read_at IS NULL AND n.kind <> 'daily_digest' AND n.created_at > @since
          AND (n.account_id IS NULL OR d.owner_id = n.user_id OR n.user_id = ANY(d.team_user_ids))
        GROUP BY n.user_id, n.kind ORDER BY n.user_id, n.kind
        """;

    /// <summary>Makes the digests due at <paramref name="now"/>; returns how many were written.</summary>
    public static async Task<int> RunAsync(NpgsqlDataSource db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var calendar = BusinessCalendar.Current;
        var today = calendar.DateOf(now);
        var hour = TimeZoneInfo.ConvertTime(now, calendar.Zone).Hour;
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var users = (await work.Connection.QueryAsync<Guid>(new CommandDefinition(DueUsers, new { today, hour }, work.Transaction,
            cancellationToken: cancellationToken))).ToArray();
        var counts = users.Length == 0 ? [] : await work.Connection.QueryAsync<KindCount>(new CommandDefinition(
            Unread, new { users, since = now.AddHours(-24) }, work.Transaction, cancellationToken: cancellationToken));
        var written = 0;
        foreach (var user in counts.GroupBy(c => c.UserId))
        {
            var byKind = user.ToDictionary(c => c.Kind, c => c.Count, StringComparer.Ordinal);
            var total = byKind.Values.Sum();
            var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            written += await Notify.UserAsync(work, user.Key, "daily_digest", $"digest:{day}",
                ServerText.Of("daily_digest", $"{total} unread notifications in the last 24 hours: {JsonSerializer.Serialize(byKind)}.",
                    ("date", day), ("total", total), ("byKind", byKind)),
                new NotificationLink("inbox", user.Key), cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return written;
    }

    protected override Task<int> ScanAsync(CancellationToken cancellationToken) => RunAsync(db, DateTimeOffset.UtcNow, cancellationToken);
}
