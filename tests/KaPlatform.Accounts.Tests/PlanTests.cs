using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class PlanTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static object Plan(int fiscalYear, Guid stakeholder) => new
    {
        fiscalYear,
        industryAnalysis = "运营商 5G 投资进入平台期，政企专网增长",
        customerGoals = new[] { new { horizon = "short", text = "年内完成核心网扩容" }, new { horizon = "long", text = "三年内云网融合" } },
        priorities = new[] { "核心网扩容", "专网" },
        drivers = new[] { new { factor = "subscribers", volume = 12_000_000m } },
        relationshipGoals = new[] { new { stakeholderId = stakeholder, targetCloseness = 70m } },
        targets = new { opportunitiesIncubated = 4, opportunitiesCaptured = 2, contractAmount = 10_000_000m, collectionAmount = 8_000_000m },
        actions = new[] { new { title = "高层拜访", ownerId = Guid.NewGuid(), dueDate = "2026-03-31", status = "todo" } },
    };

    [Fact]
    public async Task A_director_approves_the_plan_they_read_and_a_plan_changed_meanwhile_is_refused()
    {
        var (_, kam) = host.NewKam("华中");
        var account = await RegisterIdAsync(kam, "湖北联通", "华中");
        var stakeholder = (await PostAsync(kam, $"/api/accounts/{account}/stakeholders", new { name = "江总", influence = 4, stance = "supporter", relationshipCloseness = 50, solutionAcceptance = 50, priceAcceptance = 50 })).GetProperty("id").GetGuid();
        await PostAsync(kam, $"/api/accounts/{account}/plans", Plan(2027, stakeholder));
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华中");
        using var read = await director.GetAsync($"/api/accounts/{account}/plans/2027");
        var seen = read.Headers.ETag!.Tag;

        // The KAM raises the contract target while the director is looking at the plan.
        using var get = await kam.GetAsync($"/api/accounts/{account}/plans/2027");
        using var raise = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{account}/plans/2027")
        {
            Content = JsonContent.Create(new { targets = new { opportunitiesIncubated = 4, opportunitiesCaptured = 2, contractAmount = 30_000_000m, collectionAmount = 8_000_000m } }),
        };
        raise.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        await ReadAsync(await kam.SendAsync(raise), HttpStatusCode.OK);

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/plans/2027/approve") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", seen);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await director.SendAsync(stale)).StatusCode);
        using var after = await director.GetAsync($"/api/accounts/{account}/plans/2027");
        Assert.Equal("draft", (await ReadAsync(after, HttpStatusCode.OK)).GetProperty("status").GetString());
        await using (var db = host.Database())
        {
            Assert.Equal(0L, await db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM outbox WHERE message_type LIKE 'KaPlatform.Accounts.IntegrationEvents.AccountPlanApproved,%' AND body->>'accountId' = @account",
                new { account = account.ToString() }));
        }


        using var current = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/plans/2027/approve") { Content = JsonContent.Create(new { }) };
        current.Headers.TryAddWithoutValidation("If-Match", after.Headers.ETag!.Tag);
        var approved = await ReadAsync(await director.SendAsync(current), HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(30_000_000m, Assert.Single(await host.PublishedAsync("AccountPlanApproved", account)).GetProperty("contractAmountTarget").GetDecimal());
    }

    [Fact]
    public async Task A_plan_is_drafted_approved_by_a_director_reviewed_and_reopened_by_a_change()
    {
        var (_, client) = host.NewKam("华中");
        var account = await RegisterIdAsync(client, "湖北移动", "华中");
        var stakeholder = (await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "黄总", influence = 5, stance = "supporter", relationshipCloseness = 60, solutionAcceptance = 60, priceAcceptance = 60 })).GetProperty("id").GetGuid();

        var plan = await PostAsync(client, $"/api/accounts/{account}/plans", Plan(2026, stakeholder));
        Assert.Equal("draft", plan.GetProperty("status").GetString());
        Assert.Equal("CNY", plan.GetProperty("currency").GetString());
        Assert.Equal(10_000_000m, plan.GetProperty("targets").GetProperty("contractAmount").GetDecimal());
        var duplicate = await PostAsync(client, $"/api/accounts/{account}/plans", Plan(2026, stakeholder), HttpStatusCode.Conflict);
        Assert.Equal("plan_exists", duplicate.GetProperty("code").GetString());

        await PostAsync(client, $"/api/accounts/{account}/plans/2026/approve", new { }, HttpStatusCode.Forbidden);
        using var otherDirector = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华南");
        await PostAsync(otherDirector, $"/api/accounts/{account}/plans/2026/approve", new { }, HttpStatusCode.NotFound);
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华中");
        var approved = await PostAsync(director, $"/api/accounts/{account}/plans/2026/approve", new { }, HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var evt = Assert.Single(await host.PublishedAsync("AccountPlanApproved", account));
        Assert.Equal(10_000_000m, evt.GetProperty("contractAmountTarget").GetDecimal());
        Assert.Equal(2, evt.GetProperty("opportunitiesCapturedTarget").GetInt32());

        var review = await PostAsync(client, $"/api/accounts/{account}/plans/2026/reviews", new { quarter = 1, notes = "Q1 商机孵化符合预期", adjustments = "Q2 加大专网投入" });
        Assert.Equal(1, review.GetProperty("quarter").GetInt32());
        await PostAsync(client, $"/api/accounts/{account}/plans/2026/reviews", new { quarter = 5, notes = "" }, HttpStatusCode.BadRequest);

        using var get = await client.GetAsync($"/api/accounts/{account}/plans/2026");
        var read = await ReadAsync(get, HttpStatusCode.OK);
        Assert.Single(read.GetProperty("reviews").EnumerateArray());
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{account}/plans/2026")
        {
            Content = JsonContent.Create(new { targets = new { opportunitiesIncubated = 5, opportunitiesCaptured = 2, contractAmount = 12_000_000m, collectionAmount = 8_000_000m } }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        var changed = await ReadAsync(await client.SendAsync(patch), HttpStatusCode.OK);
        Assert.Equal("draft", changed.GetProperty("status").GetString());
        Assert.Equal(12_000_000m, changed.GetProperty("targets").GetProperty("contractAmount").GetDecimal());
        Assert.Equal("运营商 5G 投资进入平台期，政企专网增长", changed.GetProperty("industryAnalysis").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{account}/plans/2026") { Content = JsonContent.Create(new { priorities = new[] { "x" } }) };
        stale.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);

        using var finance = host.ClientFor(Guid.NewGuid(), Roles.Finance);
        await PostAsync(finance, $"/api/accounts/{account}/plans", new { fiscalYear = 2027 });
        await GetAsync(client, $"/api/accounts/{account}/plans/2030", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_plans_are_400_per_field_and_relationship_goals_name_this_accounts_people()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "湖南移动");
        var problem = await PostAsync(client, $"/api/accounts/{account}/plans", new
        {
            customerGoals = new[] { new { horizon = "medium", text = "" } },
            targets = new { contractAmount = -1m },
            actions = new[] { new { title = "", status = "later" } },
        }, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "fiscalYear", "customerGoals[0].horizon", "customerGoals[0].text", "targets.contractAmount", "actions[0].title", "actions[0].status" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var stranger = await PostAsync(client, $"/api/accounts/{account}/plans",
            new { fiscalYear = 2026, relationshipGoals = new[] { new { stakeholderId = Guid.NewGuid(), targetCloseness = 50 } } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_stakeholder", stranger.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Progress_counts_the_other_services_events_once_each_in_the_plans_fiscal_year()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "江西移动");
        var stakeholder = (await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "胡总", influence = 5, stance = "ally", relationshipCloseness = 80, solutionAcceptance = 70, priceAcceptance = 50 })).GetProperty("id").GetGuid();
        await PostAsync(client, $"/api/accounts/{account}/plans", Plan(2026, stakeholder));

        var opportunity = Guid.CreateVersion7();
        var contract = Guid.CreateVersion7();
        var payment = Guid.CreateVersion7();
        var opened = new OpportunityOpened(Guid.CreateVersion7(), new DateTimeOffset(2026, 2, 1, 3, 0, 0, TimeSpan.Zero), account, opportunity, Guid.NewGuid(), "new_business", 6_000_000m, "CNY", new DateOnly(2026, 6, 30), "initiation", null, null);
        // 2025-12-31 20:00 UTC is already 2026 in China.
        var openedAtNewYear = opened with { EventId = Guid.CreateVersion7(), OpportunityId = Guid.CreateVersion7(), OccurredAt = new DateTimeOffset(2025, 12, 31, 20, 0, 0, TimeSpan.Zero) };
        var openedLastYear = opened with { EventId = Guid.CreateVersion7(), OpportunityId = Guid.CreateVersion7(), OccurredAt = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero) };
        var won = new OpportunityWon(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, opportunity, Guid.NewGuid(), "new_business", 6_000_000m, "CNY", new DateOnly(2026, 3, 15), "核心网扩容");
        var signed = new ContractSigned(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, contract, opportunity, "KA-2026-0001", 6_000_000m, "CNY", new DateOnly(2026, 3, 20), new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31));
        var signedUsd = signed with { EventId = Guid.CreateVersion7(), ContractId = Guid.CreateVersion7(), Currency = "USD", Amount = 1_000m };
        var paid = new PaymentReceived(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, contract, "KA-2026-0001", payment, Guid.NewGuid(), 1_800_000m, "CNY", new DateOnly(2026, 4, 10), "ERP-1");
        var paidRest = paid with { EventId = Guid.CreateVersion7(), MilestoneId = Guid.NewGuid(), Amount = 200_000m };

        foreach (var message in new object[] { opened, openedAtNewYear, openedLastYear, won, signed, signedUsd, paid, paidRest })
        {
            await host.Bus.Publish(message);
        }

        // Redelivery of the same message and the same fact under a new event id both count once.
        await host.Bus.Publish(won);
        await host.Bus.Publish(paid with { EventId = Guid.CreateVersion7() });

        var progress = await Eventually.GetAsync(async () =>
        {
            var p = await GetAsync(client, $"/api/accounts/{account}/plans/2026/progress");
            // Each kind of event has its own consumer: wait for every one the assertions read (CI once read the
            // contract amount before ContractSigned was applied).
            var t = p.GetProperty("targets");
            return t.GetProperty("collectionAmount").GetProperty("actual").GetDecimal() == 2_000_000m
                   && t.GetProperty("opportunitiesIncubated").GetProperty("actual").GetDecimal() == 2m
                   && t.GetProperty("opportunitiesCaptured").GetProperty("actual").GetDecimal() == 1m
                   && t.GetProperty("contractAmount").GetProperty("actual").GetDecimal() > 0m ? (JsonElement?)p : null;
        }, what: "actuals from the events");
        var targets = progress!.Value.GetProperty("targets");
        Assert.Equal(2m, targets.GetProperty("opportunitiesIncubated").GetProperty("actual").GetDecimal());
        Assert.Equal(50m, targets.GetProperty("opportunitiesIncubated").GetProperty("attainmentPct").GetDecimal());
        Assert.Equal(1m, targets.GetProperty("opportunitiesCaptured").GetProperty("actual").GetDecimal());
        Assert.Equal(6_000_000m, targets.GetProperty("contractAmount").GetProperty("actual").GetDecimal());
        Assert.Equal(60m, targets.GetProperty("contractAmount").GetProperty("attainmentPct").GetDecimal());
        Assert.Equal(8_000_000m, targets.GetProperty("collectionAmount").GetProperty("target").GetDecimal());

        var goal = Assert.Single(progress.Value.GetProperty("relationshipGoals").EnumerateArray());
        Assert.Equal(71m, goal.GetProperty("currentCloseness").GetDecimal());
        Assert.True(goal.GetProperty("met").GetBoolean());

        var lastYear = await PostAsync(client, $"/api/accounts/{account}/plans", new { fiscalYear = 2025, targets = new { opportunitiesIncubated = 1 } });
        Assert.Equal("draft", lastYear.GetProperty("status").GetString());
        var previous = await Eventually.GetAsync(async () =>
        {
            var p = await GetAsync(client, $"/api/accounts/{account}/plans/2025/progress");
            return p.GetProperty("targets").GetProperty("opportunitiesIncubated").GetProperty("actual").GetDecimal() == 1m ? (JsonElement?)p : null;
        }, what: "2025 actuals");
        Assert.Equal(0m, previous!.Value.GetProperty("targets").GetProperty("contractAmount").GetProperty("actual").GetDecimal());
        using var outsider = host.ClientFor(Guid.NewGuid(), Roles.SalesRep);
        await GetAsync(outsider, $"/api/accounts/{account}/plans/2026/progress", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_quarterly_review_falling_due_is_announced_once_and_not_for_a_reviewed_quarter_or_a_draft()
    {
        var (_, client) = host.NewKam("西北");
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "西北");
        async Task<Guid> PlanAsync(string name, bool approve)
        {
            var account = await RegisterIdAsync(client, name, "西北");
            var stakeholder = (await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "马总", influence = 4, stance = "supporter", relationshipCloseness = 60, solutionAcceptance = 60, priceAcceptance = 60 })).GetProperty("id").GetGuid();
            await PostAsync(client, $"/api/accounts/{account}/plans", Plan(2031, stakeholder));
            if (approve)
            {
                await PostAsync(director, $"/api/accounts/{account}/plans/2031/approve", new { }, HttpStatusCode.OK);
            }

            return account;
        }

        var due = await PlanAsync("陕西能源 规划复盘", approve: true);
        var reviewed = await PlanAsync("甘肃交投 规划复盘", approve: true);
        await PostAsync(client, $"/api/accounts/{reviewed}/plans/2031/reviews", new { quarter = 2, notes = "Q2 已复盘" });
        var draft = await PlanAsync("宁夏电力 规划复盘", approve: false);

        // 2031-06-10: Q2's review is due (its last month has begun); Q1's window closed 30 days after March.
        await PostAsync(client, "/api/accounts/plan-review-scan?asOf=2031-06-10", new { }, HttpStatusCode.Forbidden);
        await PostAsync(host.Admin, "/api/accounts/plan-review-scan?asOf=2031-06-10", new { }, HttpStatusCode.OK);
        await PostAsync(host.Admin, "/api/accounts/plan-review-scan?asOf=2031-06-11", new { }, HttpStatusCode.OK);

        var reminder = Assert.Single(await host.PublishedAsync("AccountPlanReviewDue", due));
        Assert.Equal(2031, reminder.GetProperty("fiscalYear").GetInt32());
        Assert.Equal(2, reminder.GetProperty("quarter").GetInt32());
        Assert.Equal("2031-06-30", reminder.GetProperty("dueDate").GetString());
        await using var db = host.Database();
        foreach (var quiet in new[] { reviewed, draft })
        {
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
                "SELECT count(*) FROM outbox WHERE message_type LIKE 'KaPlatform.Accounts.IntegrationEvents.AccountPlanReviewDue,%' AND body->>'accountId' = @id",
                new { id = quiet.ToString() }));
        }
    }
}
