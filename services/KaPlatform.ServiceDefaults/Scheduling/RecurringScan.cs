using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KaPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// A scan that time alone makes necessary (a bid deadline coming close, a deal sitting too long in its stage, a plan
/// review falling due): run once at start-up, then every interval. Each scan must be idempotent — several instances
/// may run it side by side, and a failed run is simply the next run's work — so a failure is logged and retried at
/// the next tick rather than stopping the service.
/// </summary>
public abstract partial class RecurringScan(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>Does one pass and says how much it did (notices sent, rows merged: for the log).</summary>
    protected abstract Task<int> ScanAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return; // switched off (tests drive the scan themselves)
        }

        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                LogScanned(logger, GetType().Name, await ScanAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, GetType().Name, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Scan}: {Count} done")]
    private static partial void LogScanned(ILogger logger, string scan, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Scan} failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, string scan, Exception exception);
}
