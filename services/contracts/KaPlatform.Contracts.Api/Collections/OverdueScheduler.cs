using KaPlatform.Contracts.Api.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

/// <summary>
/// Runs the overdue scan at start-up and then every night at ScanAt, business time. Several instances may run it
/// side by side: the scan is idempotent per (milestone, threshold).
/// </summary>
internal sealed partial class OverdueScheduler(
    NpgsqlDataSource db, IOptions<CollectionsOptions> settings, TimeProvider clock, ILogger<OverdueScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = settings.Value;
        if (!options.SchedulerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromMinutes(1);
            try
            {
                var result = await OverdueScan.RunAsync(db, ContractAccess.System, options.Today(clock), options.OverdueScanChunk, stoppingToken);
                LogScanned(logger, result.AsOf, result.MarkedOverdue, result.Notices.Count);
                wait = UntilNextRun(options);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, ex); // database away: try again in a minute
            }

            await Task.Delay(wait, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private TimeSpan UntilNextRun(CollectionsOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var next = new DateTimeOffset(now.Date.AddDays(1) + options.ScanAt, now.Offset);
        return next - now;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Overdue scan as of {AsOf}: {Marked} milestones became overdue, {Notices} notices")]
    private static partial void LogScanned(ILogger logger, DateOnly asOf, int marked, int notices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue scan failed; retrying in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
