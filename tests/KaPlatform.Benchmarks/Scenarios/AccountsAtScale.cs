using System.Text.Json;
using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using Npgsql;
using NpgsqlTypes;

namespace KaPlatform.Benchmarks.Scenarios;

/// <summary>
/// Targets "100,000 accounts, 1,000,000 stakeholders and interactions: account list/search ≤ 50 ms, power map of a
/// 500-person account ≤ 50 ms (p95)". Tops accountsdb's accounts up to --accounts (the bulk scenario's rows count),
/// COPYs the stakeholders and interactions (one account gets 500 stakeholders), then GETs accounts-api directly:
/// the first page and a 2–3 character Chinese name search as admin, as a director (region) and as a rep (team),
/// and the 500-person power map.
/// </summary>
internal sealed class AccountsAtScale : IScenario
{
    public const double TargetP95Ms = 50;
    public const double VisitSearchTargetP95Ms = 100;
    public const int PowerMapPeople = 500;
    private const int PowerMapInteractions = 1_000;

    /// <summary>The 500-person account; its presence means this database was already seeded by this scenario.</summary>
    public static readonly Guid PowerMapAccount = Guid.Parse("b0000000-0000-4000-8000-0000000a0500");

    public const string DirectorRegion = "华东";

    /// <summary>Searched in turn: brands, industries, cities and legal-form fragments of <see cref="SampleAccounts"/> names.</summary>
    private static readonly string[] SearchTerms = ["华信", "科技", "杭州", "中科电", "东方能", "集团有", "鼎盛", "深圳恒"];

