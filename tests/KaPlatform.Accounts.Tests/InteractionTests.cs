using System.Net;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class InteractionTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Chinese_substrings_find_what_was_said_last_time_per_account_and_across_visible_accounts_only()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动衢州分公司");
        var other = await RegisterIdAsync(client, "浙江移动舟山分公司");
        var stakeholder = (await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "何总", influence = 4, stance = "supporter" })).GetProperty("id").GetGuid();
        var older = await PostAsync(client, $"/api/accounts/{account}/interactions", new
        {
            kind = "visit", occurredAt = "2026-01-10T02:00:00Z", stakeholderIds = new[] { stakeholder }, ourAttendees = new[] { Guid.NewGuid() },
            summary = $"何总关注5G专网{tag}建设进度，担心预算", topics = new[] { "5G专网", "预算" }, nextSteps = "二月提交报价",
        });
        Assert.Equal(stakeholder, older.GetProperty("stakeholderIds")[0].GetGuid());
        await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "call", occurredAt = "2026-02-01T02:00:00Z", summary = $"确认报价{tag}时间", topics = new[] { "报价" } });
        await PostAsync(client, $"/api/accounts/{other}/interactions", new { kind = "meeting", occurredAt = "2026-02-03T02:00:00Z", summary = $"舟山也要专网{tag}" });

        var hidden = host.NewKam();
        var hiddenAccount = await RegisterIdAsync(hidden.Client, "别人的客户");
        await PostAsync(hidden.Client, $"/api/accounts/{hiddenAccount}/interactions", new { kind = "visit", occurredAt = "2026-02-05T02:00:00Z", summary = $"别人的专网{tag}" });

        var perAccount = await GetAsync(client, $"/api/accounts/{account}/interactions?q={Uri.EscapeDataString("专网" + tag)}");
        Assert.Equal([older.GetProperty("id").GetGuid()], Ids(perAccount));
        var byTopic = await GetAsync(client, $"/api/accounts/{account}/interactions?q={Uri.EscapeDataString("预算")}");
        Assert.Single(Ids(byTopic));
        var byNextStep = await GetAsync(client, $"/api/accounts/{account}/interactions?q={Uri.EscapeDataString("二月提交")}");
        Assert.Single(Ids(byNextStep));
        var newestFirst = await GetAsync(client, $"/api/accounts/{account}/interactions");
        Assert.Equal("call", newestFirst.GetProperty("items")[0].GetProperty("kind").GetString());

        var across = await GetAsync(client, $"/api/interactions?q={Uri.EscapeDataString("专网" + tag)}");
        Assert.Equal(["浙江移动舟山分公司", "浙江移动衢州分公司"], across.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("accountName").GetString()).ToList());
        using var admin = host.ClientFor(Guid.NewGuid(), Roles.Admin);
        Assert.Equal(3, Ids(await GetAsync(admin, $"/api/interactions?q={Uri.EscapeDataString("专网" + tag)}")).Count);

        var page = await GetAsync(client, $"/api/interactions?q={tag}&limit=1");
        var next = await GetAsync(client, $"/api/interactions?q={tag}&limit=1&cursor={page.GetProperty("nextCursor").GetString()}");
        Assert.NotEqual(Ids(page), Ids(next));
        Assert.Equal([older.GetProperty("id").GetGuid()], Ids(await GetAsync(client, $"/api/interactions?q={tag}&stakeholderId={stakeholder}&limit=5")));

        await GetAsync(hidden.Client, $"/api/accounts/{account}/interactions", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_interactions_are_refused()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动湖州分公司");
        var problem = await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "dinner", summary = "" }, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "kind", "occurredAt", "summary" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "visit", occurredAt = "yesterday", summary = "x" }, HttpStatusCode.BadRequest);
        var unknown = await PostAsync(client, $"/api/accounts/{account}/interactions",
            new { kind = "visit", occurredAt = "2026-01-01T00:00:00Z", summary = "x", stakeholderIds = new[] { Guid.NewGuid() } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_stakeholder", unknown.GetProperty("code").GetString());
        await GetAsync(client, "/api/interactions?kind=dinner", HttpStatusCode.BadRequest);

        var logged = await PostAsync(client, $"/api/accounts/{account}/interactions", new { kind = "email", occurredAt = "2026-01-01T00:00:00Z", summary = "邮件跟进" });
        var evt = Assert.Single(await host.PublishedAsync("InteractionLogged", account));
        Assert.Equal(logged.GetProperty("id").GetGuid(), evt.GetProperty("interactionId").GetGuid());
    }
}
