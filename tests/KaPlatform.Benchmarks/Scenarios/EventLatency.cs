using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.LocalInfra;
using Npgsql;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// AccountRegistered → projection latency, the measurable analogue of "OpportunityWon → its draft contract readable,
/// p50 ≤ 50 ms, p99 ≤ 250 ms at 50 events/s": accounts POSTed to accounts-api directly at a fixed rate, and for each
/// the time from sending the POST until its row is visible in account_directory of opportunities, contracts and
/// success (each database polled every ~5 ms for the pending ids: outbox → RabbitMQ → inbox consumer → commit).
/// </summary>
internal sealed class EventLatency : IScenario
{
    public const double TargetP50Ms = 50;
    public const double TargetP99Ms = 250;

    private const int WarmUpAccounts = 5;
    private const int MaxInFlight = 1_000;

    private static readonly (ServiceDefinition Service, string Area)[] Consumers =
    [
        (PlatformLayout.Opportunities, "/api/opportunities/accounts"),
        (PlatformLayout.Contracts, "/api/contracts/accounts"),
        (PlatformLayout.Success, "/api/success/accounts"),
    ];

    private const string VisibleIds = "SELECT id FROM account_directory WHERE id = ANY($1)";

    public string Name => "events";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var rate = context.Options.EventRate;
        var duration = context.Options.Duration;
        output.WriteLine();
        output.WriteLine($"== events: POST /api/accounts at {rate}/s for {duration.TotalSeconds:0} s (accounts-api directly), time until each account_directory row is visible");

        var samples = new SampleAccounts(seed: Environment.TickCount);
        var warmUp = Stopwatch.StartNew();
        await WarmUpAsync(context, samples, cancellationToken);
        output.WriteLine($"warm-up: {WarmUpAccounts} accounts registered and projected by all three consumers in {Format.Seconds(warmUp.Elapsed)}");

        var trackers = Consumers.Select(c => (c.Service, Arrivals: new Arrivals(context.Platform.Database(c.Service), VisibleIds))).ToArray();
        var created = new ConcurrentBag<Guid>();
        var measuredFrom = DateTime.UtcNow;
        var postLatency = new LatencyRecorder();
        var lastId = Guid.Empty;
        using var posting = new CancellationTokenSource();
        var pollers = trackers.Select(t => t.Arrivals.PollAsync(posting.Token, cancellationToken)).ToArray();

        LoadResult posts;
        try
        {
            posts = await LoadGenerator.OpenLoopAsync(rate, duration, MaxInFlight, async (_, ct) =>
            {
                var sent = Stopwatch.GetTimestamp();
                var (status, id) = await RegisterAsync(context, samples, ct);
                if (id is not null)
                {
                    postLatency.AddSince(sent);
                    lastId = id.Value;
                    created.Add(id.Value);
                    foreach (var (_, arrivals) in trackers)
                    {
                        arrivals.Expect(id.Value, sent);
                    }
                }

                return status;
            }, cancellationToken);
        }
        finally
        {
            // Every POST has been answered (or given up on): the pollers now only wait for the stragglers.
            await posting.CancelAsync();
        }

        await Task.WhenAll(pollers);

        var table = new Table($"AccountRegistered → row visible in account_directory (POST sent → row seen; {Arrivals.PollDescription})",
            "consumer", "events", "seen", "missing", "p50 ms", "p95 ms", "p99 ms", "max ms");
        foreach (var (service, arrivals) in trackers)
        {
            var latency = arrivals.Latency.Summarise();
            table.Add(service.Name, Format.Count(arrivals.Expected), Format.Count(latency.Count), Format.Count(arrivals.Missing),
                Format.Ms(latency.P50), Format.Ms(latency.P95), Format.Ms(latency.P99), Format.Ms(latency.Max));
            context.Targets.Add(new TargetResult($"AccountRegistered→{service.Name} p50", Format.Ms(latency.P50) + " ms", "≤ 50 ms (OpportunityWon analogue)", latency.P50 <= TargetP50Ms));
            context.Targets.Add(new TargetResult($"AccountRegistered→{service.Name} p99", Format.Ms(latency.P99) + " ms", "≤ 250 ms (OpportunityWon analogue)", latency.P99 <= TargetP99Ms));
        }

