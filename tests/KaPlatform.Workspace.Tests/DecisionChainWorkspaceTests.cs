using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// docs/product.md §8 in the browser: influence links drawn dashed over the org chart (and hidden by the toggle), a protected
/// contact shown as such to a teammate, and the engagement view with its flags.
/// </summary>
public sealed class DecisionChainWorkspaceTests(WorkspaceFixture fixture)
{
    [Fact]
    public async Task Influence_links_are_drawn_on_the_org_chart_and_the_engagement_view_flags_neglected_decision_makers()
    {
        var api = new PlatformApi(fixture.Gateway);
        var suffix = Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        var kamId = Guid.NewGuid();
        var repId = Guid.NewGuid();
        var kam = await api.TokenAsync(kamId, "决策链经理", "key_account_manager", "华东");
        var rep = await api.TokenAsync(repId, "团队销售", "sales_rep", "华东");
        var account = (await api.SendAsync(kam, HttpMethod.Post, "/api/accounts", new
        {
            name = $"浙江决策链测试 {suffix}", region = "华东", team = new[] { new { userId = repId, role = "sales" } },
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        async Task<Guid> AddAsync(object body) =>
            (await api.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/stakeholders", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var boss = await AddAsync(new { name = "周总", title = "总经理", buyingRoles = new[] { "economic_buyer" }, influence = 5, stance = "neutral", behaviorStyle = "driver" });
        var clerk = await AddAsync(new { name = "小吴", title = "专员", reportsToId = boss, influence = 1, stance = "supporter" });
        var insider = await AddAsync(new { name = $"内线{suffix}", title = "主任", reportsToId = boss, buyingRoles = new[] { "coach" }, influence = 3, stance = "ally", confidential = true });
        await api.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/influence-links",
            new { fromId = insider, toId = boss, kind = "trusted_advisor", strength = 3 }, HttpStatusCode.Created);
        await api.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/influence-links",
            new { fromId = clerk, toId = insider, kind = "rival", strength = 1 }, HttpStatusCode.Created);
        // All the effort went to the clerk: the boss (influence 5) is under-engaged, the clerk (influence 1) over-engaged.
        for (var i = 0; i < 3; i++)
        {
            await api.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/interactions",
                new { kind = "call", occurredAt = DateTimeOffset.UtcNow.AddDays(-i - 1), stakeholderIds = new[] { clerk }, summary = $"电话沟通 {i}" }, HttpStatusCode.Created);
        }

        await using var page = await fixture.OpenAsync();
        await page.SignInWithTokenAsync(kam);
        await page.GoAsync($"/accounts/{account}?tab=power-map");
        var map = page.Page.Locator("#power-map");
        await Expect(map.Locator("g.node")).ToHaveCountAsync(3);
        var links = map.Locator(".influence-links path.influence-link");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(map.Locator($".influence-links path[data-kind='trusted_advisor'][data-from='{insider}'][data-to='{boss}']")).ToHaveAttributeAsync("stroke-dasharray", "2 3");
        await Expect(map.Locator(".influence-link-row")).ToHaveCountAsync(2);
        await Expect(map.Locator(".behavior-style[data-style='driver']")).ToBeVisibleAsync();
        await page.ScreenshotAsync("decision-chain-1-influence-links");
        await map.Locator("#show-influence-links").UncheckAsync();
        await Expect(links.First).ToBeHiddenAsync();
        await map.Locator("#show-influence-links").CheckAsync();
        await Expect(links.First).ToBeVisibleAsync();

        await page.GoAsync($"/accounts/{account}?tab=engagement");
        var engagement = page.Page.Locator("#engagement");
        await Expect(engagement.Locator(".engagement-row")).ToHaveCountAsync(3);
        await Expect(engagement.Locator(".engagement-row.flag-under_engaged")).ToContainTextAsync("周总");
        await Expect(engagement.Locator(".engagement-row.flag-over_engaged")).ToContainTextAsync("小吴");
        await Expect(engagement.Locator(".engagement-flag[data-flag='under_engaged']")).ToHaveTextAsync("投入不足");
        await page.ScreenshotAsync("decision-chain-2-engagement");
        page.AssertNothingOutsideAndNoScriptErrors();

        // The teammate sees the insider as a protected contact: figures, no name, on the chart and in the engagement view.
        await using var teammate = await fixture.OpenAsync("en");
        await teammate.SignInWithTokenAsync(rep);
        await teammate.GoAsync($"/accounts/{account}?tab=power-map");
        var theirMap = teammate.Page.Locator("#power-map");
        await Expect(theirMap.Locator("g.node.protected")).ToHaveCountAsync(1);
        await Expect(theirMap.Locator("g.node.protected")).ToContainTextAsync("Protected contact");
        await Expect(theirMap).Not.ToContainTextAsync($"内线{suffix}");
        await Expect(theirMap.Locator(".influence-links path.influence-link")).ToHaveCountAsync(2);
        await teammate.GoAsync($"/accounts/{account}?tab=engagement");
        await Expect(teammate.Page.Locator("#engagement .engagement-row")).ToHaveCountAsync(3);
        await Expect(teammate.Page.Locator("#engagement")).Not.ToContainTextAsync($"内线{suffix}");
        teammate.AssertNothingOutsideAndNoScriptErrors();
    }
}
