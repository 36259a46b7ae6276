using KaPlatform.LocalInfra;
using Npgsql;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Targets "throughput through YARP ≥ 60% of calling the service directly, same request, same run" and "added p99
/// ≤ 5 ms at half of the maximum load": GET /api/accounts/{id} as an admin, ids sampled from the accounts table,
/// first closed-loop (max throughput) directly and through the gateway, then open-loop at half the direct maximum.
/// </summary>
internal sealed class GatewayThroughput : IScenario
{
    public const double TargetRatio = 0.60;
    public const double TargetAddedP99Ms = 5.0;

    private const int SampleSize = 10_000;
    private const int MinimumAccounts = 1_000;
    private const int FallbackSeed = 20_000;
    private const int MaxInFlight = 4_096;
    private const int Rounds = 6;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public string Name => "gateway";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var workers = context.Options.Workers;
        var duration = context.Options.Duration;
        output.WriteLine();
        output.WriteLine($"== gateway: GET /api/accounts/{{id}} directly vs through the gateway ({workers} workers, {duration.TotalSeconds:0} s per phase, {WarmUp.TotalSeconds:0} s warm-up)");

        var ids = await SampleIdsAsync(context, cancellationToken);
        var direct = Paths(context.Platform.AccountsApi, ids);
        var gateway = Paths(context.Platform.Gateway, ids);
        await CheckAsync(context.Http, direct[0], "accounts-api", cancellationToken);
        await CheckAsync(context.Http, gateway[0], "gateway", cancellationToken);

        // Closed loop: the most each path can do with the same requests (the same id sequence). The two paths run in
        // alternating slices (who goes first alternates too), so background noise on a shared machine hits both alike.
        var directRequest = Get(context.Http, direct);
        var gatewayRequest = Get(context.Http, gateway);
        await LoadGenerator.ClosedLoopAsync(workers, WarmUp, directRequest, cancellationToken);
        await LoadGenerator.ClosedLoopAsync(workers, WarmUp, gatewayRequest, cancellationToken);
        var (directMax, gatewayMax) = await InterleavedAsync(duration,
            (slice, ct) => LoadGenerator.ClosedLoopAsync(workers, slice, directRequest, ct),
            (slice, ct) => LoadGenerator.ClosedLoopAsync(workers, slice, gatewayRequest, ct),
            cancellationToken);
        var ratio = gatewayMax.SucceededPerSecond / directMax.SucceededPerSecond;
        new Table($"Max throughput, closed loop ({workers} concurrent workers, {duration.TotalSeconds:0} s per path in {Rounds} alternating slices)",
                "path", "ok", "errors", "req/s", "p50 ms", "p99 ms", "first error")
            .Add(ClosedRow("direct (accounts-api)", directMax))
            .Add(ClosedRow("through gateway", gatewayMax))
            .Write(output);
        output.WriteLine($"gateway/direct throughput ratio: {Format.Ratio(ratio)} (target ≥ {TargetRatio:0.00})");

        // Open loop at half of the direct maximum: latency at a load both paths should sustain.
        var rate = Math.Max(1, Math.Floor(directMax.SucceededPerSecond / 2));
        var (directHalf, gatewayHalf) = await InterleavedAsync(duration,
            (slice, ct) => LoadGenerator.OpenLoopAsync(rate, slice, MaxInFlight, directRequest, ct),
            (slice, ct) => LoadGenerator.OpenLoopAsync(rate, slice, MaxInFlight, gatewayRequest, ct),
            cancellationToken);
        var addedP99 = gatewayHalf.Latency.P99 - directHalf.Latency.P99;
        new Table($"Latency at half the direct max: open loop, {Format.Rate(rate)} req/s, {duration.TotalSeconds:0} s per path in {Rounds} alternating slices (from scheduled send time)",
                "path", "ok/s", "errors", "dropped", "p50 ms", "p95 ms", "p99 ms", "max ms")
            .Add(OpenRow("direct (accounts-api)", directHalf))
            .Add(OpenRow("through gateway", gatewayHalf))
            .Write(output);
        output.WriteLine($"added p99 of the gateway: {Format.Ms(addedP99)} ms (target ≤ {TargetAddedP99Ms:0} ms); added p50: {Format.Ms(gatewayHalf.Latency.P50 - directHalf.Latency.P50)} ms");
        if (gatewayHalf.Dropped > 0 || directHalf.Dropped > 0)
        {
            output.WriteLine($"(dropped: more than {MaxInFlight} requests were in flight, so the target could not keep up with the rate)");
        }

