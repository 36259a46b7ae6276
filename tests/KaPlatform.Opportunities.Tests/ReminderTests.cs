using System.Globalization;
using System.Net;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// The facts time makes (a bid deadline within a week, a deal getting stuck) and targets set or moved for a seller
/// leave this service as events, each exactly once however often the scan runs (docs/notifications.md).
/// </summary>
public sealed class ReminderTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private Task<long> OutboxCountAsync(string eventName, string field, Guid id) => service.QueryAsync<long>(
        "SELECT count(*) FROM outbox WHERE message_type LIKE @type AND body ->> @field = @id",
        new { type = $"%.{eventName},%", field, id = id.ToString() });

    private async Task ScanTwiceAsync()
    {
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        (await admin.PostAsync("/api/opportunities/reminder-scan")).Expect(HttpStatusCode.OK);
        (await admin.PostAsync("/api/opportunities/reminder-scan")).Expect(HttpStatusCode.OK);
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task<Guid> BidAsync(HttpClient client, Guid opportunity, string tenderRef, DateTimeOffset deadline) =>
        (await client.PostAsync($"/api/opportunities/{opportunity}/bids", new
        {
            tenderRef, issuer = "省公共资源交易中心", submissionDeadline = Iso(deadline), price = 500_000m,
        })).Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_bid_due_within_seven_days_is_announced_once_and_a_later_one_not_yet()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var opportunity = await client.OpenAsync(account, name: "政务云扩容");
        await client.MoveAsync(opportunity, "commercial_negotiation", "公开招标项目");
        var soon = await BidAsync(client, opportunity, "ZB-SOON-1", DateTimeOffset.UtcNow.AddDays(3));
        var later = await BidAsync(client, opportunity, "ZB-LATER-1", DateTimeOffset.UtcNow.AddDays(12));

        await ScanTwiceAsync();
        Assert.Equal(1L, await OutboxCountAsync("BidDeadlineApproaching", "bidId", soon));
        Assert.Equal(0L, await OutboxCountAsync("BidDeadlineApproaching", "bidId", later));
        var body = await service.QueryAsync<string>(
            "SELECT body::text FROM outbox WHERE message_type LIKE '%.BidDeadlineApproaching,%' AND body ->> 'bidId' = @id", new { id = soon.ToString() });
        Assert.Contains("ZB-SOON-1", body);
        Assert.Contains("政务云扩容", body);
        Assert.Contains(account.ToString(), body);

        // Moving the deadline later is a new fact: announced again once it is within the week.
        (await client.PatchAsync($"/api/bids/{soon}", new { submissionDeadline = Iso(DateTimeOffset.UtcNow.AddDays(5)) })).Expect(HttpStatusCode.OK);
        await ScanTwiceAsync();
        Assert.Equal(2L, await OutboxCountAsync("BidDeadlineApproaching", "bidId", soon));
    }

    [Fact]
    public async Task A_deal_that_gets_stuck_is_announced_once_per_stay_in_its_stage()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var slow = await client.OpenAsync(account, name: "停滞的项目");
        var fresh = await client.OpenAsync(account, name: "新开的项目");
        Assert.True(await service.QueryAsync<long>(
            """
            WITH h AS (UPDATE opportunity_stage_history SET at = at - interval '31 days' WHERE opportunity_id = @slow RETURNING 1),
                 o AS (UPDATE opportunities SET created_at = created_at - interval '31 days' WHERE id = @slow RETURNING 1)
            SELECT (SELECT count(*) FROM h) + (SELECT count(*) FROM o)
            """, new { slow }) >= 1);

        await ScanTwiceAsync();
        Assert.Equal(1L, await OutboxCountAsync("OpportunityStuck", "opportunityId", slow));
        Assert.Equal(0L, await OutboxCountAsync("OpportunityStuck", "opportunityId", fresh));
        var body = await service.QueryAsync<string>(
            "SELECT body::text FROM outbox WHERE message_type LIKE '%.OpportunityStuck,%' AND body ->> 'opportunityId' = @id", new { id = slow.ToString() });
        Assert.Contains("over_stage_norm", body);
        Assert.Contains("停滞的项目", body);
    }

    [Fact]
    public async Task Setting_and_moving_a_target_tell_its_seller_and_a_floor_change_alone_does_not()
    {
        var seller = Guid.NewGuid();
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        var id = (await director.PostAsync("/api/targets", new { ownerId = seller, period = "2027", amount = 2_000_000m })).Expect(HttpStatusCode.Created)
            .GetProperty("id").GetGuid();
        Assert.Equal(1L, await OutboxCountAsync("TargetChanged", "targetId", id));
        (await director.PatchAsync($"/api/targets/{id}", new { amount = 2_500_000m, reason = "新增重点客户" })).Expect(HttpStatusCode.OK);
        Assert.Equal(2L, await OutboxCountAsync("TargetChanged", "targetId", id));
        (await director.PatchAsync($"/api/targets/{id}", new { floor = 1_000_000m, reason = "设保底" })).Expect(HttpStatusCode.OK);
        Assert.Equal(2L, await OutboxCountAsync("TargetChanged", "targetId", id));

        var moved = await service.QueryAsync<string>(
            "SELECT body::text FROM outbox WHERE message_type LIKE '%.TargetChanged,%' AND body ->> 'targetId' = @id AND body ->> 'previousAmount' IS NOT NULL",
            new { id = id.ToString() });
        Assert.Contains(seller.ToString(), moved);
        Assert.Contains("新增重点客户", moved);
    }
}
