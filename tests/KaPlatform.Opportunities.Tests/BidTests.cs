using System.Net;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

public sealed class BidTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private async Task<(HttpClient Client, Guid Opportunity, Guid Bid)> BidAsync(string deadline = "2026-12-10T09:30:00Z")
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);
        await client.MoveAsync(id, "commercial_negotiation", "公开招标项目");
        var bid = (await client.PostAsync($"/api/opportunities/{id}/bids", new
        {
            tenderRef = "ZB-" + Guid.NewGuid().ToString("N")[..6],
            issuer = "市政府采购中心",
            submissionDeadline = deadline,
            bidBond = new { amount = 50_000m, dueDate = "2026-12-01", returned = false },
            price = 980_000m,
            documents = new[] { new { name = "技术方案", ownerId = kam, status = "done" }, new { name = "商务报价", ownerId = kam, status = "todo" } },
            clarifications = new[] { new { question = "是否接受联合体投标？", answer = "不接受" } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("preparing", bid.GetProperty("status").GetString());
        Assert.Equal(50_000m, bid.GetProperty("bidBond").GetProperty("amount").GetDecimal());
        return (client, id, bid.GetProperty("id").GetGuid());
    }

    private static Task<(HttpStatusCode, System.Text.Json.JsonElement)> AllDocumentsDoneAsync(HttpClient client, Guid bid) =>
        client.PatchAsync($"/api/bids/{bid}", new { documents = new[] { new { name = "技术方案", status = "done" }, new { name = "商务报价", status = "done" } } });

    [Fact]
    public async Task Submitting_with_a_todo_document_is_refused_then_a_won_bid_moves_the_opportunity_to_signing()
    {
        var (client, opportunity, bid) = await BidAsync();
        using var _ = client;
        var refused = (await client.PostAsync($"/api/bids/{bid}/submit")).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("documents_incomplete", refused.GetProperty("code").GetString());
        Assert.Equal(["商务报价"], refused.GetProperty("todo").Strings());
        (await client.PostAsync($"/api/bids/{bid}/outcome", new { outcome = "won" })).Expect(HttpStatusCode.UnprocessableEntity);

        (await AllDocumentsDoneAsync(client, bid)).Expect(HttpStatusCode.OK);
        var submitted = (await client.PostAsync($"/api/bids/{bid}/submit")).Expect(HttpStatusCode.OK);
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        await service.WaitForAsync("SELECT count(*) FROM outbox WHERE message_type LIKE '%BidSubmitted%' AND body ->> 'bidId' = @bid", new { bid = bid.ToString() });

        (await client.PostAsync($"/api/bids/{bid}/outcome", new { outcome = "won", reason = "综合评分第一" })).Expect(HttpStatusCode.OK);
        var deal = (await client.GetJsonAsync($"/api/opportunities/{opportunity}")).Expect(HttpStatusCode.OK);
        Assert.Equal("signing", deal.GetProperty("stage").GetString());
        Assert.Equal(75, deal.GetProperty("probability").GetInt32());
        await service.WaitForAsync("SELECT count(*) FROM outbox WHERE message_type LIKE '%BidOutcomeRecorded%' AND body ->> 'bidId' = @bid", new { bid = bid.ToString() });
    }

    [Fact]
    public async Task A_lost_bid_loses_the_opportunity_with_the_bids_reason()
    {
        var (client, opportunity, bid) = await BidAsync();
        using var _ = client;
        (await AllDocumentsDoneAsync(client, bid)).Expect(HttpStatusCode.OK);
        (await client.PostAsync($"/api/bids/{bid}/submit")).Expect(HttpStatusCode.OK);
        (await client.PostAsync($"/api/bids/{bid}/outcome", new { outcome = "lost" })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync($"/api/bids/{bid}/outcome", new { outcome = "lost", reason = "技术分落后" })).Expect(HttpStatusCode.OK);

        var deal = (await client.GetJsonAsync($"/api/opportunities/{opportunity}")).Expect(HttpStatusCode.OK);
        Assert.Equal("lost", deal.GetProperty("stage").GetString());
        Assert.Equal("技术分落后", deal.GetProperty("lossReason").GetString());
    }

    [Fact]
    public async Task A_no_bid_decision_needs_a_reason_and_cancels_the_bid()
    {
        var (client, _, bid) = await BidAsync();
        using var __ = client;
        (await client.PostAsync($"/api/bids/{bid}/decision", new { decision = "no_bid" })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync($"/api/bids/{bid}/decision", new { decision = "maybe", reason = "?" })).Expect(HttpStatusCode.BadRequest);
        var declined = (await client.PostAsync($"/api/bids/{bid}/decision", new { decision = "no_bid", reason = "资质不满足" })).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", declined.GetProperty("status").GetString());
        Assert.Equal("no_bid", declined.GetProperty("decision").GetString());
        (await client.PostAsync($"/api/bids/{bid}/submit")).Expect(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Due_within_days_lists_visible_bids_whose_deadline_is_near_and_clarifications_are_kept()
    {
        var soon = DateTimeOffset.UtcNow.AddDays(3).ToString("O");
        var later = DateTimeOffset.UtcNow.AddDays(40).ToString("O");
        var (client, _, near) = await BidAsync(soon);
        using var _ = client;
        var (otherClient, _, far) = await BidAsync(later);
        using var __ = otherClient;

        var due = (await client.GetJsonAsync("/api/bids?dueWithinDays=7")).Expect(HttpStatusCode.OK);
        var ids = due.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(near, ids);
        Assert.DoesNotContain(far, ids); // not due yet, and not on this KAM's accounts either

        var farDue = (await otherClient.GetJsonAsync("/api/bids?dueWithinDays=45")).Expect(HttpStatusCode.OK);
        Assert.Contains(far, farDue.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
        (await client.GetJsonAsync($"/api/bids/{far}")).Expect(HttpStatusCode.NotFound);
        (await client.GetJsonAsync("/api/bids?dueWithinDays=-1")).Expect(HttpStatusCode.BadRequest);

        var read = (await client.GetJsonAsync($"/api/bids/{near}")).Expect(HttpStatusCode.OK);
        Assert.Equal("不接受", read.GetProperty("clarifications")[0].GetProperty("answer").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, read.GetProperty("clarifications")[0].GetProperty("askedAt").ValueKind);
    }
}
