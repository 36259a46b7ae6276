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
    public async Task Adjustments_sent_at_the_same_time_each_start_from_the_one_before_and_one_if_match_wins()
    {
        var region = Deals.Region();
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var target = (await director.PostAsync("/api/targets", new { ownerId = Guid.NewGuid(), period = "2026-Q3", amount = 1_000_000m })).Expect(HttpStatusCode.Created);
        var id = target.GetProperty("id").GetGuid();
        var version = target.GetProperty("version").GetInt32();

        // Amounts and floors from two tabs at once: each must build on the row as the one before left it.
        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => director.PatchAsync($"/api/targets/{id}",
            i % 2 == 0 ? new { amount = (decimal?)(1_000_000m + (i * 10_000m)), reason = $"amount {i}", floor = (decimal?)null }
                       : new { amount = (decimal?)null, reason = $"floor {i}", floor = (decimal?)(100_000m + (i * 1_000m)) })));
        Assert.All(answers, a => a.Expect(HttpStatusCode.OK));
        var adjusted = (await director.GetJsonAsync($"/api/targets/{id}")).Expect(HttpStatusCode.OK);
        var history = adjusted.GetProperty("history").EnumerateArray().Skip(1).ToList();
        Assert.Equal(10, history.Count);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].GetProperty("toAmount").GetDecimal(), history[i].GetProperty("fromAmount").GetDecimal());
            Assert.Equal(history[i - 1].GetProperty("toFloor").ToString(), history[i].GetProperty("fromFloor").ToString());
        }

        Assert.Equal(history[^1].GetProperty("toAmount").GetDecimal(), adjusted.GetProperty("amount").GetDecimal());
        Assert.Equal(history[^1].GetProperty("toFloor").GetDecimal(), adjusted.GetProperty("floor").GetDecimal());
        Assert.Equal(version + 10, adjusted.GetProperty("version").GetInt32());

        // Ten more, all sent with the version they read: one is applied, nine are told the target changed under them.
        var current = $"\"{version + 10}\"";
        var raced = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            director.PatchAsync($"/api/targets/{id}", new { amount = 2_000_000m + i, reason = $"race {i}" }, current)));
        Assert.Equal(1, raced.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(9, raced.Count(a => a.Status == HttpStatusCode.PreconditionFailed));
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
