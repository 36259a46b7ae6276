using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Reminders;

public sealed class ReminderOptions
{
    /// <summary>How often the scan runs; zero switches the schedule off (POST /api/opportunities/reminder-scan still runs it).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

public sealed record ReminderScanResult(int BidsDue, int DealsStuck);

/// <summary>
/// Bid deadlines coming close and deals getting stuck are facts no request makes: this scan finds them and publishes
/// them through the outbox, in one transaction with the rows that say they were sent.
/// </summary>
internal sealed class ReminderScan(NpgsqlDataSource db, IOptions<ReminderOptions> options, ILogger<ReminderScan> logger)
    : RecurringScan(options.Value.Interval, logger)
{
    /// <summary>POST /api/opportunities/reminder-scan (admin): run it now, e.g. after a data fix.</summary>
    public static async Task<Ok<ReminderScanResult>> HandleAsync(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        return TypedResults.Ok(await RunAsync(db, DateTimeOffset.UtcNow, cancellationToken));
    }

    public static async Task<ReminderScanResult> RunAsync(NpgsqlDataSource db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var bids = await BidDeadlineReminders.SendAsync(work, now, cancellationToken);
        var deals = await StuckDealReminders.SendAsync(work, now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new ReminderScanResult(bids, deals);
    }

    protected override async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(db, DateTimeOffset.UtcNow, cancellationToken);
        return result.BidsDue + result.DealsStuck;
    }
}
