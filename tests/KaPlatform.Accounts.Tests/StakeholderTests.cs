using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class StakeholderTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static async Task<Guid> AddAsync(HttpClient client, Guid account, object body) =>
        (await PostAsync(client, $"/api/accounts/{account}/stakeholders", body)).GetProperty("id").GetGuid();

    [Fact]
    public async Task Stance_and_influence_changes_are_kept_as_history_and_announced()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动嘉兴分公司");
        var added = await PostAsync(client, $"/api/accounts/{account}/stakeholders", new
        {
            name = "陈总", title = "总经理", department = "市场部", buyingRoles = new[] { "economic_buyer", "decision_maker" },
            influence = 5, stance = "skeptic", relationshipCloseness = 40, solutionAcceptance = 50, priceAcceptance = 60,
            behaviorStyle = "analytical", preferences = "数据驱动", interestsAtStake = "年度 KPI",
        });
        var id = added.GetProperty("id").GetGuid();
        Assert.Equal(47m, added.GetProperty("compositeCloseness").GetDecimal());

        using var get = await client.GetAsync($"/api/accounts/{account}/stakeholders/{id}");
        var etag = get.Headers.ETag!.Tag;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{account}/stakeholders/{id}")
        {
            Content = JsonContent.Create(new { stance = "supporter", influence = 4, title = (string?)null }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await ReadAsync(await client.SendAsync(patch), HttpStatusCode.OK);
        Assert.Equal("supporter", updated.GetProperty("stance").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("title").ValueKind);
        Assert.Equal("市场部", updated.GetProperty("department").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{account}/stakeholders/{id}") { Content = JsonContent.Create(new { stance = "ally" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);

        var detail = await GetAsync(client, $"/api/accounts/{account}/stakeholders/{id}");
        var history = detail.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("field").GetString(), h.GetProperty("oldValue").GetString(), h.GetProperty("newValue").GetString())).ToList();
        Assert.Equal([("stance", null, "skeptic"), ("influence", null, "5"), ("stance", "skeptic", "supporter"), ("influence", "5", "4")], history);

        Assert.Single(await host.PublishedAsync("StakeholderAdded", account));
        var announced = Assert.Single(await host.PublishedAsync("StakeholderUpdated", account));
        Assert.Equal("supporter", announced.GetProperty("stance").GetString());
        Assert.Equal(["economic_buyer", "decision_maker"], announced.GetProperty("buyingRoles").EnumerateArray().Select(r => r.GetString()).ToList());

        var invalid = await PostAsync(client, $"/api/accounts/{account}/stakeholders",
            new { name = "", influence = 6, stance = "friend", buyingRoles = new[] { "boss" }, priceAcceptance = 101 }, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "influence", "stance", "buyingRoles", "priceAcceptance" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Reporting_lines_refuse_cycles_and_stay_within_the_account()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动温州分公司");
        var boss = await AddAsync(client, account, new { name = "总经理", influence = 5, stance = "neutral" });
        var deputy = await AddAsync(client, account, new { name = "副总", influence = 4, stance = "neutral", reportsToId = boss });
        var manager = await AddAsync(client, account, new { name = "部门经理", influence = 3, stance = "neutral", reportsToId = deputy });

        using var cycle = await AccountTests.PatchAsync(client, account, new { reportsToId = manager }, $"/stakeholders/{boss}");
        Assert.Equal("reporting_cycle", (await ReadAsync(cycle, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        using var self = await AccountTests.PatchAsync(client, account, new { reportsToId = boss }, $"/stakeholders/{boss}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);

        var otherAccount = await RegisterIdAsync(client, "浙江移动台州分公司");
        var stranger = await AddAsync(client, otherAccount, new { name = "外人", influence = 3, stance = "neutral" });
        var refused = await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "新人", influence = 1, stance = "neutral", reportsToId = stranger }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_reports_to", refused.GetProperty("code").GetString());

        using var ok = await AccountTests.PatchAsync(client, account, new { reportsToId = (Guid?)null }, $"/stakeholders/{deputy}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var nowFine = await AccountTests.PatchAsync(client, account, new { reportsToId = manager }, $"/stakeholders/{boss}");
        Assert.Equal(HttpStatusCode.OK, nowFine.StatusCode);

        var map = await GetAsync(client, $"/api/accounts/{account}/power-map");
        var edges = map.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetGuid(), e.GetProperty("to").GetGuid())).ToHashSet();
        Assert.Equal(new HashSet<(Guid, Guid)> { (manager, deputy), (boss, manager) }, edges);
    }

    [Fact]
    public async Task A_departure_keeps_the_person_in_history_takes_them_off_the_map_and_says_where_they_went()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动丽水分公司");
        var newEmployer = await RegisterIdAsync(client, "浙江电信");
        var champion = await AddAsync(client, account, new { name = "赵处", influence = 4, stance = "ally", buyingRoles = new[] { "coach" } });
        var other = await AddAsync(client, account, new { name = "孙工", influence = 2, stance = "neutral", reportsToId = champion });

        var departed = await PostAsync(client, $"/api/accounts/{account}/stakeholders/{champion}/departure",
            new { leftAt = "2026-03-31", movedToAccountId = newEmployer, note = "跳槽到电信" }, HttpStatusCode.OK);
        Assert.Equal("departed", departed.GetProperty("status").GetString());
        Assert.Equal("2026-03-31", departed.GetProperty("leftAt").GetString());

        var evt = Assert.Single(await host.PublishedAsync("StakeholderDeparted", account));
        Assert.Equal(newEmployer, evt.GetProperty("movedToAccountId").GetGuid());
        Assert.Equal("ally", evt.GetProperty("stance").GetString());
        Assert.Equal("赵处", evt.GetProperty("name").GetString());
        Assert.Equal(["coach"], evt.GetProperty("buyingRoles").EnumerateArray().Select(r => r.GetString()).ToList());

        var map = await GetAsync(client, $"/api/accounts/{account}/power-map");
        Assert.Equal([other], map.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ToList());
        Assert.Empty(map.GetProperty("edges").EnumerateArray());
        Assert.Equal([other], Ids(await GetAsync(client, $"/api/accounts/{account}/stakeholders")));
        Assert.Equal(2, Ids(await GetAsync(client, $"/api/accounts/{account}/stakeholders?includeDeparted=true")).Count);

        var again = await PostAsync(client, $"/api/accounts/{account}/stakeholders/{champion}/departure", new { leftAt = "2026-04-01" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("already_departed", again.GetProperty("code").GetString());
        await PostAsync(client, $"/api/accounts/{account}/stakeholders/{other}/departure", new { note = "no date" }, HttpStatusCode.BadRequest);
        using var edit = await AccountTests.PatchAsync(client, account, new { stance = "opponent" }, $"/stakeholders/{champion}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
    }

    [Fact]
    public async Task The_power_map_computes_every_coverage_figure_and_gap()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动金华分公司");
        var empty = await GetAsync(client, $"/api/accounts/{account}/power-map");
        Assert.Equal(["no_economic_buyer", "no_coach", "low_support", "single_threaded"], Gaps(empty));
        Assert.Equal(0m, empty.GetProperty("coverage").GetProperty("supportSurface").GetDecimal());

        var buyer = await AddAsync(client, account, new { name = "钱总", buyingRoles = new[] { "economic_buyer" }, influence = 5, stance = "neutral", relationshipCloseness = 50, solutionAcceptance = 50, priceAcceptance = 50 });
        var opponent = await AddAsync(client, account, new { name = "周总", buyingRoles = new[] { "technical_gatekeeper" }, influence = 4, stance = "opponent", relationshipCloseness = 10, solutionAcceptance = 10, priceAcceptance = 10 });
        var coach = await AddAsync(client, account, new { name = "吴工", buyingRoles = new[] { "coach", "user" }, influence = 2, stance = "ally", relationshipCloseness = 90, solutionAcceptance = 80, priceAcceptance = 70 });
        var supporter = await AddAsync(client, account, new { name = "郑经理", buyingRoles = new[] { "purchasing" }, influence = 2, stance = "supporter", relationshipCloseness = 60, solutionAcceptance = 60, priceAcceptance = 60 });
        var skeptic = await AddAsync(client, account, new { name = "冯经理", buyingRoles = new[] { "finance" }, influence = 2, stance = "skeptic", relationshipCloseness = 50, solutionAcceptance = 50, priceAcceptance = 50 });

        var map = await GetAsync(client, $"/api/accounts/{account}/power-map");
        var coverage = map.GetProperty("coverage");
        // Σ influence 15; support 2+2 = 4; opposition 4+2 = 6.
        Assert.Equal(Math.Round(4m / 15m, 4), coverage.GetProperty("supportSurface").GetDecimal());
        Assert.Equal(0.4m, coverage.GetProperty("oppositionShare").GetDecimal());
        // closeness: 钱 50, 周 10, 吴 83, 郑 60, 冯 50 → (250 + 40 + 166 + 120 + 100) ÷ 15 = 45.07
        Assert.Equal(45.07m, coverage.GetProperty("compositeCloseness").GetDecimal());
        Assert.Equal([buyer, opponent, coach, supporter, skeptic], coverage.GetProperty("keyPersons").EnumerateArray().Select(k => k.GetGuid()).ToList());
        Assert.True(coverage.GetProperty("hasCoach").GetBoolean());
        Assert.False(coverage.GetProperty("economicBuyerEngaged").GetBoolean());
        Assert.Equal(["economic_buyer_not_engaged", "influential_opponent", "low_support"], Gaps(map));
        Assert.Equal(83m, map.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetGuid() == coach).GetProperty("compositeCloseness").GetDecimal());

        // A visit with the buyer 100 days ago does not count; one 10 days ago does.
        await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "visit", occurredAt = DateTimeOffset.UtcNow.AddDays(-100), stakeholderIds = new[] { buyer }, summary = "年初拜访" });
        Assert.False((await GetAsync(client, $"/api/accounts/{account}/power-map")).GetProperty("coverage").GetProperty("economicBuyerEngaged").GetBoolean());
        await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "meeting", occurredAt = DateTimeOffset.UtcNow.AddDays(-10), stakeholderIds = new[] { buyer, coach }, summary = "方案汇报" });
        using var flip = await AccountTests.PatchAsync(client, account, new { stance = "neutral" }, $"/stakeholders/{opponent}");
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        var after = await GetAsync(client, $"/api/accounts/{account}/power-map");
        Assert.True(after.GetProperty("coverage").GetProperty("economicBuyerEngaged").GetBoolean());
        Assert.Equal(["low_support"], Gaps(after));
    }

    [Fact]
    public async Task A_five_hundred_person_power_map_answers_with_every_node()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "中国移动集团总部");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async batch =>
        {
            for (var i = 0; i < 50; i++)
            {
                await AddAsync(client, account, new { name = $"员工{batch:D2}{i:D2}", influence = 1 + (i % 5), stance = i % 2 == 0 ? "supporter" : "neutral" });
            }
        }));
        var map = await GetAsync(client, $"/api/accounts/{account}/power-map");
        Assert.Equal(500, map.GetProperty("nodes").GetArrayLength());
        Assert.Equal(500, map.GetProperty("coverage").GetProperty("keyPersons").GetArrayLength());
    }

    private static List<string?> Gaps(JsonElement map) =>
        map.GetProperty("coverage").GetProperty("gaps").EnumerateArray().Select(g => g.GetString()).ToList();
}
