using System.Net;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §2.2 gates, each failing then passing, fed by accounts-api events published on the bus.</summary>
public sealed class StageGateTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private async Task<(HttpClient Client, Guid Account, Guid Opportunity)> DealAsync()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        var client = service.Client(kam, Roles.KeyAccountManager);
        return (client, account, await client.OpenAsync(account));
    }

    private static async Task<string[]> RefusedAsync(HttpClient client, Guid id, string stage)
    {
        var body = (await client.PostAsync($"/api/opportunities/{id}/stage", new { stage })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("stage_gate", body.GetProperty("code").GetString());
        return body.GetProperty("failed").Strings();
    }

    private static async Task<bool> ReadyAsync(HttpClient client, Guid id, string rule)
    {
        var body = (await client.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.OK);
        return body.GetProperty("readiness").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == rule).GetProperty("passed").GetBoolean();
    }

    [Fact]
    public async Task Deep_engagement_needs_a_coach_who_supports_us()
    {
        var (client, account, id) = await DealAsync();
        using var _ = client;
        await client.MoveAsync(id, "solution_design");
        Assert.Equal(["no_coach_or_ally"], await RefusedAsync(client, id, "deep_engagement"));

        await service.StakeholderAsync(account, "neutral", "user");
        await service.StakeholderAsync(account, "skeptic", "coach");
        Assert.Equal(["no_coach_or_ally"], await RefusedAsync(client, id, "deep_engagement"));
        Assert.False(await ReadyAsync(client, id, "no_coach_or_ally"));

        await service.StakeholderAsync(account, "supporter", "coach", "technical_gatekeeper");
        Assert.True(await ReadyAsync(client, id, "no_coach_or_ally"));
        var moved = await client.MoveAsync(id, "deep_engagement");
        Assert.Equal(30, moved.GetProperty("probability").GetInt32());
    }

    [Fact]
    public async Task Deep_engagement_passes_with_an_ally_and_fails_again_when_the_ally_departs()
    {
        var (client, account, id) = await DealAsync();
        using var _ = client;
        var ally = await service.StakeholderAsync(account, "ally", "user");
        Assert.True(await ReadyAsync(client, id, "no_coach_or_ally"));

        await service.Bus.Publish(new StakeholderDeparted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, ally, new DateOnly(2026, 11, 1), null,
            ["user"], "ally", 4));
        await service.WaitForAsync("SELECT count(*) FROM stakeholders WHERE id = @ally AND NOT active", new { ally });
        Assert.Equal(["no_coach_or_ally"], await RefusedAsync(client, id, "deep_engagement"));

        // An update that arrives after the departure does not bring the person back onto the map.
        await service.Bus.Publish(new StakeholderUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, ally, "张三", "CIO", ["user"], 5, "ally", 80m));
        await service.WaitForAsync("SELECT count(*) FROM stakeholders WHERE id = @ally AND influence = 5", new { ally });
        Assert.False(await ReadyAsync(client, id, "no_coach_or_ally"));
    }

    [Fact]
    public async Task Commercial_negotiation_needs_an_engaged_economic_buyer_and_known_competition()
    {
        var (client, account, id) = await DealAsync();
        using var _ = client;
        await client.MoveAsync(id, "product_confirmation", "老客户，深度交流已在上一期完成");
        Assert.Equal(["economic_buyer_not_engaged", "competition_unknown"], await RefusedAsync(client, id, "commercial_negotiation"));

        var buyer = await service.StakeholderAsync(account, "neutral", "economic_buyer");
        var user = await service.StakeholderAsync(account, "ally", "user");
        await service.InteractionAsync(account, DateTimeOffset.UtcNow.AddDays(-100), buyer);
        await service.InteractionAsync(account, DateTimeOffset.UtcNow.AddDays(-3), user);
        Assert.Equal(["economic_buyer_not_engaged", "competition_unknown"], await RefusedAsync(client, id, "commercial_negotiation"));

        await service.InteractionAsync(account, DateTimeOffset.UtcNow.AddDays(-10), buyer, user);
        Assert.Equal(["competition_unknown"], await RefusedAsync(client, id, "commercial_negotiation"));

        // No competitor, but that is known: "competitors: [] confirmed by infoPoints.competition.known".
        (await client.PatchAsync($"/api/opportunities/{id}", new { competitors = Array.Empty<object>(), infoPoints = new[] { new { key = "competition", known = true } } }))
            .Expect(System.Net.HttpStatusCode.OK);
        var moved = await client.MoveAsync(id, "commercial_negotiation");
        Assert.Equal(70, moved.GetProperty("probability").GetInt32());
    }

    [Fact]
    public async Task A_decision_maker_counts_as_the_buyer_and_a_competitor_entry_makes_competition_known()
    {
        var (client, account, id) = await DealAsync();
        using var _ = client;
        await client.MoveAsync(id, "product_confirmation", "迁移的存量商机");
        var dm = await service.StakeholderAsync(account, "supporter", "decision_maker");
        await service.InteractionAsync(account, DateTimeOffset.UtcNow.AddDays(-89), dm);
        (await client.PatchAsync($"/api/opportunities/{id}", new { competitors = new[] { new { name = "浪潮", threat = "medium" } } }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("commercial_negotiation", (await client.MoveAsync(id, "commercial_negotiation")).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Signing_needs_the_latest_bid_won_or_no_bid()
    {
        var (client, _, id) = await DealAsync();
        using var __ = client;
        await client.MoveAsync(id, "commercial_negotiation", "framework agreement");
        var bid = (await client.PostAsync($"/api/opportunities/{id}/bids", new { tenderRef = "ZB-2026-001", issuer = "省公司采购中心", submissionDeadline = "2026-12-10T09:30:00Z" }))
            .Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();
        Assert.Equal(["bid_not_won"], await RefusedAsync(client, id, "signing"));

        // A tender the issuer cancelled is no bid: the deal goes on by direct negotiation.
        (await client.PostAsync($"/api/bids/{bid}/outcome", new { outcome = "cancelled", reason = "招标取消" })).Expect(HttpStatusCode.OK);
        Assert.True(await ReadyAsync(client, id, "bid_not_won"));
        Assert.Equal("signing", (await client.MoveAsync(id, "signing")).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Skipping_stages_crosses_every_gate_on_the_way_and_an_override_is_kept_with_its_reason()
    {
        var (client, _, id) = await DealAsync();
        using var __ = client;
        Assert.Equal(["no_coach_or_ally", "economic_buyer_not_engaged", "competition_unknown"], await RefusedAsync(client, id, "commercial_negotiation"));

        var blank = (await client.PostAsync($"/api/opportunities/{id}/stage", new { stage = "commercial_negotiation", @override = new { reason = " " } }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.True(blank.GetProperty("errors").TryGetProperty("override.reason", out _));

        var moved = await client.MoveAsync(id, "commercial_negotiation", "集团战略客户，总部已拍板");
        Assert.Equal("commercial_negotiation", moved.GetProperty("stage").GetString());

        var read = (await client.GetJsonAsync($"/api/opportunities/{id}")).Expect(HttpStatusCode.OK);
        var last = read.GetProperty("stageHistory").EnumerateArray().Last();
        Assert.True(last.GetProperty("overridden").GetBoolean());
        Assert.Equal("集团战略客户，总部已拍板", last.GetProperty("overrideReason").GetString());
        Assert.Equal(3, last.GetProperty("failed").GetArrayLength());
        Assert.Equal("stage_moved_override", last.GetProperty("code").GetString());
        Assert.Equal("commercial_negotiation", last.GetProperty("params").GetProperty("to").GetString());
        Assert.Equal(3, last.GetProperty("params").GetProperty("failed").GetArrayLength());
        Assert.Equal("集团战略客户，总部已拍板", last.GetProperty("params").GetProperty("overrideReason").GetString());
        Assert.Equal("stage_entered", read.GetProperty("stageHistory").EnumerateArray().First().GetProperty("code").GetString());

        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var audit = (await admin.GetJsonAsync($"/api/opportunities/audit?entityId={id}")).Expect(HttpStatusCode.OK);
        var entry = audit.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "stage_overridden");
        Assert.Equal("集团战略客户，总部已拍板", entry.GetProperty("changes").GetProperty("overrideReason").GetString());
        (await client.GetJsonAsync($"/api/opportunities/audit?entityId={id}")).Expect(HttpStatusCode.Forbidden);

        // Going back is never gated.
        Assert.Equal("initiation", (await client.MoveAsync(id, "initiation")).GetProperty("stage").GetString());
    }
}
