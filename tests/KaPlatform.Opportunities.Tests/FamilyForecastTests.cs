using System.Net;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// docs/product.md §9: the forecast by product family with a floor, computed by hand (period 2026-Q4).
///
/// | deal | state                         | family F (5G专网) lines                | family G (云服务) lines                      | amount     |
/// |------|-------------------------------|----------------------------------------|----------------------------------------------|------------|
/// | W    | won 2026-10-20                | 30 × 1,000 × (1 − 10%) = 27,000        | 40 × 250 = 10,000                            | 37,000     |
/// | O    | open, negotiation 70%, 12-10  | 50 × 1,000 × (1 − 20%) = 40,000        | 20 × 199.99 × (1 − 12.5%) = 3,499.825        | 43,499.83  |
/// | N    | open, initiation 5%, 12-15    | no lines                               |                                              | 100,000    |
///
/// Targets of the seller for 2026-Q4: overall 500,000 (floor 300,000); family F 100,000 with floor 60,000.
/// F: closedWon 27,000; pipeline 40,000; weighted 28,000; gap 73,000; floorGap 33,000; coverage 40,000 ÷ 73,000 = 0.5479;
///    win rate 1 won of 1 → 1; requiredPipeline 73,000.
/// G: no target → target 0, floor null; closedWon 10,000; pipeline 3,499.83; weighted 3,499.825 × 0.7 = 2,449.8775 → 2,449.88.
/// Overall: target 500,000 (the family target is not added); closedWon 37,000; pipeline 143,499.83; floor 300,000, floorGap 263,000.
/// </summary>
public sealed class FamilyForecastTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static decimal Number(JsonElement body, string name) => body.GetProperty(name).GetDecimal();

    [Fact]
    public async Task Forecast_by_family_counts_only_that_familys_lines_and_shows_the_floor()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        var account = await service.AccountAsync(region, seller);
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (f, g) = ("5G专网-" + suffix, "云服务-" + suffix);
        async Task<Guid> Product(string family, decimal price) =>
            (await admin.PostAsync("/api/products", new { code = "P-" + Guid.NewGuid().ToString("N")[..10], name = family, family, unit = "套", listPrice = price }))
                .Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();
        var core = await Product(f, 1000m);
        var cloud = await Product(g, 250m);

        var won = (await admin.PostAsync("/api/opportunities", new
        {
            accountId = account, name = "W", expectedCloseDate = "2026-10-31", ownerId = seller,
            lines = new object[] { new { productId = core, quantity = 30, discountPct = 10 }, new { productId = cloud, quantity = 40 } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(37_000m, Number(won, "amount"));
        (await admin.PostAsync($"/api/opportunities/{won.GetProperty("id").GetGuid()}/win", new { closeDate = "2026-10-20" })).Expect(HttpStatusCode.OK);
        var open = (await admin.PostAsync("/api/opportunities", new
        {
            accountId = account, name = "O", expectedCloseDate = "2026-12-10", ownerId = seller,
            lines = new object[] { new { productId = core, quantity = 50, discountPct = 20 }, new { productId = cloud, quantity = 20, unitPrice = 199.99m, discountPct = 12.5m } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(43_499.83m, Number(open, "amount"));
        await admin.MoveAsync(open.GetProperty("id").GetGuid(), "commercial_negotiation", "测试数据");
        await admin.OpenAsync(account, 100_000m, "2026-12-15", seller);

        (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026-Q4", amount = 500_000m, floor = 300_000m })).Expect(HttpStatusCode.Created);
        var target = (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026-Q4", amount = 100_000m, productFamily = f, floor = 60_000m }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal((f, 60_000m), (target.GetProperty("productFamily").GetString(), Number(target, "floor")));

        var byF = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}&productFamily={Uri.EscapeDataString(f)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(f, byF.GetProperty("productFamily").GetString());
        Assert.Equal(100_000m, Number(byF, "target"));
        Assert.Equal(60_000m, Number(byF, "floor"));
        Assert.Equal(27_000m, Number(byF, "closedWon"));
        Assert.Equal(33_000m, Number(byF, "floorGap"));
        Assert.Equal(40_000m, Number(byF, "pipeline"));
        Assert.Equal(28_000m, Number(byF, "weightedPipeline"));
        Assert.Equal(73_000m, Number(byF, "gap"));
        Assert.Equal(0.5479m, Number(byF, "coverage"));
        Assert.Equal(1m, Number(byF, "winRate"));
        Assert.Equal(73_000m, Number(byF, "requiredPipeline"));
        var negotiation = byF.GetProperty("byStage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "commercial_negotiation");
        Assert.Equal((1, 40_000m), (negotiation.GetProperty("count").GetInt32(), Number(negotiation, "amount")));
        Assert.Equal(0, byF.GetProperty("byStage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "initiation").GetProperty("count").GetInt32());

        var byG = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}&productFamily={Uri.EscapeDataString(g)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0m, Number(byG, "target"));
        Assert.Equal(JsonValueKind.Null, byG.GetProperty("floor").ValueKind);
        Assert.Equal(JsonValueKind.Null, byG.GetProperty("floorGap").ValueKind);
        Assert.Equal(10_000m, Number(byG, "closedWon"));
        Assert.Equal(3_499.83m, Number(byG, "pipeline"));
        Assert.Equal(2_449.88m, Number(byG, "weightedPipeline"));

        var overall = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}")).Expect(HttpStatusCode.OK);
        Assert.Equal(500_000m, Number(overall, "target"));
        Assert.Equal(300_000m, Number(overall, "floor"));
        Assert.Equal(37_000m, Number(overall, "closedWon"));
        Assert.Equal(263_000m, Number(overall, "floorGap"));
        Assert.Equal(143_499.83m, Number(overall, "pipeline"));

        var funnel = (await director.GetJsonAsync($"/api/funnel?period={DateTime.UtcNow.Year}&ownerId={seller}&productFamily={Uri.EscapeDataString(f)}"))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(2, funnel.GetProperty("opened").GetInt32()); // W and O carry family F; N has no lines
    }

    [Fact]
    public async Task A_floor_above_the_target_or_an_unknown_family_is_refused_and_nothing_is_stored()
    {
        var owner = Guid.NewGuid();
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var above = (await admin.PostAsync("/api/targets", new { ownerId = owner, period = "2026-Q3", amount = 100m, floor = 100.01m, region = "华东" }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("floor_above_target", above.GetProperty("code").GetString());
        var family = (await admin.PostAsync("/api/targets", new { ownerId = owner, period = "2026-Q3", amount = 100m, productFamily = "没有这个家族", region = "华东" }))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_product_family", family.GetProperty("code").GetString());
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM targets WHERE owner_id = @owner", new { owner }));

        var target = (await admin.PostAsync("/api/targets", new { ownerId = owner, period = "2026-Q3", amount = 100m, floor = 100m, region = "华东" }))
            .Expect(HttpStatusCode.Created);
        var id = target.GetProperty("id").GetGuid();
        var lowered = (await admin.PatchAsync($"/api/targets/{id}", new { amount = 90m, reason = "市场下行" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("floor_above_target", lowered.GetProperty("code").GetString());
        var adjusted = (await admin.PatchAsync($"/api/targets/{id}", new { amount = 90m, floor = 80m, reason = "市场下行" })).Expect(HttpStatusCode.OK);
        Assert.Equal((90m, 80m), (Number(adjusted, "amount"), Number(adjusted, "floor")));
        var last = adjusted.GetProperty("history").EnumerateArray().Last();
        Assert.Equal((100m, 80m), (Number(last, "fromFloor"), Number(last, "toFloor")));
    }
}
