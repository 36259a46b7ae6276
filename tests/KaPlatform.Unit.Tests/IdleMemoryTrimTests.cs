using KaPlatform.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KaPlatform.Unit.Tests;

public sealed class IdleMemoryTrimTests
{
    private const long Mb = 1024 * 1024;
    private static readonly IdleTrimOptions Options = new() { QuietBytes = 1 * Mb, AfterBytes = 16 * Mb };

    [Fact]
    public void A_busy_process_is_not_trimmed_and_is_trimmed_once_it_goes_quiet()
    {
        var watch = new QuietWatch(Options, allocatedAtStart: 0);

        Assert.False(watch.ShouldTrim(40 * Mb)); // allocating: 40 MB in the last interval
        Assert.False(watch.ShouldTrim(80 * Mb));
        Assert.True(watch.ShouldTrim(80 * Mb + 100_000)); // quiet, with 80 MB allocated since start
    }

    [Fact]
    public void An_idle_process_trims_again_only_after_allocating_enough_to_be_worth_it()
    {
        var watch = new QuietWatch(Options, allocatedAtStart: 0);
        Assert.False(watch.ShouldTrim(30 * Mb));
        Assert.True(watch.ShouldTrim(30 * Mb));
        watch.Trimmed(30 * Mb);

        // Health probes and polls: half a megabyte per interval, never busy.
        var allocated = 30 * Mb;
        var trims = 0;
        for (var tick = 0; tick < 40; tick++)
        {
            allocated += Mb / 2;
            if (watch.ShouldTrim(allocated))
            {
                trims++;
                watch.Trimmed(allocated);
            }
        }

        Assert.Equal(1, trims); // 20 MB in 40 ticks: one more trim after the first 16 MB, not one per tick
    }

    [Fact]
    public void A_process_that_stays_quiet_is_trimmed_once_a_minute_while_it_allocates_and_never_when_it_does_not()
    {
        // 2-s ticks: a quiet service's polls and probes allocate ~20 KB/s, 40 KB a tick.
        var watch = new QuietWatch(Options, allocatedAtStart: 0);
        Assert.False(watch.ShouldTrim(30 * Mb)); // start-up
        Assert.True(watch.ShouldTrim(30 * Mb));
        watch.Trimmed(30 * Mb);

        var allocated = 30 * Mb;
        var trimmedAtTicks = new List<int>();
        for (var tick = 1; tick <= 150; tick++)
        {
            allocated += 40 * 1024;
            if (watch.ShouldTrim(allocated))
            {
                trimmedAtTicks.Add(tick);
                watch.Trimmed(allocated);
            }
        }

        // 1 MB takes 26 ticks, a minute 30: a trim at every 30th tick, each after 1.2 MB, not one per 16 MB (13 minutes).
        Assert.Equal([30, 60, 90, 120, 150], trimmedAtTicks);

        // Nothing allocated: nothing to give back, however long it stays quiet.
        for (var tick = 0; tick < 100; tick++)
        {
            Assert.False(watch.ShouldTrim(allocated));
        }
    }

    [Fact]
    public void The_periodic_trim_never_falls_on_a_busy_interval()
    {
        var watch = new QuietWatch(Options, allocatedAtStart: 0);
        watch.Trimmed(0);
        var allocated = 0L;
        for (var tick = 0; tick < 29; tick++)
        {
            allocated += 40 * 1024;
            Assert.False(watch.ShouldTrim(allocated));
        }

        // A minute has passed and 1 MB was allocated, but this interval is busy (2 MB): no pause now.
        allocated += 2 * Mb;
        Assert.False(watch.ShouldTrim(allocated));
        allocated += 40 * 1024;
        Assert.True(watch.ShouldTrim(allocated));
    }

    [Fact]
    public void Free_heap_kept_committed_is_trimmed_under_a_trickle_of_work_but_not_while_busy()
    {
        var watch = new QuietWatch(Options, allocatedAtStart: 0);
        Assert.False(watch.ShouldTrim(600 * Mb, freeCommittedBytes: 400 * Mb, served: 16)); // sixteen 38 MB answers: busy

        // A background job allocating 4 MB a tick: never quiet, but 400 MB of free heap is worth giving back.
        Assert.True(watch.ShouldTrim(604 * Mb, freeCommittedBytes: 400 * Mb, served: 16));
        watch.Trimmed(604 * Mb);

        // After the trim little is free: the same trickle does not trim again.
        var allocated = 604 * Mb;
        for (var tick = 0; tick < 20; tick++)
        {
            allocated += 4 * Mb;
            Assert.False(watch.ShouldTrim(allocated, freeCommittedBytes: 10 * Mb, served: 16));
        }
    }

    [Fact]
    public void Background_work_alone_does_not_keep_free_heap_from_being_given_back()
    {
        // success-api's daily scan at 1,000,000 accounts: ~60 MB a tick for half an hour, a health probe now and then.
        var watch = new QuietWatch(Options, allocatedAtStart: 0);
        var (allocated, requests) = (0L, 0L);
        for (var tick = 0; tick < 10; tick++)
        {
            // Whole revenue reports: 250 MB and a dozen requests a tick leave 200 MB of free heap, but they are callers.
            (allocated, requests) = (allocated + 250 * Mb, requests + 12);
            Assert.False(watch.ShouldTrim(allocated, freeCommittedBytes: 200 * Mb, requests));
        }

        // The reports stop, the scan goes on: the free heap goes back at the next tick.
        (allocated, requests) = (allocated + 60 * Mb, requests + 1);
        Assert.True(watch.ShouldTrim(allocated, freeCommittedBytes: 200 * Mb, requests));
        watch.Trimmed(allocated);
        (allocated, requests) = (allocated + 60 * Mb, requests + 1);
        Assert.False(watch.ShouldTrim(allocated, freeCommittedBytes: 20 * Mb, requests));
    }

    [Fact]
    public void The_trim_is_on_by_default_and_configuration_switches_it_off()
    {
        static bool Registered(Dictionary<string, string?> settings)
        {
            var services = new ServiceCollection();
            IdleTrimOptions.AddTo(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            return services.Any(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(IdleMemoryTrim));
        }

        Assert.True(Registered([]));
        Assert.False(Registered(new() { ["Hosting:IdleTrim:Enabled"] = "false" }));
    }
}
