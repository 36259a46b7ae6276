using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using NpgsqlTypes;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Target "200,000 milestones: aging for a group ≤ 300 ms (p95)". COPYs into contractsdb an account directory of
/// --accounts rows holding one 集团 with 30 provincial subsidiaries of 50 city subsidiaries each (1,531 accounts), then
/// signed contracts (a quarter of them inside the group) with the default four-milestone plan, due dates from the
/// signing/delivery/acceptance dates, about two thirds of the due ones settled; then GETs
/// /api/collections/aging?asOf=today&amp;accountId=group&amp;includeSubsidiaries=true on contracts-api directly as finance.
/// </summary>
internal sealed class AgingAtScale : IScenario
{
    public const double TargetP95Ms = 300;
    /// <summary>
    /// Issue 18: a 10,000-account group in five levels, whatever --scale: the group, 10 provincial companies, 10 city
    /// companies under each, 10 district offices under each of those, and 8,890 branches spread over the 1,000 districts
    /// (1 + 10 + 100 + 1,000 + 8,890 = 10,001).
    /// </summary>
    public const int GroupSize = 10_001;
    private const int FanOut = 10;
    private static readonly string[] LevelNames = ["省公司", "市公司", "区县分公司", "营业部"];
    public const double BattleMapTargetP95Ms = 200;
    private const int Seed = 20_240_604;
    private const int MilestonesPerContract = 4;

    /// <summary>The group at the top of the hierarchy; its presence means this database was already seeded.</summary>
    public static readonly Guid Group = Guid.Parse("b0000000-0000-4000-8000-0000000a9100");

    private static readonly (string Kind, decimal Percent, string RuleType, string RuleValue)[] Plan =
    [
        ("down_payment", 30m, "days_after_signing", "15"),
        ("delivery", 40m, "days_after_delivery", "30"),
        ("acceptance", 25m, "days_after_acceptance", "30"),
        ("warranty", 5m, "months_after_acceptance", "12"),
    ];

