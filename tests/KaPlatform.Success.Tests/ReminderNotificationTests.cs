using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>
/// The notices time makes (bids due, deals stuck, plan reviews due), targets changed for a seller, and the daily
/// digest: each told once to the people it concerns and nobody else (docs/notifications.md).
/// </summary>
public sealed class ReminderNotificationTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private async Task<(Guid Account, Guid Owner, Guid Rep)> TeamAccountAsync(string name)
    {
        var (account, owner, rep) = (NewId(), Guid.NewGuid(), Guid.NewGuid());
        await service.PublishAsync(new AccountRegistered(NewId(), Now, account, name, "华东", owner, null, [owner, rep]));
        await Eventually.TrueAsync(async () => (await service.Admin.GetAsync($"/api/success/accounts/{account}")).StatusCode == HttpStatusCode.OK, what: "account in directory");
        return (account, owner, rep);
    }

    private async Task<JsonElement[]> OfKindAsync(HttpClient client, string kind) =>
        [.. (await service.GetAsync(client, "/api/success/notifications")).GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind)];

    private Task<long> CountAsync(string kind, Guid user) => service.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE kind = @kind AND user_id = @user", new { kind, user });

    private Task ConsumedAsync(Guid eventId) => Eventually.TrueAsync(
        async () => await service.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = @eventId", new { eventId }) > 0, what: "message consumed");

    /// <summary>Publishes the event twice, plus once more under a new id (an outbox replay), and waits for all three.</summary>
    private async Task PublishThriceAsync<T>(T first, T replay) where T : class, Messaging.Contracts.IIntegrationEvent
    {
        await service.PublishAsync(first);
        await service.PublishAsync(first);
        await service.PublishAsync(replay);
        await ConsumedAsync(first.EventId);
        await ConsumedAsync(replay.EventId);
    }

    [Fact]
    public async Task A_bid_due_within_a_week_tells_the_team_once_and_links_the_opportunity()
    {
        var (account, owner, rep) = await TeamAccountAsync("杭州地铁 投标提醒");
        var (bid, opportunity) = (NewId(), NewId());
        var deadline = new DateTimeOffset(2026, 12, 8, 1, 30, 0, TimeSpan.Zero);
        var due = new BidDeadlineApproaching(NewId(), Now, account, bid, opportunity, "地铁5号线信号系统", "ZB-2026-0815", "杭州市公共资源交易中心", deadline);
        await PublishThriceAsync(due, due with { EventId = NewId() });
        Assert.Equal(1L, await CountAsync("bid_due", owner));
        Assert.Equal(1L, await CountAsync("bid_due", rep));

        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        var notice = Assert.Single(await OfKindAsync(ownerClient, "bid_due"));
        Assert.Equal("opportunity", notice.GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal(opportunity, notice.GetProperty("link").GetProperty("id").GetGuid());
        var p = notice.GetProperty("params");
        Assert.Equal("ZB-2026-0815", p.GetProperty("tenderRef").GetString());
        Assert.Equal("地铁5号线信号系统", p.GetProperty("opportunityName").GetString());
        Assert.Equal("2026-12-08T01:30:00Z", p.GetProperty("deadline").GetString());
        Assert.Equal("杭州地铁 投标提醒", p.GetProperty("accountName").GetString());

        // A deadline moved later is a new fact, announced again when it comes close.
        var moved = due with { EventId = NewId(), SubmissionDeadline = deadline.AddDays(3) };
        await service.PublishAsync(moved);
        await ConsumedAsync(moved.EventId);
        Assert.Equal(2L, await CountAsync("bid_due", owner));

        using var outsider = service.Client(Roles.KeyAccountManager, "华东");
        Assert.Empty(await OfKindAsync(outsider, "bid_due"));
    }

    [Fact]
    public async Task A_stuck_deal_and_a_plan_review_due_tell_the_team_once_each()
    {
        var (account, owner, rep) = await TeamAccountAsync("宁波银行 卡单提醒");
        var opportunity = NewId();
        var entered = Today.AddDays(-40);
        var stuck = new OpportunityStuck(NewId(), Now, account, opportunity, "核心系统升级", owner, "solution_design", entered, 40, 30, 0, ["over_stage_norm"]);
        await PublishThriceAsync(stuck, stuck with { EventId = NewId() });
        Assert.Equal(1L, await CountAsync("deal_stuck", owner));
        Assert.Equal(1L, await CountAsync("deal_stuck", rep));
        using var repClient = service.Client(Roles.SalesRep, "华东", rep);
        var deal = Assert.Single(await OfKindAsync(repClient, "deal_stuck"));
        Assert.Equal(opportunity, deal.GetProperty("link").GetProperty("id").GetGuid());
        Assert.Equal(40, deal.GetProperty("params").GetProperty("daysInStage").GetInt32());
        Assert.Equal(["over_stage_norm"], deal.GetProperty("params").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        var plan = NewId();
        var review = new AccountPlanReviewDue(NewId(), Now, account, plan, 2026, 4, new DateOnly(2026, 12, 31));
        await PublishThriceAsync(review, review with { EventId = NewId() });
        Assert.Equal(1L, await CountAsync("plan_review_due", owner));
        var notice = Assert.Single(await OfKindAsync(repClient, "plan_review_due"));
        Assert.Equal("account", notice.GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal(account, notice.GetProperty("link").GetProperty("id").GetGuid());
        Assert.Equal(4, notice.GetProperty("params").GetProperty("quarter").GetInt32());
        Assert.Equal("2026-12-31", notice.GetProperty("params").GetProperty("dueDate").GetString());

        using var outsider = service.Client(Roles.SalesRep, "华东");
        Assert.Empty(await OfKindAsync(outsider, "deal_stuck"));
        Assert.Empty(await OfKindAsync(outsider, "plan_review_due"));
    }

    [Fact]
    public async Task A_target_changed_by_the_director_tells_only_its_seller_and_a_self_set_target_tells_nobody()
    {
        var (seller, director) = (Guid.NewGuid(), Guid.NewGuid());
        var target = NewId();
        var set = new TargetChanged(NewId(), Now, Guid.Empty, target, seller, "2027", null, 5_000_000m, null, "CNY", "target set", director);
        var raised = new TargetChanged(NewId(), Now, Guid.Empty, target, seller, "2027", null, 6_000_000m, 5_000_000m, "CNY", "区域新增大客户", director);
        await service.PublishAsync(set);
        await service.PublishAsync(set);
        await service.PublishAsync(raised);
        await ConsumedAsync(set.EventId);
        await ConsumedAsync(raised.EventId);
        Assert.Equal(2L, await CountAsync("target_changed", seller));

        using var sellerClient = service.Client(Roles.SalesRep, "华东", seller);
        var notices = await OfKindAsync(sellerClient, "target_changed");
        Assert.Equal(2, notices.Length);
        // The two may be consumed in either order (concurrent consumers): pick the adjustment by its content.
        var newest = Assert.Single(notices, n => n.GetProperty("params").GetProperty("previousAmount").ValueKind == JsonValueKind.Number);
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("accountId").ValueKind);
        Assert.Equal("target", newest.GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal(6_000_000m, newest.GetProperty("params").GetProperty("amount").GetDecimal());
        Assert.Equal(5_000_000m, newest.GetProperty("params").GetProperty("previousAmount").GetDecimal());
        Assert.Equal("区域新增大客户", newest.GetProperty("params").GetProperty("reason").GetString());

        // Only the seller: not the director who changed it, not an admin, not a colleague.
        using var directorClient = service.Client(Roles.SalesDirector, "华东", director);
        using var adminClient = service.Client(Roles.Admin);
        Assert.Empty(await OfKindAsync(directorClient, "target_changed"));
        Assert.Empty(await OfKindAsync(adminClient, "target_changed"));
        using var stolen = await directorClient.PostAsync($"/api/success/notifications/{newest.GetProperty("id").GetGuid()}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);

        // The seller can read it like any other notice.
        using var read = await sellerClient.PostAsync($"/api/success/notifications/{newest.GetProperty("id").GetGuid()}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(Assert.Single(await OfKindAsync(sellerClient, "target_changed"), n => n.GetProperty("id").GetGuid() == newest.GetProperty("id").GetGuid())
            .GetProperty("read").GetBoolean());

        var own = new TargetChanged(NewId(), Now, Guid.Empty, NewId(), director, "2027", null, 1m, null, "CNY", "target set", director);
        await service.PublishAsync(own);
        await ConsumedAsync(own.EventId);
        Assert.Equal(0L, await CountAsync("target_changed", director));
    }

    [Fact]
    public async Task The_daily_digest_counts_unread_notices_once_a_day_for_users_who_asked_for_it()
    {
        var (account, owner, rep) = await TeamAccountAsync("温州电力 每日摘要");
        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        using var repClient = service.Client(Roles.SalesRep, "华东", rep);
        using (var put = await ownerClient.PutAsJsonAsync("/api/success/notifications/settings", new { dailyDigest = true, digestHour = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var overdue = new MilestoneOverdue(NewId(), Now, account, NewId(), "HT-D-1", NewId(), Today.AddDays(-2), 0, 80_000m, "CNY");
        var bid = new BidDeadlineApproaching(NewId(), Now, account, NewId(), NewId(), "配网自动化", "ZB-D-1", "温州供电", Now.AddDays(3));
        await service.PublishAsync(overdue);
        await service.PublishAsync(bid);
        await ConsumedAsync(overdue.EventId);
        await ConsumedAsync(bid.EventId);

        // A later business day than today, so the hosted job (which works on today) cannot have claimed it first.
        var later = DateTimeOffset.UtcNow.AddHours(20);
        var db = service.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await DailyDigest.RunAsync(db, later, CancellationToken.None);
        await DailyDigest.RunAsync(db, later.AddMinutes(15), CancellationToken.None);

        var day = KaPlatform.ServiceDefaults.BusinessCalendar.Current.DateOf(later).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var digest = Assert.Single(await OfKindAsync(ownerClient, "daily_digest"), n => n.GetProperty("params").GetProperty("date").GetString() == day);
        var byKind = digest.GetProperty("params").GetProperty("byKind");
        Assert.Equal(1, byKind.GetProperty("milestone_overdue").GetInt32());
        Assert.Equal(1, byKind.GetProperty("bid_due").GetInt32());
        Assert.Equal(JsonValueKind.Null, digest.GetProperty("accountId").ValueKind);

        // The rep did not ask for a digest.
        Assert.Empty(await OfKindAsync(repClient, "daily_digest"));
    }
}
