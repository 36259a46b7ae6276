using System.Net;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

public sealed class TargetTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    [Fact]
    public async Task Adjusting_a_target_needs_a_reason_and_keeps_the_history()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var target = (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026-q4", amount = 1_000_000m })).Expect(HttpStatusCode.Created);
        Assert.Equal("2026-Q4", target.GetProperty("period").GetString());
        Assert.Equal(region, target.GetProperty("region").GetString());
        var id = target.GetProperty("id").GetGuid();

        var duplicate = (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026-Q4", amount = 2m })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("target_exists", duplicate.GetProperty("code").GetString());

        var silent = (await director.PatchAsync($"/api/targets/{id}", new { amount = 1_300_000m })).Expect(HttpStatusCode.BadRequest);
        Assert.True(silent.GetProperty("errors").TryGetProperty("reason", out _));

        var adjusted = (await director.PatchAsync($"/api/targets/{id}", new { amount = 1_300_000m, reason = "新增省分公司并入" })).Expect(HttpStatusCode.OK);
        Assert.Equal(1_300_000m, adjusted.GetProperty("amount").GetDecimal());
        var history = adjusted.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(1_000_000m, history[1].GetProperty("fromAmount").GetDecimal());
        Assert.Equal("新增省分公司并入", history[1].GetProperty("reason").GetString());
        (await director.PatchAsync($"/api/targets/{id}", new { amount = 1_400_000m, reason = "again" }, "\"1\"")).Expect(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Sellers_see_only_their_own_targets_and_cannot_set_them()
    {
        var region = Deals.Region();
        var seller = Guid.NewGuid();
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var mine = (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2026", amount = 5_000_000m })).Expect(HttpStatusCode.Created)
            .GetProperty("id").GetGuid();
        var theirs = (await director.PostAsync("/api/targets", new { ownerId = Guid.NewGuid(), period = "2026", amount = 4_000_000m })).Expect(HttpStatusCode.Created)
            .GetProperty("id").GetGuid();

        using var sellerClient = service.Client(seller, Roles.KeyAccountManager);
        (await sellerClient.GetJsonAsync($"/api/targets/{mine}")).Expect(HttpStatusCode.OK);
        (await sellerClient.GetJsonAsync($"/api/targets/{theirs}")).Expect(HttpStatusCode.NotFound);
        (await sellerClient.PatchAsync($"/api/targets/{mine}", new { amount = 1m, reason = "太高了" })).Expect(HttpStatusCode.Forbidden);
        (await sellerClient.PostAsync("/api/targets", new { ownerId = seller, period = "2027", amount = 1m })).Expect(HttpStatusCode.Forbidden);
        var list = (await sellerClient.GetJsonAsync("/api/targets?period=2026")).Expect(HttpStatusCode.OK);
        Assert.Equal([mine], list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));

        using var otherDirector = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        (await otherDirector.GetJsonAsync($"/api/targets/{mine}")).Expect(HttpStatusCode.NotFound);
    }
}
