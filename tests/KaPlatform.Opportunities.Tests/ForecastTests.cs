using System.Net;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §2.4 on a data set computed by hand (period 2026-Q4, win-rate window 2026-01-01..2026-12-31).</summary>
public sealed class ForecastTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static async Task<Guid> ClosedAsync(HttpClient client, Guid account, Guid owner, decimal amount, string closeDate, bool won)
    {
        var id = await client.OpenAsync(account, amount, "2026-06-30", owner);
        (await client.PostAsync($"/api/opportunities/{id}/{(won ? "win" : "lose")}", won ? new { closeDate } : new { closeDate, reason = "预算取消" }))
            .Expect(HttpStatusCode.OK);
        return id;
    }

    private static decimal Number(JsonElement body, string name) => body.GetProperty(name).GetDecimal();

    private static (int Count, decimal Amount, decimal Weighted) Row(JsonElement stage) =>
        (stage.GetProperty("count").GetInt32(), Number(stage, "amount"), Number(stage, "weighted"));

    [Fact]
    public async Task Forecast_for_a_seller_and_for_their_director_matches_the_hand_computed_figures()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        var colleague = Guid.NewGuid();
        var account = await service.AccountAsync(region, seller, colleague);
        var elsewhere = await service.AccountAsync(Deals.Region(), Guid.NewGuid());
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);

        (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026-Q4", amount = 1_000_000m })).Expect(HttpStatusCode.Created);
        (await director.PostAsync("/api/targets", new { ownerId = colleague, period = "2026-Q4", amount = 500_000m })).Expect(HttpStatusCode.Created);
        (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2027-Q1", amount = 9_000_000m })).Expect(HttpStatusCode.Created);
        (await admin.PostAsync("/api/targets", new { ownerId = Guid.NewGuid(), period = "2026-Q4", amount = 7_000_000m, region = "别的大区" }))
            .Expect(HttpStatusCode.Created);

        await ClosedAsync(admin, account, seller, 300_000m, "2026-10-15", won: true);  // closedWon, and a win in the window
        await ClosedAsync(admin, account, seller, 100_000m, "2026-03-10", won: true);  // a win in the window only
        await ClosedAsync(admin, account, seller, 80_000m, "2026-05-20", won: false);  // a loss in the window
        await ClosedAsync(admin, account, seller, 90_000m, "2025-06-01", won: false);  // before the window: ignored
        await admin.OpenAsync(account, 200_000m, "2026-12-01", seller);                // initiation 5%: 10,000
        var negotiation = await admin.OpenAsync(account, 400_000m, "2026-11-30", seller);
        await admin.MoveAsync(negotiation, "commercial_negotiation", "测试数据");       // 70%: 280,000
        var engaged = await admin.OpenAsync(account, 100_000m, "2026-10-31", seller);
        await admin.MoveAsync(engaged, "deep_engagement", "测试数据");
        (await admin.PatchAsync($"/api/opportunities/{engaged}", new { probability = 50, probabilityReason = "客户高层已表态" })).Expect(HttpStatusCode.OK); // 50,000
        await admin.OpenAsync(account, 500_000m, "2027-01-15", seller);                // next quarter: outside
        await admin.OpenAsync(account, 1_000_000m, "2026-12-15", colleague);           // colleague's: director only (5%: 50,000)
        await admin.OpenAsync(elsewhere, 9_999_999m, "2026-12-01");                    // another region: never

        var mine = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_000_000m, Number(mine, "target"));
        Assert.Equal(300_000m, Number(mine, "closedWon"));
        Assert.Equal(700_000m, Number(mine, "pipeline"));
        Assert.Equal(340_000m, Number(mine, "weightedPipeline"));
        Assert.Equal(700_000m, Number(mine, "gap"));
        Assert.Equal(1m, Number(mine, "coverage"));
        Assert.Equal(0.6667m, Number(mine, "winRate"));
        Assert.Equal(1_050_000m, Number(mine, "requiredPipeline"));
        var byStage = mine.GetProperty("byStage").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(6, byStage.Count);
        Assert.Equal((1, 200_000m, 10_000m), Row(byStage["initiation"]));
        Assert.Equal((1, 100_000m, 50_000m), Row(byStage["deep_engagement"]));
        Assert.Equal((1, 400_000m, 280_000m), Row(byStage["commercial_negotiation"]));
        Assert.Equal((0, 0m, 0m), Row(byStage["signing"]));

        // The director's whole region: both sellers, nothing from the other region.
        var region2026 = (await director.GetJsonAsync("/api/forecast?period=2026-Q4")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_500_000m, Number(region2026, "target"));
        Assert.Equal(300_000m, Number(region2026, "closedWon"));
        Assert.Equal(1_700_000m, Number(region2026, "pipeline"));
        Assert.Equal(390_000m, Number(region2026, "weightedPipeline"));
        Assert.Equal(1_200_000m, Number(region2026, "gap"));
        Assert.Equal(1.4167m, Number(region2026, "coverage"));
        Assert.Equal(1_800_000m, Number(region2026, "requiredPipeline"));

        // The seller sees their own number by default.
        using var sellerClient = service.Client(seller, Roles.KeyAccountManager);
        var own = (await sellerClient.GetJsonAsync("/api/forecast?period=2026-Q4")).Expect(HttpStatusCode.OK);
        Assert.Equal(700_000m, Number(own, "pipeline"));
        Assert.Equal(1_000_000m, Number(own, "target"));
    }

    [Fact]
    public async Task Coverage_is_null_when_the_target_is_met_and_win_rate_defaults_to_30_percent_without_history()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        var account = await service.AccountAsync(region, seller);
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026", amount = 600_000m })).Expect(HttpStatusCode.Created);
        await director.OpenAsync(account, 250_000m, "2026-12-20", seller);

        var fresh = (await director.GetJsonAsync($"/api/forecast?period=2026&ownerId={seller}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0.3m, Number(fresh, "winRate"));
        Assert.Equal(600_000m, Number(fresh, "gap"));
        Assert.Equal(2_000_000m, Number(fresh, "requiredPipeline"));
        Assert.Equal(0.4167m, Number(fresh, "coverage"));

        await ClosedAsync(director, account, seller, 700_000m, "2026-02-01", won: true);
        var met = (await director.GetJsonAsync($"/api/forecast?period=2026&ownerId={seller}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0m, Number(met, "gap"));
        Assert.Equal(JsonValueKind.Null, met.GetProperty("coverage").ValueKind);
        Assert.Equal(1m, Number(met, "winRate"));
        Assert.Equal(0m, Number(met, "requiredPipeline"));
    }

    [Fact]
    public async Task An_account_moved_to_another_region_takes_its_pipeline_to_that_regions_director()
    {
        var (from, to) = (Deals.Region(), Deals.Region());
        var seller = Guid.NewGuid();
        var account = await service.AccountAsync(from, seller);
        using var client = service.Client(seller, Roles.KeyAccountManager);
        await client.OpenAsync(account, 420_000m, "2026-12-20");
        using var oldDirector = service.Client(Guid.NewGuid(), Roles.SalesDirector, from);
        using var newDirector = service.Client(Guid.NewGuid(), Roles.SalesDirector, to);
        Assert.Equal(420_000m, Number((await oldDirector.GetJsonAsync("/api/forecast?period=2026")).Expect(HttpStatusCode.OK), "pipeline"));

        await service.Bus.Publish(new KaPlatform.Accounts.IntegrationEvents.AccountUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, "迁移客户", to,
            seller, null, null, null, null, null));
        await KaPlatform.Testing.Eventually.TrueAsync(async () =>
            Number((await newDirector.GetJsonAsync("/api/forecast?period=2026")).Expect(HttpStatusCode.OK), "pipeline") == 420_000m);
        Assert.Equal(0m, Number((await oldDirector.GetJsonAsync("/api/forecast?period=2026")).Expect(HttpStatusCode.OK), "pipeline"));
    }

    [Fact]
    public async Task A_bad_period_is_a_400()
    {
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        var bad = (await director.GetJsonAsync("/api/forecast?period=Q4-2026")).Expect(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("period", out _));
        (await director.GetJsonAsync("/api/funnel")).Expect(HttpStatusCode.BadRequest);
        (await director.GetJsonAsync("/api/forecast?period=2026-11")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Funnel_counts_how_many_reached_each_stage_from_the_stage_history()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        var account = await service.AccountAsync(region, seller);
        using var client = service.Client(seller, Roles.KeyAccountManager);
        await client.OpenAsync(account);                                              // initiation only
        var designed = await client.OpenAsync(account);
        await client.MoveAsync(designed, "solution_design");                          // to solution_design
        var negotiated = await client.OpenAsync(account);
        await client.MoveAsync(negotiated, "commercial_negotiation", "跳级");          // passes design, engagement, confirmation
        var won = await client.OpenAsync(account);
        await client.MoveAsync(won, "signing", "框架协议");
        (await client.PostAsync($"/api/opportunities/{won}/win")).Expect(HttpStatusCode.OK);
        var lost = await client.OpenAsync(account);
        (await client.PostAsync($"/api/opportunities/{lost}/lose", new { reason = "需求取消" })).Expect(HttpStatusCode.OK);

        var period = DateTime.UtcNow.ToString("yyyy-MM");
        var funnel = (await client.GetJsonAsync($"/api/funnel?period={period}")).Expect(HttpStatusCode.OK);
        var stages = funnel.GetProperty("stages").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stage").GetString()!, s => (s.GetProperty("reached").GetInt32(), Conversion(s)));
        Assert.Equal(5, funnel.GetProperty("opened").GetInt32());
        Assert.Equal(1, funnel.GetProperty("lost").GetInt32());
        Assert.Equal((5, 0.6m), stages["initiation"]);
        Assert.Equal((3, 0.6667m), stages["solution_design"]);
        Assert.Equal((2, 1m), stages["deep_engagement"]);
        Assert.Equal((2, 1m), stages["product_confirmation"]);
        Assert.Equal((2, 0.5m), stages["commercial_negotiation"]);
        Assert.Equal((1, 1m), stages["signing"]);
        Assert.Equal((1, (decimal?)null), stages["won"]);

        using var stranger = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        var none = (await stranger.GetJsonAsync($"/api/funnel?period={period}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("opened").GetInt32());
    }

    private static decimal? Conversion(JsonElement stage) =>
        stage.GetProperty("conversionToNext").ValueKind == JsonValueKind.Null ? null : stage.GetProperty("conversionToNext").GetDecimal();
}
