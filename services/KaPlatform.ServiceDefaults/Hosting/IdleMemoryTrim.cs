using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KaPlatform.ServiceDefaults.Hosting;

/// <summary>
/// Gives memory back to the system once a process has gone quiet. The GC collects only when allocations demand it, so a
/// process that stops allocating keeps whatever its last busy spell left committed: the garbage of start-up (up to
/// gen0's budget, 32 MB here), the large answers of a report run (success-api held 574 MB after the ×10 revenue run).
/// Every <see cref="IdleTrimOptions.Interval"/> it reads how much the process allocated; when that was less than
/// <see cref="IdleTrimOptions.QuietBytes"/> (health probes and outbox polls allocate a little) and at least
/// <see cref="IdleTrimOptions.AfterBytes"/> were allocated since the previous trim, it runs one blocking, compacting,
/// aggressive collection, which also decommits the free space. It never runs while the process is busy, and an idle
/// process trims again only after it has allocated enough to be worth it (issue 18; docs/operations.md).
/// </summary>
public sealed partial class IdleMemoryTrim(IdleTrimOptions options, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval);
        var watch = new QuietWatch(options, GC.GetTotalAllocatedBytes());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!watch.ShouldTrim(GC.GetTotalAllocatedBytes()))
            {
                continue;
            }

            var before = Environment.WorkingSet;
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            watch.Trimmed(GC.GetTotalAllocatedBytes());
            Trimmed(logger, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiet: memory trimmed, working set {BeforeMb} MB -> {AfterMb} MB")]
    private static partial void Trimmed(ILogger logger, long beforeMb, long afterMb);
}

/// <summary>
/// The trim's decision, from the process's allocation counter at each tick: quiet during the last interval, and enough
/// allocated since the previous trim (or since start) to be worth a full collection.
/// </summary>
public sealed class QuietWatch(IdleTrimOptions options, long allocatedAtStart)
{
    private long previous = allocatedAtStart;
    private long lastTrim;

    public bool ShouldTrim(long allocated)
    {
        var quiet = allocated - previous < options.QuietBytes;
        previous = allocated;
        return quiet && allocated - lastTrim >= options.AfterBytes;
    }

    public void Trimmed(long allocated) => lastTrim = previous = allocated;
}

/// <summary>Hosting:IdleTrim settings; <see cref="Enabled"/> false switches the trim off.</summary>
public sealed class IdleTrimOptions
{
    public bool Enabled { get; init; } = true;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Allocated in one interval below this counts as quiet.</summary>
    public long QuietBytes { get; init; } = 1024 * 1024;

    /// <summary>Allocated since the previous trim before another is worth its pause.</summary>
    public long AfterBytes { get; init; } = 16 * 1024 * 1024;

    public static IServiceCollection AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Hosting:IdleTrim").Get<IdleTrimOptions>() ?? new IdleTrimOptions();
        if (options.Enabled)
        {
            services.AddSingleton(options);
            services.AddHostedService<IdleMemoryTrim>();
        }

        return services;
    }
}
