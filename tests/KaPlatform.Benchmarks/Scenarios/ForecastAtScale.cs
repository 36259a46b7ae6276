using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using NpgsqlTypes;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Target "1,000,000 opportunities: forecast for a director ≤ 200 ms (p95)". COPYs into opportunitiesdb the account
/// directory (--accounts rows, the shape of <see cref="SampleAccounts"/>), --opportunities opportunities over those
/// accounts (owner from the account's team, region copied as the service does, stages over the whole funnel,
/// expected/actual close dates over 2025–2027) and a target per user and period; then GETs
/// /api/forecast?period=2026 on opportunities-api directly as the sales director of one region (and, for
/// comparison only, as admin over every region).
/// </summary>
internal sealed class ForecastAtScale : IScenario
{
    public const double TargetP95Ms = 200;
    public const string Period = "2026";
    public const string DirectorRegion = "华东";

    /// <summary>First directory row; its presence means this database was already seeded by this scenario.</summary>
    public static readonly Guid Marker = Guid.Parse("b0000000-0000-4000-8000-0000000f0001");

    private static readonly DateOnly FirstClose = new(2025, 1, 1);
    private const int CloseDays = 3 * 365;
    private static readonly string[] Types = ["new_business", "renewal", "expansion"];
    private static readonly string[] Products = ["数据平台", "云迁移", "安全升级", "ERP实施", "智能客服", "运维外包", "网络改造", "算力扩容"];
    private static readonly string[] TargetPeriods = ["2025", "2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027"];

    /// <summary>Stage by share of all opportunities (per mille): 60% open over the funnel, 22% won, 18% lost.</summary>
    private static readonly (string Stage, int PerMille, int Probability)[] StageMix =
    [
        ("initiation", 150, 5), ("solution_design", 130, 10), ("deep_engagement", 110, 30), ("product_confirmation", 90, 40),
        ("commercial_negotiation", 70, 70), ("signing", 50, 75), ("won", 220, 100), ("lost", 180, 0),
    ];

