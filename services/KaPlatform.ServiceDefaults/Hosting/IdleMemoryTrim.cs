using System.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KaPlatform.ServiceDefaults.Hosting;

/// <summary>
/// Gives memory back to the system once a process has gone quiet, or has a lot of free heap it keeps committed. The GC
/// collects only when allocations demand it, and a young collection does not give back what large answers left behind:
/// after the ×10 revenue run success-api held 480–574 MB while its live heap was ~55 MB, and a trickle of background
/// work (the daily health scores) kept it from ever collecting that. Every <see cref="IdleTrimOptions.Interval"/> it
/// reads how much the process allocated and how much committed memory the last collection left beyond the heap; when
/// enough was allocated since the previous trim (<see cref="IdleTrimOptions.AfterBytes"/>) and the process is quiet
/// (<see cref="IdleTrimOptions.QuietBytes"/>), or holds <see cref="IdleTrimOptions.SlackBytes"/> of free heap without
/// being busy serving callers (<see cref="IdleTrimOptions.BusyBytes"/>, <see cref="IdleTrimOptions.BusyRequests"/>), it
/// runs one blocking, compacting, aggressive collection, which also decommits the free space (issue 18;
/// docs/operations.md).
/// </summary>
public sealed partial class IdleMemoryTrim(IdleTrimOptions options, ServedCount served, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval);
        var watch = new QuietWatch(options, GC.GetTotalAllocatedBytes());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var last = GC.GetGCMemoryInfo();
            if (!watch.ShouldTrim(GC.GetTotalAllocatedBytes(), last.TotalCommittedBytes - last.HeapSizeBytes, served.Started))
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory trimmed, working set {BeforeMb} MB -> {AfterMb} MB")]
    private static partial void Trimmed(ILogger logger, long beforeMb, long afterMb);
}

/// <summary>
/// The trim's decision, from the process's allocation and request counters at each tick and the free heap the last
/// collection kept committed: enough allocated since the previous trim (or since start) to be worth a full collection,
/// and either quiet during the last interval or holding much free heap while not busy. Busy means allocating much and
/// serving requests or messages: background work alone (success-api's daily scan at 1,000,000 accounts allocates ~60 MB a tick
/// for half an hour) would otherwise keep what a burst of large answers left committed for as long as it runs, and a
/// pause there delays no caller. A process that stays quiet is also trimmed once
/// every <see cref="IdleTrimOptions.IdleEvery"/> when it allocated at least <see cref="IdleTrimOptions.IdleAfterBytes"/>
/// since: an idle service's polls and probes allocate some 20 KB/s, which sat in gen0 (and in its RSS) for the
/// 10–15 minutes until <see cref="IdleTrimOptions.AfterBytes"/> was reached (docs/benchmarks/2026-12-04.md §6.5).
/// </summary>
public sealed class QuietWatch(IdleTrimOptions options, long allocatedAtStart)
{
    private long previous = allocatedAtStart;
    private long previousServed;
    private long lastTrim;
    private int ticksSinceTrim;

    /// <param name="allocated">bytes the process allocated since start</param>
    /// <param name="freeCommittedBytes">committed memory the last collection left beyond the heap</param>
    /// <param name="served">requests and messages the process started since start (<see cref="ServedCount"/>)</param>
    public bool ShouldTrim(long allocated, long freeCommittedBytes = 0, long served = 0)
    {
        var inInterval = allocated - previous;
        var servedInInterval = served - previousServed;
        previous = allocated;
        previousServed = served;
        ticksSinceTrim++;
        var quiet = inInterval < options.QuietBytes;
        var busy = inInterval >= options.BusyBytes && servedInInterval >= options.BusyRequests;
        var slack = freeCommittedBytes >= options.SlackBytes && !busy;
        var sinceTrim = allocated - lastTrim;
        var idleLong = ticksSinceTrim * options.Interval >= options.IdleEvery && sinceTrim >= options.IdleAfterBytes;
        return ((quiet || slack) && sinceTrim >= options.AfterBytes) || (quiet && idleLong);
    }

    public void Trimmed(long allocated)
    {
        lastTrim = previous = allocated;
        ticksSinceTrim = 0;
    }
}

/// <summary>Hosting:IdleTrim settings; <see cref="Enabled"/> false switches the trim off.</summary>
public sealed class IdleTrimOptions
{
    public bool Enabled { get; init; } = true;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Allocated in one interval below this counts as quiet.</summary>
    public long QuietBytes { get; init; } = 1024 * 1024;

    /// <summary>Free heap the last collection kept committed that is worth a trim even while the process is not quiet.</summary>
    public long SlackBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Allocated in one interval at or above this, with <see cref="BusyRequests"/>, is busy: no trim for slack, the pause would land on requests.</summary>
    public long BusyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Requests and messages started in one interval at or above this, with <see cref="BusyBytes"/>, is busy.</summary>
    public long BusyRequests { get; init; } = 5;

    /// <summary>Allocated since the previous trim before another is worth its pause.</summary>
    public long AfterBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>A quiet process is trimmed at least this often, when it allocated <see cref="IdleAfterBytes"/> since.</summary>
    public TimeSpan IdleEvery { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Allocated since the previous trim before a quiet process's periodic trim is worth its pause.</summary>
    public long IdleAfterBytes { get; init; } = 1024 * 1024;

    public static IServiceCollection AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Hosting:IdleTrim").Get<IdleTrimOptions>() ?? new IdleTrimOptions();
        if (options.Enabled)
        {
            services.AddSingleton(options);
            services.AddSingleton<ServedCount>();
            services.AddTransient<IStartupFilter>(sp => sp.GetRequiredService<ServedCount>());
            services.AddHostedService<IdleMemoryTrim>();
        }

        return services;
    }
}

/// <summary>
/// How much work for callers the process has started, for the trim's busy test: HTTP requests, counted at the front of
/// the pipeline, and consumed messages (KaPlatform.Messaging adds one per message). One interlocked increment each.
/// </summary>
public sealed class ServedCount : IStartupFilter
{
    private long started;

    public long Started => Interlocked.Read(ref started);

    public void Add() => Interlocked.Increment(ref started);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            Add();
            return following(context);
        });
        next(app);
    };
}
