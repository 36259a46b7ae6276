using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

public sealed class NotificationTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private async Task<(Guid Account, Guid Owner, Guid Rep)> TeamAccountAsync(string name)
    {
        var (account, owner, rep) = (NewId(), Guid.NewGuid(), Guid.NewGuid());
        await service.PublishAsync(new AccountRegistered(NewId(), Now, account, name, "华东", owner, null, [owner, rep]));
        await Eventually.TrueAsync(async () => (await service.Admin.GetAsync($"/api/success/accounts/{account}")).StatusCode == HttpStatusCode.OK, what: "account in directory");
        return (account, owner, rep);
    }

    private async Task<int> UnreadAsync(HttpClient client) =>
        (await service.GetAsync(client, "/api/success/notifications/unread-count")).GetProperty("unread").GetInt32();

    private async Task<JsonElement[]> InboxAsync(HttpClient client, string query = "") =>
        [.. (await service.GetAsync(client, "/api/success/notifications" + query)).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement[]> OfKindAsync(HttpClient client, string kind, string query = "") =>
        [.. (await InboxAsync(client, query)).Where(n => n.GetProperty("kind").GetString() == kind)];

    private Task<long> CountAsync(Guid account, string kind, Guid? user = null) => service.ScalarAsync<long>(
        "SELECT count(*) FROM notifications WHERE account_id = @account AND kind = @kind AND (@user::uuid IS NULL OR user_id = @user)", new { account, kind, user });

    private Task ConsumedAsync(Guid eventId) => Eventually.TrueAsync(
        async () => await service.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = @eventId", new { eventId }) > 0, what: "message consumed");

    // An overdue payment also moves the health score, which may open a health alert that notifies too; each test
    // therefore counts the kinds it is about.
    [Fact]
    public async Task An_overdue_milestone_delivered_twice_tells_each_team_member_once_and_nobody_outside_the_team()
    {
        var (account, owner, rep) = await TeamAccountAsync("华东电网 通知测试");
        var (contract, milestone) = (NewId(), NewId());
        var overdue = new MilestoneOverdue(NewId(), Now, account, contract, "HT-N-1", milestone, Today.AddDays(-3), 0, 300_000m, "CNY");
        await service.PublishAsync(overdue);
        await service.PublishAsync(overdue);
        // The same crossing re-published under a new message id (an outbox replay after a crash) is still one notice.
        var replay = overdue with { EventId = NewId() };
        await service.PublishAsync(replay);
        await ConsumedAsync(overdue.EventId);
        await ConsumedAsync(replay.EventId);
        await Eventually.TrueAsync(async () => await CountAsync(account, "milestone_overdue") == 2, what: "owner and rep notified");
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", owner));
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", rep));

        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        using var repClient = service.Client(Roles.SalesRep, "华东", rep);
        using var outsider = service.Client(Roles.KeyAccountManager, "华东");
        var notice = Assert.Single(await OfKindAsync(ownerClient, "milestone_overdue"));
        Assert.False(notice.GetProperty("read").GetBoolean());
        Assert.Equal("contract", notice.GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal(contract, notice.GetProperty("link").GetProperty("id").GetGuid());
        Assert.Equal("HT-N-1", notice.GetProperty("params").GetProperty("contractNumber").GetString());
        Assert.Equal("华东电网 通知测试", notice.GetProperty("params").GetProperty("accountName").GetString());
        Assert.Equal(0, notice.GetProperty("params").GetProperty("days").GetInt32());

        // docs/product.md §6: someone outside the team has nothing, and cannot touch the notice of another user.
        Assert.Equal(0, await UnreadAsync(outsider));
        Assert.Empty(await InboxAsync(outsider));
        var id = notice.GetProperty("id").GetGuid();
        using var forbidden = await outsider.PostAsync($"/api/success/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.False(Assert.Single(await OfKindAsync(ownerClient, "milestone_overdue")).GetProperty("read").GetBoolean());

        // Read/unread is per user: the owner reading it leaves the rep's copy unread.
        var before = await UnreadAsync(ownerClient);
        using var read = await ownerClient.PostAsync($"/api/success/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(before - 1, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
        Assert.True(Assert.Single(await OfKindAsync(ownerClient, "milestone_overdue")).GetProperty("read").GetBoolean());
        Assert.Empty(await OfKindAsync(ownerClient, "milestone_overdue", "?unread=true"));
        Assert.False(Assert.Single(await OfKindAsync(repClient, "milestone_overdue")).GetProperty("read").GetBoolean());
        using var again = await ownerClient.PostAsync($"/api/success/notifications/{id}/read", null);
        Assert.Equal(before - 1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());

        // The 30-day crossing is a new fact: a new notice, and the payment_overdue alert it opens notifies too.
        await service.PublishAsync(overdue with { EventId = NewId(), DaysOverdueThreshold = 30 });
        await Eventually.TrueAsync(async () => (await OfKindAsync(ownerClient, "milestone_overdue", "?unread=true")).Length == 1
            && (await OfKindAsync(ownerClient, "alert_raised")).Any(n => n.GetProperty("params").GetProperty("alertKind").GetString() == "payment_overdue"),
            what: "30-day notice and alert notice");
        Assert.Empty(await InboxAsync(outsider));
    }

    [Fact]
    public async Task An_alert_notifies_the_team_escalation_notifies_again_and_mark_all_read_clears_the_count()
    {
        var (account, owner, _) = await TeamAccountAsync("上海银行 告警通知");
        var contract = NewId();
        await service.PublishAsync(new MilestoneOverdue(NewId(), Now, account, contract, "HT-N-2", NewId(), Today.AddDays(-31), 30, 100_000m, "CNY"));
        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        var raised = await Eventually.GetAsync(async () => (await OfKindAsync(ownerClient, "alert_raised"))
            .Cast<JsonElement?>().FirstOrDefault(n => n!.Value.GetProperty("params").GetProperty("alertKind").GetString() == "payment_overdue"), what: "alert notice");
        Assert.Equal("account", raised!.Value.GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal(account, raised.Value.GetProperty("link").GetProperty("id").GetGuid());
        Assert.Equal("medium", raised.Value.GetProperty("params").GetProperty("severity").GetString());
        Assert.Equal("HT-N-2", raised.Value.GetProperty("params").GetProperty("reasonParams").GetProperty("contractNumber").GetString());

        // 60 days: the open alert becomes high and the team hears about it once, however often the notice arrives.
        var sixty = new MilestoneOverdue(NewId(), Now, account, contract, "HT-N-2", NewId(), Today.AddDays(-61), 60, 100_000m, "CNY");
        var sixtyAgain = sixty with { EventId = NewId() };
        await service.PublishAsync(sixty);
        await service.PublishAsync(sixtyAgain);
        await ConsumedAsync(sixty.EventId);
        await ConsumedAsync(sixtyAgain.EventId);
        var escalated = Assert.Single(await OfKindAsync(ownerClient, "alert_escalated"));
        Assert.Equal("high", escalated.GetProperty("params").GetProperty("severity").GetString());
        Assert.Equal("payment_overdue", escalated.GetProperty("params").GetProperty("alertKind").GetString());
        var alert = Assert.Single((await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}&kind=payment_overdue")).GetProperty("items").EnumerateArray());
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal(1L, await CountAsync(account, "alert_escalated", owner));
        Assert.True(await UnreadAsync(ownerClient) >= 3);

        using var all = await ownerClient.PostAsync("/api/success/notifications/read-all", null);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(0, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());
        Assert.Equal(0, await UnreadAsync(ownerClient));
        Assert.All(await InboxAsync(ownerClient), n => Assert.True(n.GetProperty("read").GetBoolean()));
    }

    /// <summary>
    /// Events arrive in any order: an overdue payment (its notice and the alert it opens) consumed before the account's
    /// registration waits for the directory instead of going to nobody (a CI run lost a champion-departed notice so).
    /// </summary>
    [Fact]
    public async Task A_notice_about_an_account_not_yet_in_the_directory_reaches_its_team_when_the_account_arrives()
    {
        var (account, owner, rep) = (NewId(), Guid.NewGuid(), Guid.NewGuid());
        Task<long> WaitingAsync() => service.ScalarAsync<long>("SELECT count(*) FROM notices_awaiting_directory WHERE account_id = @account", new { account });
        Task<long> ToldAsync(string kind) => service.ScalarAsync<long>(
            "SELECT count(*) FROM notifications WHERE account_id = @account AND kind = @kind AND (kind <> 'alert_raised' OR params->>'alertKind' = 'payment_overdue')", new { account, kind });
        Task ConsumedByAsync(Guid eventId, long consumers) => Eventually.TrueAsync(
            async () => await service.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = @eventId", new { eventId }) == consumers, what: "message consumed");

        // The overdue crossing and the payment_overdue alert it opens, both about an account nobody has registered yet.
        var overdue = new MilestoneOverdue(NewId(), Now, account, NewId(), "HT-N-4", NewId(), Today.AddDays(-31), 30, 80_000m, "CNY");
        await service.PublishAsync(overdue);
        await ConsumedByAsync(overdue.EventId, 1);
        Assert.Equal(2L, await WaitingAsync());
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE account_id = @account", new { account }));

        // The directory and success-api's own projection both consume the registration.
        var registered = new AccountRegistered(NewId(), Now, account, "先到的通知 测试客户", "华东", owner, null, [owner, rep]);
        await service.PublishAsync(registered);
        await ConsumedByAsync(registered.EventId, 2);
        Assert.Equal(0L, await WaitingAsync());
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", owner));
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", rep));
        Assert.Equal(2L, await ToldAsync("alert_raised"));

        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        var notice = Assert.Single(await OfKindAsync(ownerClient, "milestone_overdue"));
        Assert.Equal("先到的通知 测试客户", notice.GetProperty("params").GetProperty("accountName").GetString());
        Assert.Equal(account, notice.GetProperty("params").GetProperty("accountId").GetGuid());
        Assert.Equal("HT-N-4", notice.GetProperty("params").GetProperty("contractNumber").GetString());
        Assert.Equal(overdue.ContractId, notice.GetProperty("link").GetProperty("id").GetGuid());
        Assert.False(notice.GetProperty("read").GetBoolean());
        Assert.Contains(await OfKindAsync(ownerClient, "alert_raised"), n => n.GetProperty("params").GetProperty("alertKind").GetString() == "payment_overdue");
        using var outsider = service.Client(Roles.KeyAccountManager, "华东");
        Assert.Empty(await InboxAsync(outsider));

        // The same crossing replayed after delivery, and the registration delivered again, tell nobody twice.
        var replay = overdue with { EventId = NewId() };
        var registeredAgain = registered with { EventId = NewId() };
        await service.PublishAsync(replay);
        await service.PublishAsync(registeredAgain);
        await ConsumedByAsync(replay.EventId, 1);
        await ConsumedByAsync(registeredAgain.EventId, 2);
        Assert.Equal(2L, await ToldAsync("milestone_overdue"));
        Assert.Equal(2L, await ToldAsync("alert_raised"));
        Assert.Equal(0L, await WaitingAsync());
    }

    /// <summary>
    /// A notice parked while its account's row was being inserted by another transaction is seen by neither (migration
    /// 0008): here it is parked straight into the table for an account already in the directory, as that race leaves it.
    /// </summary>
    [Fact]
    public async Task The_sweep_delivers_a_notice_left_waiting_for_an_account_that_is_in_the_directory()
    {
        var (account, owner, rep) = await TeamAccountAsync("竞态补发 测试客户");
        var sourceKey = $"milestone:{NewId()}:overdue:0";
        await service.ScalarAsync<int>(
            """
            INSERT INTO notices_awaiting_directory (account_id, kind, source_key, params, text, link_kind, link_id)
            VALUES (@account, 'milestone_overdue', @sourceKey, jsonb_build_object('accountId', @account, 'contractNumber', 'HT-N-5'), 'Payment overdue', 'account', @account)
            RETURNING 1
            """, new { account, sourceKey });
        var db = service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        // The service's own sweep may have run meanwhile (it does at start and every five minutes): the state is what counts.
        await AwaitingNoticesSweep.RunAsync(db, CancellationToken.None);
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", owner));
        Assert.Equal(1L, await CountAsync(account, "milestone_overdue", rep));
        using var repClient = service.Client(Roles.SalesRep, "华东", rep);
        var notice = Assert.Single(await OfKindAsync(repClient, "milestone_overdue"));
        Assert.Equal("竞态补发 测试客户", notice.GetProperty("params").GetProperty("accountName").GetString());
        Assert.Equal("HT-N-5", notice.GetProperty("params").GetProperty("contractNumber").GetString());
        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM notices_awaiting_directory WHERE account_id = @account", new { account }));

        await AwaitingNoticesSweep.RunAsync(db, CancellationToken.None);
        Assert.Equal(2L, await service.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE account_id = @account AND kind = 'milestone_overdue'", new { account }));
    }

    [Fact]
    public async Task A_member_taken_off_the_team_no_longer_sees_the_accounts_notices()
    {
        var (account, owner, rep) = await TeamAccountAsync("离队测试客户");
        await service.PublishAsync(new MilestoneOverdue(NewId(), Now, account, NewId(), "HT-N-3", NewId(), Today.AddDays(-2), 0, 50_000m, "CNY"));
        using var repClient = service.Client(Roles.SalesRep, "华东", rep);
        await Eventually.TrueAsync(async () => (await OfKindAsync(repClient, "milestone_overdue")).Length == 1, what: "rep notified");

        await service.PublishAsync(new AccountTeamChanged(NewId(), Now.AddSeconds(5), account, owner, [new TeamMember(owner, "owner")], [owner]));
        await Eventually.TrueAsync(async () => await UnreadAsync(repClient) == 0, what: "rep's view follows the team");
        Assert.Empty(await InboxAsync(repClient));
        using var ownerClient = service.Client(Roles.KeyAccountManager, "华东", owner);
        Assert.Single(await OfKindAsync(ownerClient, "milestone_overdue"));
    }

    [Fact]
    public async Task The_daily_digest_setting_is_stored_per_user_and_bad_values_are_a_400()
    {
        var me = Guid.NewGuid();
        using var client = service.Client(Roles.KeyAccountManager, "华东", me);
        var initial = await service.GetAsync(client, "/api/success/notifications/settings");
        Assert.False(initial.GetProperty("dailyDigest").GetBoolean());

        using var put = await client.PutAsJsonAsync("/api/success/notifications/settings", new { dailyDigest = true, digestHour = 7 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await service.GetAsync(client, "/api/success/notifications/settings");
        Assert.True(stored.GetProperty("dailyDigest").GetBoolean());
        Assert.Equal(7, stored.GetProperty("digestHour").GetInt32());

        using var other = service.Client(Roles.KeyAccountManager, "华东");
        Assert.False((await service.GetAsync(other, "/api/success/notifications/settings")).GetProperty("dailyDigest").GetBoolean());

        using var bad = await client.PutAsJsonAsync("/api/success/notifications/settings", new { dailyDigest = false, digestHour = 24 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("digestHour", out _));
        Assert.Equal(7, (await service.GetAsync(client, "/api/success/notifications/settings")).GetProperty("digestHour").GetInt32());
    }
}
