using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

public sealed class AlertTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private async Task DepartAsync(Guid account, string name, string role, string stance)
    {
        var id = NewId();
        await service.PublishAsync(new StakeholderAdded(NewId(), Now, account, id, name, null, [role], 4, stance, 60m));
        await service.PublishAsync(new StakeholderDeparted(NewId(), Now.AddSeconds(1), account, id, Today, null, [role], stance, 4, name));
    }

    [Fact]
    public async Task A_departed_coach_opens_one_champion_departed_alert_until_it_is_resolved()
    {
        var account = await service.RegisterAccountAsync("华东");
        await DepartAsync(account, "李工", "coach", "supporter");
        var alert = (await service.WaitForAlertsAsync(account, "champion_departed")).Single();
        Assert.Equal("open", alert.GetProperty("status").GetString());
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Contains("coach", alert.GetProperty("reason").GetString());
        // docs/product.md §0: code + params carry the person by name as well as id, so no client shows a bare UUID.
        Assert.Equal("champion_departed", alert.GetProperty("code").GetString());
        Assert.Equal("李工", alert.GetProperty("params").GetProperty("stakeholderName").GetString());
        Assert.Equal(["coach"], alert.GetProperty("params").GetProperty("buyingRoles").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.Equal("supporter", alert.GetProperty("params").GetProperty("stance").GetString());
        Assert.Equal(Today.ToString("yyyy-MM-dd"), alert.GetProperty("params").GetProperty("leftOn").GetString());
        Assert.Equal(alert.GetProperty("playbook").GetArrayLength(), alert.GetProperty("playbookCodes").GetArrayLength());
        Assert.Equal("win_back.2", alert.GetProperty("playbookCodes").EnumerateArray().ElementAt(3).GetString());
        Assert.Contains(alert.GetProperty("playbook").EnumerateArray(), p => p.GetString()!.StartsWith("Win new supporters", StringComparison.Ordinal));
        var health = await service.WaitForHealthAsync(account, h => Component(h, "sponsor_stability").GetProperty("score").GetInt32() == 50, "sponsor 50");
        Assert.Contains("李工", Component(health, "sponsor_stability").GetProperty("reason").GetString());
        Assert.Equal("sponsors_departed", Component(health, "sponsor_stability").GetProperty("code").GetString());
        Assert.Equal(["李工"], Component(health, "sponsor_stability").GetProperty("params").GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToArray());
        Assert.Single(await service.OutboxAsync("RiskAlertRaised", account), e => e.GetProperty("kind").GetString() == "champion_departed");

        // A second key departure while the first alert is open adds no second alert.
        await DepartAsync(account, "王总", "economic_buyer", "neutral");
        await service.WaitForHealthAsync(account, h => Component(h, "sponsor_stability").GetProperty("score").GetInt32() == 0, "sponsor 0");
        Assert.Single((await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}&kind=champion_departed")).GetProperty("items").EnumerateArray());

        var id = alert.GetProperty("id").GetGuid();
        using var kam = service.Client(Roles.KeyAccountManager, "华东", (await service.QueryAsync<Guid>("SELECT owner_id FROM account_directory WHERE id = @account", new { account })).Single());
        using var ack = await kam.PostAsJsonAsync($"/api/success/alerts/{id}/acknowledge", new { note = "约了新CIO" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("\"2\"", ack.Headers.ETag?.Tag);
        Assert.Equal("acknowledged", (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // Still unresolved: a further departure does not open another.
        await DepartAsync(account, "赵处", "decision_maker", "ally");
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM stakeholders WHERE account_id = @account AND departed_at IS NOT NULL", new { account }) == 3);
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE account_id = @account AND kind = 'champion_departed'", new { account }));

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/success/alerts/{id}/resolve") { Content = JsonContent.Create(new { note = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await kam.SendAsync(stale)).StatusCode);

        using var resolve = await kam.PostAsync($"/api/success/alerts/{id}/resolve", null);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        using var again = await kam.PostAsync($"/api/success/alerts/{id}/resolve", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("alert_resolved", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await DepartAsync(account, "钱总", "economic_buyer", "supporter");
        await service.WaitForAlertsAsync(account, "champion_departed", count: 2);
        var open = await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}&status=open&kind=champion_departed");
        Assert.Single(open.GetProperty("items").EnumerateArray());

        var audit = await service.GetAsync(service.Admin, $"/api/success/audit?entityId={id}");
        Assert.Equal(["resolved", "acknowledged", "raised"], audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray());
    }

    [Fact]
    public async Task A_forged_cursor_is_a_400_that_names_the_cursor_on_every_list()
    {
        var account = await service.RegisterAccountAsync("华东");
        // Valid base64 (URL-safe, as the lists write it), but of something no list wrote: not a UUID.
        var forged = Convert.ToBase64String("not-a-row-id"u8.ToArray()).TrimEnd('=');
        foreach (var path in new[]
        {
            "/api/success/alerts", $"/api/success/accounts/{account}/health/history", $"/api/success/accounts/{account}/reviews", "/api/success/audit",
            "/api/success/renewals",
        })
        {
            using var response = await service.Admin.GetAsync($"{path}?cursor={forged}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), path);
            var fieldError = problem.GetProperty("fieldErrors").EnumerateArray().Single();
            Assert.Equal("cursor", fieldError.GetProperty("field").GetString());
            Assert.Equal("invalid_cursor", fieldError.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task A_review_with_bad_fields_answers_a_code_and_params_per_field()
    {
        var account = await service.RegisterAccountAsync("华东");
        using var response = await service.Admin.PostAsJsonAsync($"/api/success/accounts/{account}/reviews",
            new { date = "2026-11-30", satisfaction = 9, outcomes = new string('长', 4001), serviceLevel = "premium" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fieldErrors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("field").GetString()!, e => e);
        Assert.Equal("one_of", errors["serviceLevel"].GetProperty("code").GetString());
        Assert.Equal(["reactive", "relationship", "success"], errors["serviceLevel"].GetProperty("params").GetProperty("values").EnumerateArray().Select(v => v.GetString()).ToArray());
        Assert.Equal("too_long", errors["outcomes"].GetProperty("code").GetString());
        Assert.Equal(4000, errors["outcomes"].GetProperty("params").GetProperty("max").GetInt32());
        Assert.Equal("between", errors["satisfaction"].GetProperty("code").GetString());
        Assert.Equal("1", errors["satisfaction"].GetProperty("params").GetProperty("min").GetString());
        Assert.Equal("5", errors["satisfaction"].GetProperty("params").GetProperty("max").GetString());
    }

    [Fact]
    public async Task A_departure_that_overtakes_its_stakeholder_added_still_names_the_person_and_stays_departed()
    {
        // The consumers run concurrently, so the bus may deliver the departure first; the accounts service puts the
        // name on the departure for exactly this case.
        var account = await service.RegisterAccountAsync("华东");
        var id = NewId();
        await service.PublishAsync(new StakeholderDeparted(NewId(), Now.AddSeconds(1), account, id, Today, null, ["economic_buyer"], "supporter", 5, "孙总"));
        var alert = (await service.WaitForAlertsAsync(account, "champion_departed")).Single();
        Assert.Equal("孙总", alert.GetProperty("params").GetProperty("stakeholderName").GetString());

        await service.PublishAsync(new StakeholderAdded(NewId(), Now, account, id, "孙总", "CFO", ["economic_buyer"], 5, "supporter", 72m));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<string>("SELECT coalesce(title, '') FROM stakeholders WHERE id = @id", new { id }) == "CFO", what: "late Added applied");
        Assert.Equal(1L, await service.ScalarAsync<long>("SELECT count(*) FROM stakeholders WHERE id = @id AND departed_at IS NOT NULL AND name = '孙总'", new { id }));
    }

    [Fact]
    public async Task A_departed_user_who_was_no_key_person_raises_nothing()
    {
        var account = await service.RegisterAccountAsync("华东");
        await DepartAsync(account, "小刘", "user", "neutral");
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM stakeholders WHERE account_id = @account AND departed_at IS NOT NULL", new { account }) == 1);
        var health = await service.WaitForHealthAsync(account, h => Component(h, "sponsor_stability").GetProperty("score").GetInt32() == 100, "sponsor intact");
        Assert.Empty((await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}")).GetProperty("items").EnumerateArray());
        Assert.Contains("No economic buyer", Component(health, "sponsor_stability").GetProperty("reason").GetString());
        Assert.Equal("sponsors_stable", Component(health, "sponsor_stability").GetProperty("code").GetString());
        Assert.Equal(180, Component(health, "sponsor_stability").GetProperty("params").GetProperty("windowDays").GetInt32());
    }

    [Fact]
    public async Task An_opportunity_lost_to_a_competitor_is_a_competitor_threat()
    {
        var account = await service.RegisterAccountAsync("华东");
        var opportunity = NewId();
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, opportunity, Guid.NewGuid(), "expansion", 500_000m, "CNY", Today.AddDays(30), "initiation", null, null));
        await service.PublishAsync(new OpportunityLost(NewId(), Now.AddSeconds(1), account, opportunity, Guid.NewGuid(), "价格", "华为", Today, "省网扩容二期",
            "expansion", 500_000m, "CNY"));
        var alert = (await service.WaitForAlertsAsync(account, "competitor_threat")).Single();
        Assert.Contains("华为", alert.GetProperty("reason").GetString());
        Assert.Equal("competitor_won", alert.GetProperty("code").GetString());
        Assert.Equal("华为", alert.GetProperty("params").GetProperty("competitor").GetString());
        Assert.Equal("价格", alert.GetProperty("params").GetProperty("lossReason").GetString());
        Assert.Equal(opportunity, alert.GetProperty("params").GetProperty("opportunityId").GetGuid());
        Assert.Equal("省网扩容二期", alert.GetProperty("params").GetProperty("opportunityName").GetString());
        Assert.Equal("expansion", alert.GetProperty("params").GetProperty("opportunityType").GetString());
        Assert.Equal("high", alert.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task A_loss_that_overtakes_its_opening_is_scored_by_the_type_it_carries()
    {
        // Opened and Lost reach different consumers: here the loss is applied before the opening is even published.
        var account = await service.RegisterAccountAsync("华东");
        var opportunity = NewId();
        await service.PublishAsync(new OpportunityLost(NewId(), Now.AddSeconds(1), account, opportunity, Guid.NewGuid(), "价格", "华为", Today, "续约",
            "renewal", 800_000m, "USD"));
        var alert = (await service.WaitForAlertsAsync(account, "competitor_threat")).Single();
        Assert.Equal("renewal", alert.GetProperty("params").GetProperty("opportunityType").GetString());
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal(800_000m, await service.ScalarAsync<decimal>("SELECT amount FROM opportunities WHERE id = @opportunity", new { opportunity }));
        Assert.Equal("USD", await service.ScalarAsync<string>("SELECT currency FROM opportunities WHERE id = @opportunity", new { opportunity }));
    }

    [Fact]
    public async Task An_opening_that_arrives_after_an_older_loss_event_corrects_the_guessed_type_and_keeps_the_loss()
    {
        // A Lost published before the event carried the type leaves a guess (new_business); Opened knows better.
        var account = await service.RegisterAccountAsync("华东");
        var opportunity = NewId();
        await service.PublishAsync(new OpportunityLost(NewId(), Now.AddSeconds(1), account, opportunity, Guid.NewGuid(), "预算取消", null, Today));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM opportunities WHERE id = @opportunity", new { opportunity }) == 1,
            what: "loss applied");
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, opportunity, Guid.NewGuid(), "expansion", 500_000m, "CNY", Today.AddDays(30), "initiation", null, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<string>("SELECT type FROM opportunities WHERE id = @opportunity", new { opportunity }) == "expansion",
            what: "type corrected");
        Assert.Equal("lost", await service.ScalarAsync<string>("SELECT status FROM opportunities WHERE id = @opportunity", new { opportunity }));
    }

    [Fact]
    public async Task Alerts_stay_inside_the_callers_scope_and_finance_only_reads_them()
    {
        var account = await service.RegisterAccountAsync("西北");
        await DepartAsync(account, "周总", "economic_buyer", "ally");
        var alert = (await service.WaitForAlertsAsync(account, "champion_departed")).Single();
        var id = alert.GetProperty("id").GetGuid();

        using var outsider = service.Client(Roles.CsManager, "东北");
        Assert.DoesNotContain((await service.GetAsync(outsider, "/api/success/alerts?limit=500")).GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/success/alerts/{id}/acknowledge", null)).StatusCode);

        using var finance = service.Client(Roles.Finance);
        Assert.Contains((await service.GetAsync(finance, $"/api/success/alerts?accountId={account}")).GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync($"/api/success/alerts/{id}/acknowledge", null)).StatusCode);

        using var cs = service.Client(Roles.CsManager, "西北");
        Assert.Equal(HttpStatusCode.OK, (await cs.PostAsync($"/api/success/alerts/{id}/acknowledge", null)).StatusCode);

        using var bad = await cs.GetAsync("/api/success/alerts?status=closed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));
    }
}