    private const string OpportunityCopy = """
        COPY opportunities (id, account_id, name, type, amount, currency, expected_close_date, stage, probability, owner_id,
                            close_date, loss_reason, opened_on, account_region, account_region_as_of, version)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string TargetCopy = """
        COPY targets (id, owner_id, period, amount, currency, region, created_by) FROM STDIN (FORMAT BINARY)
        """;

    public string Name => "forecast";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var database = context.Platform.Database(PlatformLayout.Opportunities);
        output.WriteLine();
        output.WriteLine($"== forecast: {Format.Count(options.Opportunities)} opportunities over {Format.Count(options.Accounts)} directory accounts in opportunitiesdb (binary COPY), then opportunities-api directly");

        if (await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM account_directory WHERE id = @id", cancellationToken, Marker) > 0)
        {
            output.WriteLine("  this database already holds the scenario's data: measuring it as it is");
        }
        else
        {
            await SeedAsync(context, database, cancellationToken);
        }

        var total = await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM opportunities", cancellationToken);
        var inRegion = await ScaleSupport.ScalarAsync<long>(database,
            $"SELECT count(*) FROM opportunities WHERE account_region = '{DirectorRegion}' AND forecast_on BETWEEN '2025-01-01' AND '2026-12-31'", cancellationToken);
        output.WriteLine($"  in opportunitiesdb now: {Format.Count(total)} opportunities; {DirectorRegion} rows in the forecast's range (win-rate window 2025-01-01 .. period end 2026-12-31): {Format.Count(inRegion)}");

        var api = ScaleSupport.ServiceUrl(context, PlatformLayout.Opportunities);
        var director = ScaleSupport.Token(context, Guid.CreateVersion7(), "benchmark director", Roles.SalesDirector, DirectorRegion);
        var admin = ScaleSupport.Token(context, context.AdminUserId, "benchmark admin", Roles.Admin, null);
        Uri Forecast(int _) => new($"{api}/api/forecast?period={Period}");
        var series = new List<SeriesResult>
        {
            await ScaleSupport.SeriesAsync(context, $"GET /api/forecast?period={Period}", $"sales_director ({DirectorRegion})", director, Forecast, cancellationToken),
        };
        // Informational only, and at ~0.3 s a request on 1M rows: at most 50 of them, so a full run stays short.
        var all = await ScaleSupport.SeriesAsync(context, $"GET /api/forecast?period={Period}", "admin (all regions)", admin, Forecast, cancellationToken,
            Math.Min(options.Requests, 50));
        if (series[0].Sample is { } answer)
        {
            output.WriteLine($"  director's answer: target {answer.GetProperty("target")}, closedWon {answer.GetProperty("closedWon")}, pipeline {answer.GetProperty("pipeline")}, " +
                $"winRate {answer.GetProperty("winRate")} ({answer.GetProperty("winRateBasis").GetProperty("won")} won / {answer.GetProperty("winRateBasis").GetProperty("lost")} lost)");
        }

        ScaleSupport.Report(context, "Forecast at scale (director: target; admin: for comparison, not a target)", series, TargetP95Ms, "forecast:");
        new Table("Forecast as admin over every region (informational: ARCHITECTURE.md sets the target for a director)", "as", "ok", "p50 ms", "p95 ms", "p99 ms", "max ms")
            .Add(all.Caller, Format.Count(all.Latency.Count), Format.Ms(all.Latency.P50), Format.Ms(all.Latency.P95), Format.Ms(all.Latency.P99), Format.Ms(all.Latency.Max))
            .Write(output);
    }

    private static async Task SeedAsync(BenchmarkContext context, string database, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var sample = new SampleAccounts(seed: 20_240_603);
        var random = new Random(7_002);
        var now = DateTime.UtcNow;

        var directory = new SampleAccount[options.Accounts];
        for (var i = 0; i < directory.Length; i++)
        {
            var a = sample.Next();
            directory[i] = i == 0 ? a with { Id = Marker, ParentId = null } : a;
        }

        await ScaleSupport.CopyDirectoryAsync(context, database, directory, null, cancellationToken);

        var stageOf = new List<int>(1000);
        for (var s = 0; s < StageMix.Length; s++)
        {
            stageOf.AddRange(Enumerable.Repeat(s, StageMix[s].PerMille));
        }

        await ScaleSupport.CopyAsync(context, database, "opportunities", OpportunityCopy, options.Opportunities, (w, _) =>
        {
            var a = directory[random.Next(directory.Length)];
            var (stage, _, probability) = StageMix[stageOf[random.Next(stageOf.Count)]];
            var close = FirstClose.AddDays(random.Next(CloseDays));
            var closed = stage is "won" or "lost";
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(a.Id, NpgsqlDbType.Uuid);
            w.Write($"{a.Name[..Math.Min(a.Name.Length, 8)]}{Products[random.Next(Products.Length)]}项目", NpgsqlDbType.Text);
            w.Write(Types[random.Next(Types.Length)], NpgsqlDbType.Text);
            w.Write((decimal)(50_000 + (random.Next(2_000) * 2_500)), NpgsqlDbType.Numeric);
            w.Write(random.Next(40) == 0 ? "USD" : "CNY", NpgsqlDbType.Text);
            w.Write(closed ? close.AddDays(random.Next(-30, 31)) : close, NpgsqlDbType.Date);
            w.Write(stage, NpgsqlDbType.Text);
            w.Write(probability, NpgsqlDbType.Integer);
            w.Write(a.TeamUserIds[random.Next(a.TeamUserIds.Length)], NpgsqlDbType.Uuid);
            w.WriteDateOrNull(closed ? close : null);
            w.WriteTextOrNull(stage == "lost" ? "price" : null);
            w.Write(close.AddDays(-30 - random.Next(300)), NpgsqlDbType.Date);
            w.Write(a.Region, NpgsqlDbType.Text);
            w.Write(now, NpgsqlDbType.TimestampTz);
            w.Write(1, NpgsqlDbType.Integer);
        }, cancellationToken);

        // A target per user and period, each user with a home region (targets.region is what a director's scope reads).
        var users = sample.Users;
        await ScaleSupport.CopyAsync(context, database, "targets", TargetCopy, users.Length * TargetPeriods.Length, (w, i) =>
        {
            var user = i / TargetPeriods.Length;
            var period = TargetPeriods[i % TargetPeriods.Length];
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(users[user], NpgsqlDbType.Uuid);
            w.Write(period, NpgsqlDbType.Text);
            w.Write((decimal)((period.Length == 4 ? 40_000_000 : 10_000_000) + (random.Next(100) * 100_000)), NpgsqlDbType.Numeric);
            w.Write("CNY", NpgsqlDbType.Text);
            w.Write(ScaleSupport.Regions[user % ScaleSupport.Regions.Length], NpgsqlDbType.Text);
            w.Write(context.AdminUserId, NpgsqlDbType.Uuid);
        }, cancellationToken);

        await ScaleSupport.VacuumAnalyzeAsync(output, database, ["account_directory", "opportunities", "targets"], cancellationToken);
    }
}