        var post = postLatency.Summarise();
        table.Add("(POST /api/accounts itself)", Format.Count(posts.Succeeded + posts.Failed), Format.Count(posts.Succeeded), Format.Count(posts.Failed + posts.Dropped),
            Format.Ms(post.P50), Format.Ms(post.P95), Format.Ms(post.P99), Format.Ms(post.Max));
        table.Write(output);
        output.WriteLine($"POSTs: {Format.Rate(posts.SucceededPerSecond)}/s achieved of {rate}/s asked{(posts.FirstError is null ? "" : "; first error: " + posts.FirstError)}");

        await WriteStagesAsync(context, measuredFrom, [.. created], cancellationToken);

        if (lastId != Guid.Empty)
        {
            // The same rows through each service's own read endpoint, once: the API sees what the poll saw.
            var answers = new List<string>();
            foreach (var (service, area) in Consumers)
            {
                using var response = await context.Http.GetAsync($"{context.Platform.Endpoints.Services[service.Name]}{area}/{lastId}", cancellationToken);
                answers.Add($"{area}/{{id}} → {(int)response.StatusCode}");
            }

            output.WriteLine($"read endpoints for the last account: {string.Join(", ", answers)}");
        }
    }

    /// <summary>
    /// Where the time goes, from the platform's own timestamps (one machine, one clock): the outbox row's created_at →
    /// sent_at (relay: wake-up, publish, broker confirm), and the event's occurredAt → the projection row's updated_at
    /// (the same, plus broker delivery and the consumer's transaction up to its insert).
    /// </summary>
    private static async Task WriteStagesAsync(BenchmarkContext context, DateTime from, Guid[] ids, CancellationToken cancellationToken)
    {
        var table = new Table("Stages, from the platform's timestamps (server clock)", "stage", "rows", "p50 ms", "p95 ms", "p99 ms");
        table.Add(Row("accounts outbox: created_at → sent_at (stamped per relay batch)",
            await StageTimings.OutboxLagAsync(context.Platform.Database(PlatformLayout.Accounts), "%AccountRegistered%", from, cancellationToken)));
        foreach (var (service, _) in Consumers)
        {
            table.Add(Row($"{service.Name}: occurredAt → projection row written", await StageTimings.QueryAsync(context.Platform.Database(service),
                $"SELECT count(*), {StageTimings.Percentiles("updated_at - as_of")} FROM account_directory WHERE id = ANY($1)", cancellationToken, ids)));
        }

        table.Write(context.Output);
    }

    private static string[] Row(string stage, StageTiming timing) =>
        [stage, Format.Count(timing.Rows), Format.Ms(timing.P50), Format.Ms(timing.P95), Format.Ms(timing.P99)];

    private static async Task<(int Status, Guid? Id)> RegisterAsync(BenchmarkContext context, SampleAccounts samples, CancellationToken cancellationToken)
    {
        var (name, region, owner) = samples.NextRequest();
        using var response = await context.Http.PostAsJsonAsync(
            $"{context.Platform.AccountsApi.TrimEnd('/')}/api/accounts",
            new { name, region, ownerId = owner, parentId = (Guid?)null },
            cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return ((int)response.StatusCode, null);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return ((int)response.StatusCode, body.GetProperty("id").GetGuid());
    }

    /// <summary>A few accounts end to end before measuring: JIT, connections and consumers warmed, the pipeline proven.</summary>
    private static async Task WarmUpAsync(BenchmarkContext context, SampleAccounts samples, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < WarmUpAccounts; i++)
        {
            var (status, id) = await RegisterAsync(context, samples, cancellationToken);
            ids.Add(id ?? throw new InvalidOperationException($"POST /api/accounts on accounts-api answered {status} during warm-up"));
        }

        var clock = Stopwatch.StartNew();
        foreach (var (service, _) in Consumers)
        {
            await using var connection = new NpgsqlConnection(context.Platform.Database(service));
            await connection.OpenAsync(cancellationToken);
            while (await CountVisibleAsync(connection, [.. ids], cancellationToken) < ids.Count)
            {
                if (clock.Elapsed > Arrivals.SettleLimit)
                {
                    throw new TimeoutException($"{service.Name} did not project the warm-up accounts within {Arrivals.SettleLimit.TotalSeconds} s (see the platform log)");
                }

                await Task.Delay(20, cancellationToken);
            }
        }
    }

    private static async Task<int> CountVisibleAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM account_directory WHERE id = ANY($1)", connection) { Parameters = { new() { Value = ids } } };
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
