using System.Net;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

public sealed class OpportunityTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    [Fact]
    public async Task Probability_follows_the_stage_unless_overridden_with_a_reason()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);

        var noReason = (await client.PatchAsync($"/api/opportunities/{id}", new { probability = 20 })).Expect(HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("probabilityReason", out _));

        var overridden = (await client.PatchAsync($"/api/opportunities/{id}", new { probability = 20, probabilityReason = "客户已口头确认预算" }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(20, overridden.GetProperty("probability").GetInt32());
        Assert.True(overridden.GetProperty("probabilityOverridden").GetBoolean());
        Assert.Equal("客户已口头确认预算", overridden.GetProperty("probabilityReason").GetString());

        var moved = await client.MoveAsync(id, "solution_design");
        Assert.Equal(10, moved.GetProperty("probability").GetInt32());
        Assert.False(moved.GetProperty("probabilityOverridden").GetBoolean());

        var back = await client.MoveAsync(id, "initiation");
        Assert.Equal(5, back.GetProperty("probability").GetInt32());
        Assert.Equal(1, await service.QueryAsync<long>("SELECT count(*) FROM probability_overrides WHERE opportunity_id = @id", new { id }));
    }

    [Fact]
    public async Task Team_competitors_and_info_points_are_kept_and_validated()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);
        var engineer = Guid.NewGuid();

        var bad = (await client.PatchAsync($"/api/opportunities/{id}", new
        {
            team = new[] { new { userId = engineer, role = "pre_sales" } },
            competitors = new[] { new { name = "华为", threat = "extreme" } },
            infoPoints = new[] { new { key = "gossip", known = true } },
        })).Expect(HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        Assert.True(errors.TryGetProperty("team[0].role", out _));
        Assert.True(errors.TryGetProperty("competitors[0].threat", out _));
        Assert.True(errors.TryGetProperty("infoPoints[0].key", out _));

        var updated = (await client.PatchAsync($"/api/opportunities/{id}", new
        {
            team = new[] { new { userId = kam, role = "business" }, new { userId = engineer, role = "technical" } },
            competitors = new[] { new { name = "华为", strengths = "价格", weaknesses = "交付慢", threat = "high", incumbent = true } },
            infoPoints = new[] { new { key = "buying_process", known = true, notes = "三轮评标" } },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("technical", updated.GetProperty("team")[1].GetProperty("role").GetString());
        Assert.True(updated.GetProperty("competitors")[0].GetProperty("incumbent").GetBoolean());
        var points = updated.GetProperty("infoPoints").EnumerateArray().ToList();
        Assert.Equal(9, points.Count);
        Assert.Equal("buying_process", points[1].GetProperty("key").GetString());
        Assert.True(points[1].GetProperty("known").GetBoolean());

        // Info points merge by key: a later patch of another point keeps the first.
        var merged = (await client.PatchAsync($"/api/opportunities/{id}", new { infoPoints = new[] { new { key = "resources", known = true } } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(2, merged.GetProperty("infoPoints").EnumerateArray().Count(p => p.GetProperty("known").GetBoolean()));
    }

    [Fact]
    public async Task A_repeated_post_with_the_same_idempotency_key_opens_one_opportunity()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);

        async Task<Guid> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/opportunities")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { accountId = account, name = "重复提交", amount = 1m, expectedCloseDate = "2026-12-31" }),
            };
            request.Headers.Add("Idempotency-Key", "open-" + account);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content)).GetProperty("id").GetGuid();
        }

        Assert.Equal(await PostAsync(), await PostAsync());
        Assert.Equal(1, await service.QueryAsync<long>("SELECT count(*) FROM opportunities WHERE account_id = @account", new { account }));
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);
        using var first = await client.GetAsync($"/api/opportunities/{id}");
        var etag = first.Headers.ETag!.Tag;

        (await client.PatchAsync($"/api/opportunities/{id}", new { name = "改名一次" }, etag)).Expect(HttpStatusCode.OK);
        (await client.PatchAsync($"/api/opportunities/{id}", new { name = "再改一次" }, etag)).Expect(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Winning_publishes_OpportunityWon_with_what_contracts_and_account_plans_need()
    {
        var won = await service.ListenAsync<OpportunityWon>();
        var opened = await service.ListenAsync<OpportunityOpened>();
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account, amount: 2_500_000m, name: "省公司云资源池");

        var answer = (await client.PostAsync($"/api/opportunities/{id}/win", new { closeDate = "2026-11-20" })).Expect(HttpStatusCode.OK);
        Assert.Equal("won", answer.GetProperty("stage").GetString());
        Assert.Equal(100, answer.GetProperty("probability").GetInt32());

        var evt = await Eventually.GetAsync(() => Task.FromResult(won.FirstOrDefault(e => e.OpportunityId == id)));
        Assert.Equal(account, evt.AccountId);
        Assert.Equal(kam, evt.OwnerId);
        Assert.Equal("new_business", evt.Type);
        Assert.Equal(2_500_000m, evt.Amount);
        Assert.Equal("CNY", evt.Currency);
        Assert.Equal(new DateOnly(2026, 11, 20), evt.CloseDate);
        Assert.Equal("省公司云资源池", evt.Name);
        var open = await Eventually.GetAsync(() => Task.FromResult(opened.FirstOrDefault(e => e.OpportunityId == id)));
        Assert.Equal("initiation", open.Stage);

        var again = (await client.PostAsync($"/api/opportunities/{id}/lose", new { reason = "太晚了" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("opportunity_closed", again.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Losing_needs_a_reason_and_keeps_it_with_the_competitor_and_the_stage_history()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);
        await client.MoveAsync(id, "solution_design");

        (await client.PostAsync($"/api/opportunities/{id}/lose", new { competitor = "中兴" })).Expect(HttpStatusCode.BadRequest);
        var lost = (await client.PostAsync($"/api/opportunities/{id}/lose", new { reason = "价格高于竞品 15%", competitor = "中兴" })).Expect(HttpStatusCode.OK);
        Assert.Equal("lost", lost.GetProperty("stage").GetString());
        Assert.Equal(0, lost.GetProperty("probability").GetInt32());

        var read = (await client.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("价格高于竞品 15%", read.GetProperty("lossReason").GetString());
        Assert.Equal("中兴", read.GetProperty("lossCompetitor").GetString());
        var history = read.GetProperty("stageHistory").EnumerateArray().Select(h => h.GetProperty("toStage").GetString()).ToArray();
        Assert.Equal(["initiation", "solution_design", "lost"], history);
        // The event says what kind of business was lost and how much, so a consumer that sees it first needs nothing else.
        await service.WaitForAsync(
            """
            SELECT count(*) FROM outbox WHERE message_type LIKE '%OpportunityLost%' AND body ->> 'opportunityId' = @id
                AND body ->> 'type' = 'new_business' AND (body ->> 'amount')::numeric = 100000 AND body ->> 'currency' = 'CNY'
            """, new { id = id.ToString() });
    }

    [Fact]
    public async Task Row_level_access_follows_the_account_team()
    {
        var kam = Guid.NewGuid();
        var teammate = Guid.NewGuid();
        var region = Deals.Region();
        var account = await service.AccountAsync(region, kam, teammate);
        using var owner = service.Client(kam, Roles.KeyAccountManager);
        var id = await owner.OpenAsync(account);

        using var onTeam = service.Client(teammate, Roles.SalesRep);
        (await onTeam.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.OK);

        using var stranger = service.Client(Guid.NewGuid(), Roles.KeyAccountManager, region);
        (await stranger.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.NotFound);
        (await stranger.PostAsync($"/api/opportunities/{id}/stage", new { stage = "solution_design" })).Expect(HttpStatusCode.NotFound);
        // An account the caller may not see is not found, as everywhere else (docs/api-contract.md).
        (await stranger.PostAsync("/api/opportunities", new { accountId = account, name = "x", amount = 1m, expectedCloseDate = "2026-12-01" }))
            .Expect(HttpStatusCode.NotFound);
        var list = (await stranger.GetJsonAsync($"/api/opportunities?accountId={account}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());

        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var directorList = (await director.GetJsonAsync($"/api/opportunities?accountId={account}")).Expect(HttpStatusCode.OK);
        Assert.Equal(id, directorList.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(4, directorList.GetProperty("items")[0].GetProperty("readiness").GetArrayLength());

        using var elsewhere = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        (await elsewhere.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.NotFound);

        using var finance = service.Client(Guid.NewGuid(), Roles.Finance);
        (await finance.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.OK);
        (await finance.PatchAsync($"/api/opportunities/{id}", new { name = "财务改名" })).Expect(HttpStatusCode.Forbidden);

        // The team changes in accounts-api; the directory follows and so does access.
        await service.Bus.Publish(new KaPlatform.Accounts.IntegrationEvents.AccountTeamChanged(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, kam, [new KaPlatform.Accounts.IntegrationEvents.TeamMember(kam, "owner")], [kam]));
        await Eventually.TrueAsync(async () => (await onTeam.GetAsync($"/api/opportunities/{id}")).StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_opportunity_input_is_400_per_field_and_unknown_ids_404()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var bad = (await client.PostAsync("/api/opportunities", new { accountId = account, name = "x", type = "upsell", amount = -5m, currency = "rmb" }))
            .Expect(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "type", "amount", "currency", "expectedCloseDate" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        (await client.GetJsonAsync($"/api/opportunities/{Guid.NewGuid()}")).Expect(HttpStatusCode.NotFound);
        (await client.GetJsonAsync("/api/opportunities?stage=closing")).Expect(HttpStatusCode.BadRequest);
        (await client.GetJsonAsync("/api/opportunities?limit=501")).Expect(HttpStatusCode.BadRequest);
        var id = await client.OpenAsync(account);
        (await client.PostAsync($"/api/opportunities/{id}/stage", new { stage = "won" })).Expect(HttpStatusCode.BadRequest);
    }
}