    private static readonly string[] Industries = ["制造", "能源", "通信", "金融", "医疗", "政府", "交通", "零售"];
    private static readonly string[] Categories = ["economic", "important", "group", "strategic"];
    private static readonly string[] PurchasePatterns = ["continuous", "occasional"];
    private static readonly string[] LifecycleStages = ["acquisition", "growth", "stable", "decline"];
    private static readonly string[] Classes = ["A", "B", "C", "D"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛", "明", "超", "秀英", "建国", "志强", "海燕"];
    private static readonly string[] Titles = ["总经理", "副总经理", "CIO", "CTO", "采购经理", "财务总监", "IT主管", "项目经理", "工程师", "部门经理"];
    private static readonly string[] Departments = ["总经办", "信息中心", "采购部", "财务部", "运营部", "技术部", "法务部"];
    private static readonly string[] BuyingRoles = ["economic_buyer", "decision_maker", "technical_gatekeeper", "user", "purchasing", "finance", "coach", "influencer"];
    private static readonly string[] Stances = ["ally", "supporter", "neutral", "skeptic", "misunderstander", "regressor", "opponent"];
    private static readonly string[] Kinds = ["visit", "hosted_visit", "meeting", "call", "email", "event"];
    private static readonly string[] Summaries =
    [
        "拜访客户信息中心，介绍整体解决方案", "与采购部沟通招标流程与时间表", "技术交流：系统架构与数据迁移方案", "商务谈判：价格与付款条件",
        "客户高层来访参观展厅", "电话跟进试点项目进展", "邮件发送报价单与技术白皮书", "参加客户年度供应商大会",
    ];

    private static readonly string[] Topics = ["价格", "交付", "数据安全", "私有化部署", "运维服务", "培训", "续约", "扩容", "竞品", "预算"];

    /// <summary>Visit-search words in turn: topics of the seeded interactions, and one that matches none.</summary>
    private static readonly string[] VisitTerms = ["价格", "数据安全", "续约", "竞品", "私有化", "无此词"];

    private const string AccountCopy = """
        COPY accounts (id, name, region, owner_id, parent_id, team_user_ids, team, industry, category, purchase_pattern,
                       lifecycle_stage, class, created_by, created_at, updated_at, version)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string StakeholderCopy = """
        COPY stakeholders (id, account_id, name, title, department, reports_to_id, buying_roles, influence, stance,
                           relationship_closeness, solution_acceptance, price_acceptance, status, left_at, created_by,
                           created_at, updated_at, version)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string InteractionCopy = """
        COPY interactions (id, account_id, kind, occurred_at, stakeholder_ids, our_attendees, summary, topics, next_steps,
                           search_text, created_by, created_at)
        FROM STDIN (FORMAT BINARY)
        """;

    public string Name => "accounts";

    public async Task RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var database = context.Platform.Database(PlatformLayout.Accounts);
        // The bulk scenario's seed: the same 500 users, so the rep is on the team of bulk-loaded accounts too.
        var sample = new SampleAccounts();
        var rep = sample.Users[0];
        output.WriteLine();
        output.WriteLine($"== accounts: {Format.Count(options.Accounts)} accounts, {Format.Count(options.Stakeholders)} stakeholders, {Format.Count(options.Interactions)} interactions in accountsdb (binary COPY), then accounts-api directly");

        if (await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM accounts WHERE id = @id", cancellationToken, PowerMapAccount) > 0)
        {
            output.WriteLine("  this database already holds the scenario's data (the 500-person account exists): measuring it as it is");
        }
        else
        {
            await SeedAsync(context, database, sample, cancellationToken);
        }

        var counts = await CountsAsync(database, rep, cancellationToken);
        output.WriteLine($"  in accountsdb now: {counts}");

        var api = context.Platform.AccountsApi.TrimEnd('/');
        var admin = ScaleSupport.Token(context, context.AdminUserId, "benchmark admin", Roles.Admin, null);
        var director = ScaleSupport.Token(context, Guid.CreateVersion7(), "benchmark director", Roles.SalesDirector, DirectorRegion);
        var repToken = ScaleSupport.Token(context, rep, "benchmark rep", Roles.SalesRep, null);
        Uri List(int _) => new($"{api}/api/accounts?limit=50");
        Uri Search(int i) => new($"{api}/api/accounts?q={Uri.EscapeDataString(SearchTerms[i % SearchTerms.Length])}");
        Uri Map(int _) => new($"{api}/api/accounts/{PowerMapAccount}/power-map");

        var series = new List<SeriesResult>();
        foreach (var (caller, token) in new[] { ("admin", admin), ($"director ({DirectorRegion})", director), ("rep (team)", repToken) })
        {
            series.Add(await ScaleSupport.SeriesAsync(context, "GET /api/accounts?limit=50", caller, token, List, cancellationToken));
            series.Add(await ScaleSupport.SeriesAsync(context, "GET /api/accounts?q=<2-3 汉字>", caller, token, Search, cancellationToken));
        }

        series.Add(await ScaleSupport.SeriesAsync(context, $"GET /api/accounts/{{id}}/power-map ({PowerMapPeople} people)", "admin", admin, Map, cancellationToken));
        foreach (var s in series.Where(s => s.Sample is { } json && json.TryGetProperty("items", out _)))
        {
            output.WriteLine($"  first answer of {s.Endpoint} as {s.Caller}: {s.Sample!.Value.GetProperty("items").GetArrayLength()} items");
        }

        if (series[^1].Sample is { } map && map.TryGetProperty("nodes", out var nodes))
        {
            output.WriteLine($"  power map answer: {nodes.GetArrayLength()} nodes, {map.GetProperty("edges").GetArrayLength()} edges");
        }

        output.WriteLine($"  search terms, in turn: {string.Join(' ', SearchTerms)}");
        ScaleSupport.Report(context, "Accounts at scale: list, search, power map", series, TargetP95Ms, "accounts:");

        // Visit search across a key account manager's accounts (issue 18: p95 ≤ 100 ms): the rep's user as a KAM.
        var kamToken = ScaleSupport.Token(context, rep, "benchmark kam", Roles.KeyAccountManager, null);
        Uri Visits(int i) => new($"{api}/api/interactions?q={Uri.EscapeDataString(VisitTerms[i % VisitTerms.Length])}&limit=50");
        var visits = await ScaleSupport.SeriesAsync(context, "GET /api/interactions?q=<word>", "kam (team)", kamToken, Visits, cancellationToken);
        if (visits.Sample is { } page && page.TryGetProperty("items", out var items))
        {
            output.WriteLine($"  first answer of the visit search: {items.GetArrayLength()} interactions; terms in turn: {string.Join(' ', VisitTerms)}");
        }

        ScaleSupport.Report(context, "Visit search across a key account manager's accounts", [visits], VisitSearchTargetP95Ms, "visits:");
    }

    private static async Task SeedAsync(BenchmarkContext context, string database, SampleAccounts sample, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var options = context.Options;
        var random = new Random(7_001);
        var now = DateTime.UtcNow;

        // Accounts: whatever is there (the bulk scenario's rows) counts; the rest is COPYed with the newer columns.
        var existing = await ScaleSupport.ScalarAsync<long>(database, "SELECT count(*) FROM accounts", cancellationToken);
        var missing = (int)Math.Max(0, options.Accounts - existing);
        output.WriteLine($"  accounts already there: {Format.Count(existing)}; adding {Format.Count(missing)}");
        if (missing > 0)
        {
            await ScaleSupport.CopyAsync(context, database, "accounts", AccountCopy, missing, (w, _) =>
            {
                var a = sample.Next();
                w.Write(a.Id, NpgsqlDbType.Uuid);
                w.Write(a.Name, NpgsqlDbType.Text);
                w.Write(a.Region, NpgsqlDbType.Text);
                w.Write(a.OwnerId, NpgsqlDbType.Uuid);
                w.WriteUuidOrNull(a.ParentId);
                w.Write(a.TeamUserIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                w.Write(TeamJson(a.OwnerId, a.TeamUserIds), NpgsqlDbType.Jsonb);
                w.Write(Industries[random.Next(Industries.Length)], NpgsqlDbType.Text);
                w.Write(a.ParentId is null && a.Name.Contains("集团", StringComparison.Ordinal) ? "group" : Categories[random.Next(Categories.Length)], NpgsqlDbType.Text);
                w.Write(PurchasePatterns[random.Next(PurchasePatterns.Length)], NpgsqlDbType.Text);
                w.Write(LifecycleStages[random.Next(LifecycleStages.Length)], NpgsqlDbType.Text);
                w.WriteTextOrNull(random.Next(3) == 0 ? null : Classes[random.Next(Classes.Length)]);
                w.Write(BulkLoad.Importer, NpgsqlDbType.Uuid);
                w.Write(a.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(a.UpdatedAt, NpgsqlDbType.TimestampTz);
                w.Write(1, NpgsqlDbType.Integer);
            }, cancellationToken);
        }

        // The 500-person account: a 集团 in the director's region, owned by the rep.
        var rep = sample.Users[0];
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(cancellationToken);
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO accounts (id, name, region, owner_id, team_user_ids, team, industry, category, created_by)
                VALUES (@id, '基准权力图集团有限公司', @region, @owner, ARRAY[@owner]::uuid[], @team::jsonb, '通信', 'strategic', @by)
                """, connection);
            insert.Parameters.AddWithValue("id", PowerMapAccount);
            insert.Parameters.AddWithValue("region", DirectorRegion);
            insert.Parameters.AddWithValue("owner", rep);
            insert.Parameters.AddWithValue("team", TeamJson(rep, [rep]));
            insert.Parameters.AddWithValue("by", BulkLoad.Importer);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var accounts = await ReadIdsAsync(database, cancellationToken);
        var n = accounts.Length;

        // Stakeholders: the 500 of the power-map account as a reporting tree (each reports to (i-1)/4), then the rest
        // round-robin over all accounts, each account's later ones reporting to its first.
        var mapPeople = new Guid[PowerMapPeople];
        var first = new Guid[n];
        var stakeholders = options.Stakeholders;
        var rest = Math.Max(0, stakeholders - PowerMapPeople);
        await ScaleSupport.CopyAsync(context, database, "stakeholders", StakeholderCopy, PowerMapPeople + rest, (w, i) =>
        {
            var id = Guid.CreateVersion7();
            Guid account;
            Guid? reportsTo;
            string[] roles;
            string stance;
            var departed = false;
            if (i < PowerMapPeople)
            {
                mapPeople[i] = id;
                account = PowerMapAccount;
                reportsTo = i == 0 ? null : mapPeople[(i - 1) / 4];
                roles = i switch
                {
                    0 => ["economic_buyer", "decision_maker"],
                    < 4 => ["decision_maker"],
                    < 8 => ["technical_gatekeeper", "coach"],
                    _ => [BuyingRoles[2 + random.Next(BuyingRoles.Length - 2)]],
                };
                stance = i < 8 ? Stances[random.Next(2)] : Stances[random.Next(Stances.Length)];
            }
            else
            {
                var k = i - PowerMapPeople;
                var a = k % n;
                account = accounts[a];
                reportsTo = k < n ? null : first[a];
                if (k < n)
                {
                    first[a] = id;
                }

                roles = k < n ? ["economic_buyer"] : [BuyingRoles[random.Next(BuyingRoles.Length)]];
                stance = Stances[random.Next(Stances.Length)];
                departed = k >= n && random.Next(30) == 0;
            }

            var created = now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
            w.Write(id, NpgsqlDbType.Uuid);
            w.Write(account, NpgsqlDbType.Uuid);
            w.Write(Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)], NpgsqlDbType.Text);
            w.Write(Titles[random.Next(Titles.Length)], NpgsqlDbType.Text);
            w.Write(Departments[random.Next(Departments.Length)], NpgsqlDbType.Text);
            w.WriteUuidOrNull(reportsTo);
            w.Write(roles, NpgsqlDbType.Array | NpgsqlDbType.Text);
            w.Write(1 + random.Next(5), NpgsqlDbType.Integer);
            w.Write(stance, NpgsqlDbType.Text);
            w.Write((decimal)random.Next(101), NpgsqlDbType.Numeric);
            w.Write((decimal)random.Next(101), NpgsqlDbType.Numeric);
            w.Write((decimal)random.Next(101), NpgsqlDbType.Numeric);
            w.Write(departed ? "departed" : "active", NpgsqlDbType.Text);
            if (departed)
            {
                w.Write(DateOnly.FromDateTime(created.AddDays(random.Next(300))), NpgsqlDbType.Date);
            }
            else
            {
                w.WriteNull();
            }

            w.Write(BulkLoad.Importer, NpgsqlDbType.Uuid);
            w.Write(created, NpgsqlDbType.TimestampTz);
            w.Write(created, NpgsqlDbType.TimestampTz);
            w.Write(1, NpgsqlDbType.Integer);
        }, cancellationToken);

        // Interactions: 1,000 of the power-map account in the last 180 days (some with its buyers), the rest over
        // all accounts and three years, each with the account's first stakeholder when it has one.
        var interactions = options.Interactions;
        var mapShare = Math.Min(PowerMapInteractions, interactions);
        await ScaleSupport.CopyAsync(context, database, "interactions", InteractionCopy, interactions, (w, i) =>
        {
            Guid account;
            Guid[] people;
            DateTime occurred;
            if (i < mapShare)
            {
                account = PowerMapAccount;
                people = random.Next(10) == 0 ? [mapPeople[0], mapPeople[1 + random.Next(3)]] : [mapPeople[8 + random.Next(PowerMapPeople - 8)]];
                occurred = now.AddMinutes(-random.Next(180 * 24 * 60));
            }
            else
            {
                var a = random.Next(n);
                account = accounts[a];
                people = first[a] == Guid.Empty ? [] : [first[a]];
                occurred = now.AddMinutes(-random.Next(3 * 365 * 24 * 60));
            }

            var summary = Summaries[random.Next(Summaries.Length)];
            string[] topics = random.Next(2) == 0 ? [Topics[random.Next(Topics.Length)]] : [Topics[random.Next(Topics.Length)], Topics[random.Next(Topics.Length)]];
            var nextSteps = random.Next(3) == 0 ? null : "下周提交方案";
            w.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            w.Write(account, NpgsqlDbType.Uuid);
            w.Write(Kinds[random.Next(Kinds.Length)], NpgsqlDbType.Text);
            w.Write(occurred, NpgsqlDbType.TimestampTz);
            w.Write(people, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            w.Write(new[] { sample.Users[random.Next(sample.Users.Length)] }, NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            w.Write(summary, NpgsqlDbType.Text);
            w.Write(topics, NpgsqlDbType.Array | NpgsqlDbType.Text);
            w.WriteTextOrNull(nextSteps);
            w.Write(string.Join(' ', [summary, .. topics, nextSteps ?? ""]).TrimEnd(), NpgsqlDbType.Text);
            w.Write(BulkLoad.Importer, NpgsqlDbType.Uuid);
            w.Write(occurred, NpgsqlDbType.TimestampTz);
        }, cancellationToken);

        await ScaleSupport.VacuumAnalyzeAsync(output, database, ["accounts", "account_name_pieces", "stakeholders", "interactions"], cancellationToken);
    }

    private static async Task<Guid[]> ReadIdsAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM accounts WHERE id <> @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", PowerMapAccount);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private static async Task<string> CountsAsync(string database, Guid rep, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM stakeholders), (SELECT count(*) FROM interactions),
                   (SELECT count(*) FROM accounts WHERE region = @region),
                   (SELECT count(*) FROM accounts WHERE team_user_ids @> ARRAY[@rep]::uuid[] OR owner_id = @rep),
                   (SELECT count(*) FROM stakeholders WHERE account_id = @id AND status = 'active')
            """, connection);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("region", DirectorRegion);
        command.Parameters.AddWithValue("rep", rep);
        command.Parameters.AddWithValue("id", PowerMapAccount);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"{Format.Count(reader.GetInt64(0))} accounts, {Format.Count(reader.GetInt64(1))} stakeholders, {Format.Count(reader.GetInt64(2))} interactions; " +
            $"director's region {DirectorRegion}: {Format.Count(reader.GetInt64(3))} accounts; rep's team: {Format.Count(reader.GetInt64(4))} accounts; " +
            $"power-map account: {Format.Count(reader.GetInt64(5))} active stakeholders";
    }

    private static string TeamJson(Guid owner, Guid[] team) =>
        JsonSerializer.Serialize(team.Select(u => new Dictionary<string, string> { ["userId"] = u.ToString(), ["role"] = u == owner ? "owner" : "sales" }));
}