        context.Targets.Add(new TargetResult("gateway/direct throughput", Format.Ratio(ratio), "≥ 0.60", ratio >= TargetRatio));
        context.Targets.Add(new TargetResult("gateway added p99 at half max", Format.Ms(addedP99) + " ms", "≤ 5 ms", addedP99 <= TargetAddedP99Ms));
    }

    /// <summary>Both paths for <paramref name="duration"/> each, in <see cref="Rounds"/> slices: D G, G D, D G, ...</summary>
    private static async Task<(LoadResult Direct, LoadResult Gateway)> InterleavedAsync(
        TimeSpan duration,
        Func<TimeSpan, CancellationToken, Task<LoadResult>> direct,
        Func<TimeSpan, CancellationToken, Task<LoadResult>> gateway,
        CancellationToken cancellationToken)
    {
        var slice = duration / Rounds;
        var directParts = new List<LoadResult>();
        var gatewayParts = new List<LoadResult>();
        for (var round = 0; round < Rounds; round++)
        {
            if (round % 2 == 0)
            {
                directParts.Add(await direct(slice, cancellationToken));
                gatewayParts.Add(await gateway(slice, cancellationToken));
            }
            else
            {
                gatewayParts.Add(await gateway(slice, cancellationToken));
                directParts.Add(await direct(slice, cancellationToken));
            }
        }

        return (LoadResult.Combine(directParts), LoadResult.Combine(gatewayParts));
    }

    private static LoadRequest Get(HttpClient http, Uri[] paths) => async (sequence, cancellationToken) =>
    {
        // Default completion option: the body is read to the end, as a real client would.
        using var response = await http.GetAsync(paths[sequence % paths.Length], cancellationToken);
        return (int)response.StatusCode;
    };

    private static string[] ClosedRow(string path, LoadResult result) =>
    [
        path, Format.Count(result.Succeeded), Format.Count(result.Failed), Format.Rate(result.SucceededPerSecond),
        Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P99), result.FirstError ?? "-",
    ];

    private static string[] OpenRow(string path, LoadResult result) =>
    [
        path, Format.Rate(result.SucceededPerSecond), Format.Count(result.Failed), Format.Count(result.Dropped),
        Format.Ms(result.Latency.P50), Format.Ms(result.Latency.P95), Format.Ms(result.Latency.P99), Format.Ms(result.Latency.Max),
    ];

    private static Uri[] Paths(string baseUrl, Guid[] ids) => [.. ids.Select(id => new Uri($"{baseUrl.TrimEnd('/')}/api/accounts/{id}"))];

    /// <summary>Random ids of existing accounts; seeds some first (saying so) when the table is nearly empty.</summary>
    private static async Task<Guid[]> SampleIdsAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var database = context.Platform.Database(PlatformLayout.Accounts);
        var ids = await ReadIdsAsync(database, cancellationToken);
        if (ids.Length < MinimumAccounts)
        {
            context.Output.WriteLine($"accounts holds only {ids.Length} rows: seeding {Format.Count(FallbackSeed)} with COPY first (run --scenario bulk for the bulk figures)");
            await BulkLoad.SeedAsync(database, FallbackSeed, cancellationToken);
            ids = await ReadIdsAsync(database, cancellationToken);
        }

        context.Output.WriteLine($"sampled {Format.Count(ids.Length)} account ids from accountsdb; admin token, one shared HttpClient");
        return ids;
    }

    private static async Task<Guid[]> ReadIdsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id FROM accounts ORDER BY random() LIMIT {SampleSize}", connection);
        var ids = new List<Guid>(SampleSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    /// <summary>One request before the load: a wrong key or a missing route shows up as a message, not as a table of errors.</summary>
    private static async Task CheckAsync(HttpClient http, Uri uri, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"GET {uri} via {path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }
}
