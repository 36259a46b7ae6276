using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// Issue 14 in a real browser: a won deal's contract taken from draft to fully paid on its own page, Account 360's
/// related lists and timeline, a KAM moving a close date and the forecast following, a director setting and adjusting
/// a target in the open — and another rep seeing none of it.
/// </summary>
public sealed class ClosingTheLoopTests(WorkspaceFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Finance_takes_a_won_deal_from_draft_contract_to_fully_paid_and_another_rep_sees_none_of_it()
    {
        var (api, kamToken, suffix, accountId, accountName) = await KamWithNewAccountAsync("闭环测试客户");
        var opportunityId = await NewOpportunityAsync(kamToken, accountId, $"闭环商机 {suffix}", 1_000_000m, DateOnly.FromDateTime(DateTime.Today).AddDays(20));
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/opportunities/{opportunityId}/win", new { });
        var contractId = await Eventually.GetAsync<string>(async () =>
        {
            var items = (await api.GetAsync(kamToken, $"/api/contracts?accountId={accountId}")).GetProperty("items");
            return items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetString() : null;
        }, Patience, "draft contract");

        // The KAM finds the contract from the won deal.
        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync($"/opportunities/{opportunityId}");
        await kam.Page.Locator("#opportunity-contract").ClickAsync();
        await Expect(kam.Page.Locator("#contract-status")).ToHaveAttributeAsync("data-status", "draft");
        var number = (await kam.Page.Locator("#contract-number").TextContentAsync())!.Trim();

        // Finance shapes the plan: the default 30/40/25/5 is there; a sum that is not 100 % cannot be sent.
        await using var finance = await fixture.OpenAsync();
        await finance.SignInAsAsync("finance");
        await finance.GoAsync($"/contracts/{contractId}");
        var plan = finance.Page.Locator("#plan-editor");
        var percents = plan.Locator("input[name=percent]");
        await Expect(percents).ToHaveCountAsync(4);
        await Expect(percents.Nth(0)).ToHaveValueAsync("30");
        await percents.Nth(0).FillAsync("35");
        await Expect(finance.Page.Locator("#plan-sum")).ToHaveAttributeAsync("data-ok", "false");
        await Expect(finance.Page.Locator("#plan-sum")).ToContainTextAsync("105");
        await Expect(finance.Page.Locator("#save-plan")).ToBeDisabledAsync();
        await percents.Nth(1).FillAsync("35");
        await Expect(finance.Page.Locator("#plan-sum")).ToHaveAttributeAsync("data-ok", "true");
        await plan.Locator("input[name=ruleValue]").Nth(0).FillAsync("10");
        await finance.Page.Locator("#save-plan").ClickAsync();
        await Expect(finance.Page.Locator("#milestones .milestone-down_payment")).ToContainTextAsync("350,000.00");
        await Expect(finance.Page.Locator("#milestones .milestone-delivery")).ToContainTextAsync("350,000.00");
        // Signing is the account team's act, not finance's (docs/product.md §6): finance is told so and offered no button.
        await Expect(finance.Page.Locator("#sign-contract")).ToHaveCountAsync(0);
        await finance.ScreenshotAsync("loop-1-contract-draft");

        // The KAM signs, records the delivery and the acceptance with its document; the SHA-256 is computed in the browser.
        await kam.GoAsync($"/contracts/{contractId}");
        await kam.Page.Locator("#sign-contract").ClickAsync();
        await kam.Page.Locator("dialog.dialog button[type=submit]").ClickAsync();
        await Expect(kam.Page.Locator("#contract-status")).ToHaveAttributeAsync("data-status", "signed");
        await Expect(kam.Page.Locator("#save-plan")).ToHaveCountAsync(0);

        await kam.Page.Locator("#record-delivery").ClickAsync();
        var delivery = kam.Page.Locator("#delivery-dialog");
        await delivery.Locator("[name=reference]").FillAsync($"DN-{suffix}");
        await delivery.Locator("button[type=submit]").ClickAsync();
        await Expect(kam.Page.Locator("#contract-status")).ToHaveAttributeAsync("data-status", "in_execution");

        var certificate = Encoding.UTF8.GetBytes($"验收证书 {suffix}：系统已于今日通过验收。");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(certificate));
        await kam.Page.Locator("#record-acceptance").ClickAsync();
        var acceptance = kam.Page.Locator("#acceptance-dialog");
        await acceptance.Locator("[name=reference]").FillAsync($"AC-{suffix}");
        await acceptance.Locator("[name=note]").FillAsync("客户信息中心签字验收");
        await acceptance.Locator("input[name=file]").SetInputFilesAsync(new FilePayload { Name = "acceptance.txt", MimeType = "text/plain", Buffer = certificate });
        await Expect(acceptance.Locator("input[name=sha256]")).ToHaveValueAsync(sha256);
        await acceptance.Locator("button[type=submit]").ClickAsync();
        var timeline = kam.Page.Locator("#evidence-timeline");
        await Expect(timeline.Locator("li")).ToHaveCountAsync(2);
        await Expect(timeline.Locator("li[data-seq='2']")).ToContainTextAsync(sha256);
        await Expect(timeline.Locator("li[data-seq='1']")).ToContainTextAsync($"DN-{suffix}");
        await Expect(kam.Page.Locator("#record-acceptance")).ToHaveCountAsync(0);

        // Finance: invoice the down payment, then two payments to fully paid.
        await finance.GoAsync($"/contracts/{contractId}");
        await finance.Page.Locator("#milestones .milestone-down_payment [data-action=invoice]").ClickAsync();
        await finance.Page.Locator("dialog.dialog button[type=submit]").ClickAsync();
        await Expect(finance.Page.Locator("#milestones .milestone-down_payment [data-status]")).ToHaveAttributeAsync("data-status", "invoiced");

        await RecordPaymentAsync(finance, "400000", $"ICBC-{suffix}-1");
        await Expect(finance.Page.Locator("[data-kpi=collected]")).ToContainTextAsync("400,000.00");
        await Expect(finance.Page.Locator("[data-kpi=outstanding]")).ToContainTextAsync("600,000.00");

        // Mid-way, the battle map and the aging agree on what is still owed.
        await finance.GoAsync("/collections");
        var block = finance.Page.Locator($"#battle-map [data-contract-id='{contractId}']");
        await Expect(block).ToContainTextAsync(number);
        await Expect(block).ToContainTextAsync("400,000.00");
        await finance.Page.Locator("#aging-chart select[name=accountId]").SelectOptionAsync(accountId);
        await Expect(finance.Page.Locator("#aging-chart .aging-table")).ToContainTextAsync(accountName);
        await Expect(finance.Page.Locator("#aging-chart .aging-table")).ToContainTextAsync("600,000.00");
        await finance.ScreenshotAsync("loop-2-collections-mid-way");

        await finance.GoAsync($"/contracts/{contractId}");
        await RecordPaymentAsync(finance, "600000", $"ICBC-{suffix}-2");
        // Its confirmation is in the language it was recorded in; switching language takes it away with the rest of
        // the old language (the English screenshots used to show it in Chinese).
        await Expect(finance.Page.Locator(".toast", new() { HasText = $"ICBC-{suffix}-2" })).ToHaveCountAsync(1);
        // Alone: the first payment's and the invoice's confirmations, each at the same place, are gone.
        Assert.Equal(1, await finance.Page.Locator(".toast").CountAsync());
        await finance.SwitchLocaleAsync("en");
        // Counted once, not awaited: the toast leaves by itself after 4 s, and waiting would hide that it stayed.
        Assert.Equal(0, await finance.Page.Locator(".toast").CountAsync());
        await finance.SwitchLocaleAsync("zh-CN");
        await Expect(finance.Page.Locator("#contract-status")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(finance.Page.Locator("[data-kpi=outstanding]")).ToContainTextAsync("0.00");
        await Expect(finance.Page.Locator("#milestones [data-status=paid]")).ToHaveCountAsync(4);
        await finance.ScreenshotAsync("loop-3-contract-paid");
        await finance.ScreenshotsAtSizesAsync("loop-3-contract-paid");
        finance.AssertNothingOutsideAndNoScriptErrors();

        // Account 360 shows each related list, and the timeline the contract's steps.
        await Eventually.TrueAsync(async () =>
        {
            await kam.GoAsync($"/accounts/{accountId}?tab=related");
            await Expect(kam.Page.Locator("#account-related .loading")).ToHaveCountAsync(0);
            return await kam.Page.Locator("#related-health .error-panel").CountAsync() == 0;
        }, Patience, "health of the new account");
        await Expect(kam.Page.Locator("#related-opportunities")).ToContainTextAsync($"闭环商机 {suffix}");
        await Expect(kam.Page.Locator("#related-contracts")).ToContainTextAsync(number);
        await Expect(kam.Page.Locator("#account-aging [data-bucket=total]").First).ToContainTextAsync("0.00");
        await Expect(kam.Page.Locator("#related-health .badge")).Not.ToHaveCountAsync(0);
        await Expect(kam.Page.Locator("#related-alerts")).ToBeVisibleAsync();
        await Expect(kam.Page.Locator("#related-renewals")).ToBeVisibleAsync();
        await Expect(kam.Page.Locator("#account-related .error-panel")).ToHaveCountAsync(0);
        await kam.ScreenshotAsync("loop-4-account-related");
        await kam.ScreenshotsAtSizesAsync("loop-4-account-related");
        await kam.GoAsync($"/accounts/{accountId}?tab=activity");
        await Expect(kam.Page.Locator("#account-activity li[data-kind=signed]")).ToContainTextAsync(number);
        await Expect(kam.Page.Locator("#account-activity li[data-kind=stage]").First).ToBeVisibleAsync();
        await kam.ScreenshotAsync("loop-5-account-activity");
        kam.AssertNothingOutsideAndNoScriptErrors();

        // Another rep sees none of it: not the contract, not the account's lists, not on the battle map.
        await using var rep = await fixture.OpenAsync();
        await rep.SignInWithTokenAsync(await api.TokenAsync(Guid.NewGuid(), "赵另一位", "sales_rep", "华东"));
        await rep.GoAsync($"/contracts/{contractId}");
        await Expect(rep.Page.Locator("#contract-not-found")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(number);
        await rep.GoAsync($"/accounts/{accountId}?tab=related");
        await Expect(rep.Page.Locator("#account-not-found")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(accountName);
        await rep.GoAsync("/collections");
        await Expect(rep.Page.Locator("#battle-map")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator($"#battle-map [data-contract-id='{contractId}']")).ToHaveCountAsync(0);
        await Expect(rep.Page.Locator("#contracts-list")).Not.ToContainTextAsync(number);
        rep.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_kam_moves_a_close_date_and_the_forecast_follows()
    {
        var (_, kamToken, suffix, accountId, _) = await KamWithNewAccountAsync("预测测试客户");
        // Months far ahead that no other test or demo deal uses, so the figures are this deal's alone.
        var opportunityId = await NewOpportunityAsync(kamToken, accountId, $"预测商机 {suffix}", 777_000m, new DateOnly(2031, 7, 15));

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync("/pipeline?period=2031-07");
        await Expect(kam.Page.Locator("#forecast [data-kpi=pipeline] .kpi-value")).ToContainTextAsync("¥77.7万");

        await kam.GoAsync($"/opportunities/{opportunityId}");
        await kam.Page.Locator("#edit-opportunity").ClickAsync();
        var dialog = kam.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=expectedCloseDate]").FillAsync("2031-08-20");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(kam.Page.Locator("#opportunity-facts")).ToContainTextAsync("2031年8月20日");
        await kam.ScreenshotAsync("loop-6-opportunity-edited");

        await kam.GoAsync("/pipeline?period=2031-07");
        await Expect(kam.Page.Locator("#forecast [data-kpi=pipeline] .kpi-value")).ToContainTextAsync("¥0.00");
        await Expect(kam.Page.Locator("#forecast [data-kpi=pipeline] .kpi-value")).Not.ToContainTextAsync("77.7万");
        await kam.GoAsync("/pipeline?period=2031-08");
        await Expect(kam.Page.Locator("#forecast [data-kpi=pipeline] .kpi-value")).ToContainTextAsync("¥77.7万");
        await Expect(kam.Page.Locator("#forecast")).ToContainTextAsync("2031");
        kam.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_director_approves_the_account_plan_on_screen_and_not_one_the_kam_changed_meanwhile()
    {
        var (api, kamToken, _, accountId, _) = await KamWithNewAccountAsync("规划审批客户");
        var year = DateTime.Today.Year;
        var plan = $"/api/accounts/{accountId}/plans/{year}";
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/accounts/{accountId}/plans",
            new { fiscalYear = year, targets = new { contractAmount = 10_000_000m, collectionAmount = 8_000_000m } }, HttpStatusCode.Created);

        await using var director = await fixture.OpenAsync();
        await director.SignInAsAsync("sales_director");
        await director.GoAsync($"/accounts/{accountId}?tab=plan");
        await Expect(director.Page.Locator("#plan-status")).ToHaveAttributeAsync("data-status", "draft");

        // While the director reads it, the KAM raises the contract target; the director's click approves nothing.
        await api.SendAsync(kamToken, HttpMethod.Patch, plan, new { targets = new { contractAmount = 30_000_000m, collectionAmount = 8_000_000m } });
        await director.Page.Locator("#approve-plan").ClickAsync();
        await Expect(director.Page.Locator("#account-plan .error-panel")).ToBeVisibleAsync();
        await director.ScreenshotAsync("plan-approval-1-refused-zh-CN-1366");
        await director.Page.SetViewportSizeAsync(390, 844);
        await director.ScreenshotAsync("plan-approval-1-refused-zh-CN-390");
        await director.Page.SetViewportSizeAsync(1400, 900);
        Assert.Equal("draft", (await api.GetAsync(kamToken, plan)).GetProperty("status").GetString());

        // Reloaded, the director sees the new target and approves what is shown.
        await director.GoAsync($"/accounts/{accountId}?tab=plan");
        await director.Page.Locator("#approve-plan").ClickAsync();
        await Expect(director.Page.Locator("#plan-status")).ToHaveAttributeAsync("data-status", "approved");
        var approved = await api.GetAsync(kamToken, plan);
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(30_000_000m, approved.GetProperty("targets").GetProperty("contractAmount").GetDecimal());
        await director.ScreenshotsAtSizesAsync("plan-approval-2-approved");
        director.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task Resolving_an_alert_the_director_acknowledged_meanwhile_is_refused_on_screen_and_keeps_her_note()
    {
        var (api, kamToken, _, accountId, _) = await KamWithNewAccountAsync("预警冲突客户");
        var coach = (await api.SendAsync(kamToken, HttpMethod.Post, $"/api/accounts/{accountId}/stakeholders",
            new { name = "陈处", influence = 4, stance = "ally", buyingRoles = new[] { "coach" } }, HttpStatusCode.Created)).GetProperty("id").GetString();
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/accounts/{accountId}/stakeholders/{coach}/departure",
            new { leftAt = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note = "调任" });
        var alert = $"/api/success/alerts?accountId={accountId}&kind=champion_departed";
        var alertId = await Eventually.GetAsync(async () => (await api.GetAsync(kamToken, alert)).GetProperty("items").EnumerateArray()
            .Select(a => a.GetProperty("id").GetString()).FirstOrDefault(), TimeSpan.FromSeconds(90), "the champion-departed alert");

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync("/success");
        var item = kam.Page.Locator($"#alerts [data-alert-id='{alertId}']");
        await Expect(item).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-open"));

        // While the KAM reads the list, the region's director takes the alert on with a note.
        var director = DemoUser.SalesDirector;
        var directorToken = await api.TokenAsync(director.Id, director.Name, director.Role, director.Region);
        await api.SendAsync(directorToken, HttpMethod.Post, $"/api/success/alerts/{alertId}/acknowledge", new { note = "我来联系继任者" });

        await item.Locator("button.resolve").ClickAsync();
        var dialog = kam.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=note]").FillAsync("已处理");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog.Locator(".form-error")).ToContainTextAsync("该记录已被他人修改");
        await kam.ScreenshotAsync("alert-conflict-1-refused-zh-CN-1366");
        await kam.Page.SetViewportSizeAsync(390, 844);
        await kam.ScreenshotAsync("alert-conflict-1-refused-zh-CN-390");
        await kam.Page.SetViewportSizeAsync(1400, 900);
        var current = (await api.GetAsync(kamToken, alert)).GetProperty("items")[0];
        Assert.Equal(("acknowledged", "我来联系继任者"), (current.GetProperty("status").GetString(), current.GetProperty("note").GetString()));

        // Closing the dialog shows the alert as it is now: acknowledged, with the director's note; resolving that works.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(item).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-acknowledged"));
        await Expect(item).ToContainTextAsync("我来联系继任者");
        await item.Locator("button.resolve").ClickAsync();
        await dialog.Locator("[name=note]").FillAsync("继任者已拜访");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        current = (await api.GetAsync(kamToken, alert)).GetProperty("items")[0];
        Assert.Equal(("resolved", "继任者已拜访"), (current.GetProperty("status").GetString(), current.GetProperty("note").GetString()));
        await kam.ScreenshotsAtSizesAsync("alert-conflict-2-resolved");
        kam.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_kam_edits_the_account_team_on_screen_and_does_not_overwrite_a_team_the_director_changed_meanwhile()
    {
        var (api, kamToken, _, accountId, _) = await KamWithNewAccountAsync("团队编辑客户");
        var account = $"/api/accounts/{accountId}";
        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync($"/accounts/{accountId}");
        await kam.Page.Locator("#edit-account").ClickAsync();
        var dialog = kam.Page.Locator("#edit-account-dialog");
        var rep = dialog.Locator($"[name='member_{DemoUser.SalesRep.Id}']");
        await Expect(rep).ToBeVisibleAsync();

        // While the dialog is open, the region's director puts the CS manager on the team.
        var director = DemoUser.SalesDirector;
        var directorToken = await api.TokenAsync(director.Id, director.Name, director.Role, director.Region);
        await api.SendAsync(directorToken, HttpMethod.Put, $"{account}/team", new { team = new[] { new { userId = DemoUser.CsManager.Id, role = "delivery" } } });

        // On a phone the dialog scrolls: the refusal below its fields must come into view, not wait there unseen.
        await kam.Page.SetViewportSizeAsync(390, 844);
        await rep.SelectOptionAsync("sales");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog.Locator(".form-error")).ToContainTextAsync("该记录已被他人修改");
        await Expect(dialog.Locator(".form-error")).ToBeInViewportAsync();
        await kam.ScreenshotAsync("team-conflict-1-refused-zh-CN-390");
        await kam.Page.SetViewportSizeAsync(1400, 900);
        await kam.ScreenshotAsync("team-conflict-1-refused-zh-CN-1366");
        Assert.Equal(["delivery"], await TeamRolesAsync());

        // After a reload the dialog shows the director's change; the KAM adds the rep to it and both stay.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await kam.GoAsync($"/accounts/{accountId}");
        await kam.Page.Locator("#edit-account").ClickAsync();
        await Expect(dialog.Locator($"[name='member_{DemoUser.CsManager.Id}']")).ToHaveValueAsync("delivery");
        await rep.SelectOptionAsync("sales");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(["delivery", "sales"], await TeamRolesAsync());
        await kam.ScreenshotsAtSizesAsync("team-edit-2-saved");
        kam.AssertNothingOutsideAndNoScriptErrors();

        async Task<string[]> TeamRolesAsync() => [.. (await api.GetAsync(kamToken, account)).GetProperty("team").EnumerateArray()
            .Select(m => m.GetProperty("role").GetString()!).Where(r => r != "owner").Order()];
    }

    [Fact]
    public async Task A_director_sets_and_adjusts_a_target_with_a_reason_and_the_history_shows_it()
    {
        await using var director = await fixture.OpenAsync();
        await director.SignInAsAsync("sales_director");
        await director.GoAsync("/pipeline?period=2031-Q3");
        var row = director.Page.Locator($"#seller-targets .seller-{DemoUser.KeyAccountManager.Id}");
        await Expect(row).ToContainTextAsync("未设定");

        await row.GetByRole(AriaRole.Button, new() { Name = "设定目标" }).ClickAsync();
        var dialog = director.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=amount]").FillAsync("1000000");
        await dialog.Locator("[name=reason]").FillAsync("年度目标分解");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(row).ToContainTextAsync("1,000,000.00");

        // An adjustment without a reason is refused and changes nothing.
        await row.Locator(".adjust-target").ClickAsync();
        await dialog.Locator("[name=amount]").FillAsync("1200000");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog.Locator(".form-error")).Not.ToBeEmptyAsync();
        await dialog.Locator("[name=reason]").FillAsync("新增华东两家战略客户");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("1,200,000.00");
        await row.Locator(".target-history summary").ClickAsync();
        await Expect(row.Locator(".target-history li")).ToHaveCountAsync(2);
        await Expect(row.Locator(".target-history")).ToContainTextAsync("年度目标分解");
        await Expect(row.Locator(".target-history")).ToContainTextAsync("新增华东两家战略客户");
        await director.ScreenshotAsync("loop-7-director-targets");
        await director.ScreenshotsAtSizesAsync("loop-7-director-targets");

        // Drill-down: the seller's own pipeline with the target set.
        await row.Locator("a.drill").ClickAsync();
        await Expect(director.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"ownerId={DemoUser.KeyAccountManager.Id}"));
        await Expect(director.Page.Locator("#forecast [data-kpi=target]")).ToContainTextAsync("¥120万");
        director.AssertNothingOutsideAndNoScriptErrors();

        // The KAM sees the target and why it moved; another rep sees no such target.
        var api = new PlatformApi(fixture.Gateway);
        var kamToken = await api.TokenAsync(DemoUser.KeyAccountManager.Id, DemoUser.KeyAccountManager.Name, "key_account_manager", "华东");
        var mine = (await api.GetAsync(kamToken, "/api/targets?period=2031-Q3")).GetProperty("items");
        Assert.Equal(1, mine.GetArrayLength());
        var repToken = await api.TokenAsync(DemoUser.SalesRep.Id, DemoUser.SalesRep.Name, "sales_rep", "华东");
        Assert.Equal(0, (await api.GetAsync(repToken, "/api/targets?period=2031-Q3")).GetProperty("items").GetArrayLength());
    }

    private static async Task RecordPaymentAsync(WorkspacePage finance, string amount, string reference)
    {
        await finance.Page.Locator("#record-payment").ClickAsync();
        var dialog = finance.Page.Locator("#record-payment-dialog");
        await dialog.Locator("[name=amount]").FillAsync(amount);
        await dialog.Locator("[name=externalRef]").FillAsync(reference);
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>The demo KAM's token and a new account of theirs named "{prefix} {suffix}" (the suffix also names its deals).</summary>
    private async Task<(PlatformApi Api, string KamToken, string Suffix, string AccountId, string AccountName)> KamWithNewAccountAsync(string prefix)
    {
        var api = new PlatformApi(fixture.Gateway);
        var suffix = Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        var kamToken = await api.TokenAsync(DemoUser.KeyAccountManager.Id, DemoUser.KeyAccountManager.Name, "key_account_manager", "华东");
        var (accountId, accountName) = await NewAccountAsync(api, kamToken, $"{prefix} {suffix}");
        return (api, kamToken, suffix, accountId, accountName);
    }

    private static async Task<(string Id, string Name)> NewAccountAsync(PlatformApi api, string token, string name)
    {
        var account = await api.SendAsync(token, HttpMethod.Post, "/api/accounts", new { name, region = "华东", industry = "能源" }, HttpStatusCode.Created);
        return (account.GetProperty("id").GetString()!, name);
    }

    /// <summary>Opens a deal once opportunities-api's directory has heard of the account (it learns it from an event).</summary>
    private async Task<string> NewOpportunityAsync(string token, string accountId, string name, decimal amount, DateOnly close)
    {
        var body = new
        {
            accountId, name, type = "new_business", amount, currency = "CNY",
            expectedCloseDate = close.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return await Eventually.GetAsync<string>(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/opportunities") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await fixture.Gateway.SendAsync(request);
            // Until the account's event arrives the service does not know it: 404, as for an account one may not see.
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        }, Patience, "opportunity on the new account");
    }
}