    private const string ContractCopy = """
        COPY contracts (id, number, account_id, opportunity_id, owner_id, title, amount, currency, status, signed_at,
                        start_date, end_date, delivered_at, accepted_at)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string MilestoneCopy = """
        COPY milestones (id, contract_id, account_id, currency, seq, kind, percent, amount, due_rule_type, due_rule_value,
                         due_date, invoiced_at, paid_amount, settled_on, overdue_since)
        FROM STDIN (FORMAT BINARY)
        """;

    public string Name => "aging";

    private sealed record Contract(Guid Id, Guid AccountId, Guid OwnerId, decimal Amount, string Currency, DateOnly Signed, DateOnly? Delivered, DateOnly? Accepted);

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var database = context.Platform.Database(PlatformLayout.Contracts);
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        output.WriteLine();
        output.WriteLine($"== aging: {Format.Count(options.Milestones)} milestones in contractsdb (binary COPY), group of {Format.Count(GroupSize)} accounts in 5 levels, then contracts-api directly");

        if (await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM account_directory WHERE id = @id", cancellationToken, Group) > 0)
        {
            output.WriteLine("  this database already holds the scenario's data: measuring it as it is");
        }
        else
        {
            await SeedAsync(context, database, asOf, cancellationToken);
        }

        var total = await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM milestones", cancellationToken);
        var inGroup = await ScaleSupport.ScalarAsync<long>(database,
            """
            WITH RECURSIVE tree (id) AS (SELECT @id::uuid UNION SELECT c.id FROM account_directory c JOIN tree t ON c.parent_id = t.id)
            SELECT count(*) FROM milestones WHERE account_id IN (SELECT id FROM tree)
            """, cancellationToken, Group);
        output.WriteLine($"  in contractsdb now: {Format.Count(total)} milestones, {Format.Count(inGroup)} of them in the group's subtree");

        var api = ScaleSupport.ServiceUrl(context, PlatformLayout.Contracts);
        var finance = ScaleSupport.Token(context, Guid.CreateVersion7(), "benchmark finance", Roles.Finance, null);
        Uri Aging(int _) => new($"{api}/api/collections/aging?asOf={asOf:yyyy-MM-dd}&accountId={Group}&includeSubsidiaries=true");
        var result = await ScaleSupport.SeriesAsync(context, "GET /api/collections/aging (group, includeSubsidiaries)", "finance", finance, Aging, cancellationToken);
        if (result.Sample is { } answer)
        {
            var overall = answer.GetProperty("overall");
            output.WriteLine($"  answer (asOf {asOf:yyyy-MM-dd}): {answer.GetProperty("accountCount")} accounts with receivables; total {overall.GetProperty("total")} " +
                $"(not due {overall.GetProperty("notDue")}, 90+ {overall.GetProperty("d90Plus")}), {answer.GetProperty("accounts").GetArrayLength()} account rows returned");
        }

        ScaleSupport.Report(context, "Aging of a group at scale", [result], TargetP95Ms, "aging:");

        // The battle map of a key account manager: the first user of the seed's sample, owner (and team) of ~1/500 of
        // the directory and so of ~1/500 of the contracts.
        var kam = new SampleAccounts(seed: Seed).Users[0];
        var kamToken = ScaleSupport.Token(context, kam, "benchmark kam", Roles.KeyAccountManager, null);
        Uri Battle(int _) => new($"{api}/api/collections/battle-map");
        var battle = await ScaleSupport.SeriesAsync(context, "GET /api/collections/battle-map", "kam (own accounts)", kamToken, Battle, cancellationToken);
        if (battle.Sample is { } page && page.TryGetProperty("items", out var items))
        {
            output.WriteLine($"  battle map first answer: {items.GetArrayLength()} contracts");
        }

        ScaleSupport.Report(context, "Battle map of a key account manager at scale", [battle], BattleMapTargetP95Ms, "battle map:");

        // What the collections page of finance and admins asks for by default, side by side: the aging of every account
        // and the DSO of the last 90 days (the workspace's collections/aging.js). Issue 18 sets no goal for them;
        // measured so that their cost at scale is seen (about a second each at ×10), with fewer requests.
        var requests = Math.Min(options.Requests, PageRequests);
        Uri Everything(int _) => new($"{api}/api/collections/aging?asOf={asOf:yyyy-MM-dd}");
        Uri Dso(int _) => new($"{api}/api/collections/dso?from={asOf.AddDays(-89):yyyy-MM-dd}&to={asOf:yyyy-MM-dd}");
        var whole = await ScaleSupport.SeriesAsync(context, "GET /api/collections/aging (every account)", "finance", finance, Everything, cancellationToken, requests);
        var dso = await ScaleSupport.SeriesAsync(context, "GET /api/collections/dso (last 90 days)", "finance", finance, Dso, cancellationToken, requests);
        ScaleSupport.Report(context, "The collections page of finance: the whole company", [whole, dso], TargetP95Ms, "collections page:",
            informational: [whole, dso], requests: requests);
    }

    /// <summary>Measured requests for the collections page's two reports: each reads every open milestone.</summary>
    private const int PageRequests = 40;

    private static async Task SeedAsync(BenchmarkContext context, string database, DateOnly today, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var sample = new SampleAccounts(seed: Seed);
        var random = new Random(7_003);
        var now = DateTime.UtcNow;

        // The group tree first (fixed size), then ordinary accounts up to --accounts.
        var tree = new List<SampleAccount> { new(Group, "基准账龄集团有限公司", "华北", sample.Users[0], null, [sample.Users[0]], now, now) };
        var level = new List<SampleAccount> { tree[0] };
        for (var depth = 0; depth < LevelNames.Length; depth++)
        {
            var next = new List<SampleAccount>();
            var deepest = depth == LevelNames.Length - 1;
            var remaining = GroupSize - tree.Count;
            for (var i = 0; i < level.Count; i++)
            {
                var above = level[i];
                // The deepest level takes what is left of the 10,001, spread evenly over its parents.
                var children = deepest ? (remaining / level.Count) + (i < remaining % level.Count ? 1 : 0) : FanOut;
                for (var c = 0; c < children; c++)
                {
                    var region = depth == 0 ? ScaleSupport.Regions[c % ScaleSupport.Regions.Length] : above.Region;
                    var owner = depth == 0 ? sample.Users[1 + c] : sample.Users[random.Next(sample.Users.Length)];
                    var child = new SampleAccount(Guid.CreateVersion7(), $"{above.Name.Replace("有限公司", "", StringComparison.Ordinal)}第{c + 1}{LevelNames[depth]}", region, owner, above.Id, [owner], now, now)
                    {
                        Level = depth + 2,
                    };
                    next.Add(child);
                }
            }

            tree.AddRange(next);
            level = next;
        }

        var others = Math.Max(0, options.Accounts - tree.Count);
        var directory = tree.Concat(Enumerable.Range(0, others).Select(_ => sample.Next())).ToArray();
        await ScaleSupport.CopyDirectoryAsync(context, database, directory, null, cancellationToken);

        // Contracts: a quarter inside the group; signed over the last two years, most delivered, many accepted.
        var contracts = new Contract[(options.Milestones + MilestonesPerContract - 1) / MilestonesPerContract];
        for (var i = 0; i < contracts.Length; i++)
        {
            var a = random.Next(4) == 0 || directory.Length == tree.Count
                ? tree[random.Next(tree.Count)]
                : directory[tree.Count + random.Next(directory.Length - tree.Count)];
            var signed = today.AddDays(-10 - random.Next(710));
            DateOnly? delivered = signed.AddDays(20 + random.Next(100)) is var d && d <= today && random.Next(5) > 0 ? d : null;
            DateOnly? accepted = delivered?.AddDays(15 + random.Next(75)) is { } x && x <= today && random.Next(5) > 0 ? x : null;
            contracts[i] = new Contract(Guid.CreateVersion7(), a.Id, a.OwnerId, 100_000m + (random.Next(5_000) * 1_000m),
                random.Next(50) == 0 ? "USD" : "CNY", signed, delivered, accepted);
        }

        await ScaleSupport.CopyAsync(context, database, "contracts", ContractCopy, contracts.Length, (w, i) =>
        {
            var c = contracts[i];
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write($"BM-{c.Signed.Year}-{i + 1:0000000}", NpgsqlDbType.Text);
            w.Write(c.AccountId, NpgsqlDbType.Uuid);
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(c.OwnerId, NpgsqlDbType.Uuid);
            w.Write($"基准合同 {i + 1}", NpgsqlDbType.Text);
            w.Write(c.Amount, NpgsqlDbType.Numeric);
            w.Write(c.Currency, NpgsqlDbType.Text);
            w.Write("signed", NpgsqlDbType.Text);
            w.Write(c.Signed, NpgsqlDbType.Date);
            w.Write(c.Signed, NpgsqlDbType.Date);
            w.Write(c.Signed.AddYears(2), NpgsqlDbType.Date);
            w.WriteDateOrNull(c.Delivered);
            w.WriteDateOrNull(c.Accepted);
        }, cancellationToken);

        await ScaleSupport.CopyAsync(context, database, "milestones", MilestoneCopy, options.Milestones, (w, i) =>
        {
            var c = contracts[i / MilestonesPerContract];
            var seq = i % MilestonesPerContract;
            var (kind, percent, ruleType, ruleValue) = Plan[seq];
            var amount = seq == MilestonesPerContract - 1
                ? c.Amount - Plan.Take(MilestonesPerContract - 1).Sum(m => Math.Round(c.Amount * m.Percent / 100m, 2, MidpointRounding.AwayFromZero))
                : Math.Round(c.Amount * percent / 100m, 2, MidpointRounding.AwayFromZero);
            DateOnly? due = seq switch
            {
                0 => c.Signed.AddDays(15),
                1 => c.Delivered?.AddDays(30),
                2 => c.Accepted?.AddDays(30),
                _ => c.Accepted?.AddMonths(12),
            };
            DateOnly? settled = due is { } dd && dd <= today.AddDays(-5) && random.Next(3) > 0
                ? Min(today, dd.AddDays(random.Next(-10, 60)))
                : null;
            DateOnly? overdue = settled is null && due is { } od && od < today ? od.AddDays(1) : null;
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write(c.AccountId, NpgsqlDbType.Uuid);
            w.Write(c.Currency, NpgsqlDbType.Text);
            w.Write(seq + 1, NpgsqlDbType.Integer);
            w.Write(kind, NpgsqlDbType.Text);
            w.Write(percent, NpgsqlDbType.Numeric);
            w.Write(amount, NpgsqlDbType.Numeric);
            w.Write(ruleType, NpgsqlDbType.Text);
            w.Write(ruleValue, NpgsqlDbType.Text);
            w.WriteDateOrNull(due);
            if (due is { } invoiced && random.Next(5) > 0)
            {
                w.Write(invoiced.AddDays(-5).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            }
            else
            {
                w.WriteNull();
            }

            w.Write(settled is null ? 0m : amount, NpgsqlDbType.Numeric);
            w.WriteDateOrNull(settled);
            w.WriteDateOrNull(overdue);
        }, cancellationToken);

        // The notices a platform in use has already sent for these milestones: without them contracts-api's first
        // overdue scan announces the whole backlog (hundreds of thousands of MilestoneOverdue) while aging is measured.
        await ScaleSupport.ExecuteAsync(database, NoticesSent(today), cancellationToken);
        await ScaleSupport.VacuumAnalyzeAsync(output, database, ["account_directory", "contracts", "milestones", "overdue_notices"], cancellationToken);
    }

    private static string NoticesSent(DateOnly today) => $"""
        INSERT INTO overdue_notices (milestone_id, threshold, as_of)
        SELECT m.id, t.threshold, DATE '{today:yyyy-MM-dd}' FROM milestones m CROSS JOIN (VALUES (0), (30), (60), (90)) AS t (threshold)
        WHERE m.overdue_since IS NOT NULL AND m.settled_on IS NULL AND DATE '{today:yyyy-MM-dd}' - m.due_date > t.threshold
        ON CONFLICT DO NOTHING
        """;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
