using System.Text.Json;
using KaPlatform.DemoData;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// Every main page on the demo data README's first command creates, as the role that works there, with a screenshot
/// of each (artifacts/screenshots). Each check is something the demo must actually show, not just a page that loads.
/// </summary>
public sealed class DemoWorkspaceTests(WorkspaceFixture fixture)
{
    [Fact]
    public async Task Sign_in_offers_one_demo_user_per_role_and_a_token_field()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.GoAsync("/sign-in");
        await Expect(workspace.Page.Locator(".user-card")).ToHaveCountAsync(DemoUser.All.Count);
        foreach (var user in DemoUser.All)
        {
            await Expect(workspace.Page.Locator($".user-card[data-role='{user.Role}']")).ToContainTextAsync(user.Name);
        }

        await Expect(workspace.Page.Locator("#token-input")).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("01-sign-in");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_kam_sees_her_accounts_with_classes_and_health_and_finds_them_in_chinese()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("key_account_manager");
        var list = workspace.Page.Locator("#account-list");
        foreach (var cls in new[] { "A", "B", "C", "D" })
        {
            await Expect(list.Locator($".badge[data-class='{cls}']").First).ToBeVisibleAsync();
        }

        await Expect(list.Locator(".badge[data-band]").First).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("02-my-accounts");

        await workspace.Page.Locator("#account-search").FillAsync("浙江");
        await workspace.Page.Locator("#account-search").PressAsync("Enter");
        await Expect(list.Locator(".account-link").First).ToContainTextAsync("浙江");
        foreach (var name in await list.Locator(".account-link").AllInnerTextsAsync())
        {
            Assert.Contains("浙江", name);
        }

        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task Account_360_shows_the_nine_box_the_power_map_the_visit_log_and_the_plan()
    {
        var account = await AccountIdAsync("中国移动通信集团浙江有限公司");
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("key_account_manager");

        await workspace.GoAsync($"/accounts/{account}?tab=overview");
        await Expect(workspace.Page.Locator("#nine-box [data-current]")).ToHaveCountAsync(1);
        await workspace.ScreenshotAsync("03-account-360-overview");

        await workspace.GoAsync($"/accounts/{account}?tab=power-map");
        var nodes = workspace.Page.Locator("#power-map g.node");
        await Expect(nodes.First).ToBeVisibleAsync();
        Assert.True(await nodes.CountAsync() >= 5, "the main account's decision chain has at least five people");
        await workspace.ScreenshotAsync("04-power-map");

        await workspace.GoAsync($"/accounts/{account}?tab=visits");
        await Expect(workspace.Page.Locator("#visit-log")).Not.ToBeEmptyAsync();
        await Expect(workspace.Page.Locator("#visit-search")).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("05-visit-log");

        await workspace.GoAsync($"/accounts/{account}?tab=plan");
        await Expect(workspace.Page.Locator("#account-plan .progress-row").First).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("06-account-plan");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task The_pipeline_shows_forecast_funnel_and_deals_and_an_opportunity_its_gates_and_bids()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("key_account_manager");
        await workspace.GoAsync("/pipeline");
        await Expect(workspace.Page.Locator("#forecast")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#funnel")).ToBeVisibleAsync();
        var deals = workspace.Page.Locator("#opportunity-list a.opportunity-link");
        await Expect(deals.First).ToBeVisibleAsync();
        Assert.True(await deals.CountAsync() >= 3, "the demo pipeline has several open deals");
        await Expect(workspace.Page.Locator("#bids-due")).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("07-pipeline");

        // The deal behind the tender being prepared: the richest page of the demo (bid, competitors, information points).
        await workspace.Page.Locator("#bids-due tr", new() { HasText = "ZJYD" }).Locator("a.opportunity-link").First.ClickAsync();
        await Expect(workspace.Page.Locator("#opportunity-stage")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#readiness")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#competitors")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#info-points")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#bids")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#bids")).ToContainTextAsync("ZJYD");
        await workspace.ScreenshotAsync("08-opportunity");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task Finance_sees_the_battle_map_with_overdue_milestones_and_the_aging_chart()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("finance");
        await workspace.GoAsync("/collections");
        var contracts = workspace.Page.Locator("#battle-map [data-contract-id]");
        await Expect(contracts.First).ToBeVisibleAsync();
        Assert.True(await contracts.CountAsync() >= 2, "the demo has several contracts to collect on");
        await Expect(workspace.Page.Locator("#battle-map")).ToContainTextAsync("逾期");
        await Expect(workspace.Page.Locator("#aging-chart svg").First).ToBeVisibleAsync();
        await workspace.ScreenshotAsync("09-collections");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_cs_manager_sees_health_alerts_with_playbooks_renewals_and_retention()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("cs_manager");
        await workspace.GoAsync("/success");
        await Expect(workspace.Page.Locator("#health")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#alerts")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#renewals")).ToBeVisibleAsync();
        await Expect(workspace.Page.Locator("#revenue")).ToContainTextAsync("NRR");
        await workspace.ScreenshotAsync("10-customer-success");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_director_sees_her_region_only_and_finance_gets_no_pipeline_menu()
    {
        await using var director = await fixture.OpenAsync();
        await director.SignInAsAsync("sales_director");
        var list = director.Page.Locator("#account-list");
        await Expect(list).ToContainTextAsync("国网浙江省电力有限公司");   // 华东
        await Expect(list).Not.ToContainTextAsync("国家电网有限公司");     // 华北
        await Expect(list).Not.ToContainTextAsync("华为技术有限公司");     // 华南
        await director.GoAsync("/success");
        await Expect(director.Page.Locator("#health")).Not.ToContainTextAsync("华为技术有限公司");
        director.AssertNothingOutsideAndNoScriptErrors();

        await using var finance = await fixture.OpenAsync();
        await finance.SignInAsAsync("finance");
        await Expect(finance.Page.Locator("[data-nav='collections']")).ToBeVisibleAsync();
        await Expect(finance.Page.Locator("[data-nav='pipeline']")).ToHaveCountAsync(0);
        finance.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task The_language_switch_changes_words_and_money_formats()
    {
        await using var workspace = await fixture.OpenAsync();
        await workspace.SignInAsAsync("key_account_manager");
        await Expect(workspace.Page.Locator("[data-nav='accounts']")).ToHaveTextAsync("我的客户");
        await workspace.GoAsync("/pipeline");
        await Expect(workspace.Page.Locator("#forecast")).ToContainTextAsync("¥");
        await Expect(workspace.Page.Locator("#forecast")).Not.ToContainTextAsync("CN¥");

        await workspace.SwitchLocaleAsync("en");
        await Expect(workspace.Page.Locator("[data-nav='accounts']")).ToHaveTextAsync("My accounts");
        await Expect(workspace.Page.Locator("#forecast")).ToContainTextAsync("CN¥");
        await workspace.ScreenshotAsync("11-pipeline-english");

        // The choice is remembered for the next page load.
        await workspace.Page.ReloadAsync();
        await Expect(workspace.Page.Locator("[data-nav='pipeline']")).ToHaveTextAsync("Pipeline");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    private async Task<Guid> AccountIdAsync(string name)
    {
        var api = new PlatformApi(fixture.Gateway);
        var token = await api.TokenAsync(DemoUser.Admin.Id, DemoUser.Admin.Name, "admin");
        var page = await api.GetAsync(token, $"/api/accounts?q={Uri.EscapeDataString(name)}");
        return page.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();
    }
}
