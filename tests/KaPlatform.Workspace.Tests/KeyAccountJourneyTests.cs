using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// The journey in a real browser on the real platform: a KAM creates an account, maps its stakeholders,
/// moves an opportunity (through a stage gate, with a reasoned override), the money arrives and shows on the battle
/// map; then another rep signs in and sees none of it — not in lists, not in search, not by URL.
/// </summary>
public sealed partial class KeyAccountJourneyTests(WorkspaceFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_kam_builds_an_account_through_to_a_payment_and_another_rep_sees_none_of_it()
    {
        var api = new PlatformApi(fixture.Gateway);
        var suffix = Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        var accountName = $"浙江测试能源集团 {suffix}";
        var opportunityName = $"智能电网二期 {suffix}";

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");

        // Create the account from My accounts.
        await kam.Page.Locator("#new-account").ClickAsync();
        var dialog = kam.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=name]").FillAsync(accountName);
        await dialog.Locator("[name=region]").SelectOptionAsync("华东");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(kam.Page).ToHaveURLAsync(AccountUrl());
        var accountId = AccountUrl().Match(kam.Page.Url).Groups["id"].Value;

        // Two stakeholders, one reporting to the other: both on the power map, the coach marked.
        await kam.GoAsync($"/accounts/{accountId}?tab=power-map");
        await AddStakeholderAsync(kam, "赵建国", "总经理", reportsTo: null, role: "economic_buyer", stance: "ally", influence: 5);
        await AddStakeholderAsync(kam, "钱晓红", "信息中心主任", reportsTo: "赵建国", role: "coach", stance: "supporter", influence: 3);
        var map = kam.Page.Locator("#power-map");
        await Expect(map.Locator("g.node")).ToHaveCountAsync(2);
        await Expect(map).ToContainTextAsync("赵建国");
        await Expect(map).ToContainTextAsync("钱晓红");
        await kam.ScreenshotAsync("journey-1-power-map");

        // An opportunity for it from the pipeline, then forward through the stages.
        await kam.GoAsync("/pipeline");
        await kam.Page.Locator("#new-opportunity").ClickAsync();
        dialog = kam.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=accountId]").SelectOptionAsync(accountId);
        await dialog.Locator("[name=name]").FillAsync(opportunityName);
        await SelectIfPresentAsync(dialog.Locator("[name=type]"), "new_business");
        await dialog.Locator("[name=amount]").FillAsync("1200000");
        await dialog.Locator("[name=expectedCloseDate]").FillAsync(DateTime.Today.AddDays(60).ToString("yyyy-MM-dd"));
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(kam.Page).ToHaveURLAsync(OpportunityUrl());
        var opportunityId = OpportunityUrl().Match(kam.Page.Url).Groups["id"].Value;
        await Expect(kam.Page.Locator("#opportunity-stage")).ToHaveAttributeAsync("data-stage", "initiation");

        await MoveStageAsync(kam, opportunityId, "solution_design");
        // The gate reads the coach from opportunities-api's own projection, fed by events: it may lag a moment.
        await MoveStageAsync(kam, opportunityId, "deep_engagement");
        await MoveStageAsync(kam, opportunityId, "product_confirmation");

        // Nobody met the economic buyer and competition is unknown: the gate refuses, readably, and an override
        // with a reason gets through.
        await kam.Page.Locator("#stage-select").SelectOptionAsync("commercial_negotiation");
        await kam.Page.Locator("#move-stage").ClickAsync();
        await Expect(kam.Page.Locator("#override-reason")).ToBeVisibleAsync();
        await Expect(kam.Page.Locator("#page")).ToContainTextAsync("竞争情况不明");
        await kam.Page.Locator("#override-reason").FillAsync("客户总经理已口头确认预算，竞争对手信息下周补充");
        await kam.Page.Locator("#move-stage-override").ClickAsync();
        await Expect(kam.Page.Locator("#opportunity-stage")).ToHaveAttributeAsync("data-stage", "commercial_negotiation");
        await kam.ScreenshotAsync("journey-2-opportunity");

        // Won: contracts-api drafts the contract from the event; it is planned and signed, and the first payment
        // comes in from finance.
        var kamToken = await api.TokenAsync(DemoUser.KeyAccountManager.Id, DemoUser.KeyAccountManager.Name, "key_account_manager", "华东");
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/opportunities/{opportunityId}/win", new { });
        var contract = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var items = (await api.GetAsync(kamToken, $"/api/contracts?accountId={accountId}")).GetProperty("items");
            return items.GetArrayLength() > 0 ? items[0] : null;
        }, Patience, "draft contract") ?? throw new InvalidOperationException();
        var contractId = contract.GetProperty("id").GetGuid();
        await api.SendAsync(kamToken, HttpMethod.Put, $"/api/contracts/{contractId}/payment-plan", new
        {
            milestones = new object[]
            {
                new { kind = "down_payment", percent = 30, dueRule = new { type = "days_after_signing", value = 15 } },
                new { kind = "acceptance", percent = 70, dueRule = new { type = "days_after_acceptance", value = 30 } },
            },
        });
        var today = DateOnly.FromDateTime(DateTime.Today);
        var signed = await api.SendAsync(kamToken, HttpMethod.Post, $"/api/contracts/{contractId}/sign",
            new { signedAt = today, startDate = today, endDate = today.AddYears(1) });
        var number = signed.GetProperty("number").GetString()!;
        var financeToken = await api.TokenAsync(DemoUser.Finance.Id, DemoUser.Finance.Name, "finance");
        await api.SendAsync(financeToken, HttpMethod.Post, "/api/payments", new
        {
            contractId, amount = 360000m, currency = "CNY", receivedAt = today, externalRef = "ICBC-" + suffix,
        }, HttpStatusCode.Created);

        await kam.GoAsync("/collections");
        var row = kam.Page.Locator($"#battle-map [data-contract-id='{contractId}']");
        await Expect(row).ToContainTextAsync(number);
        await Expect(row).ToContainTextAsync("360,000.00");
        await Expect(row.Locator("[data-milestone-id]")).ToHaveCountAsync(2);
        await kam.ScreenshotAsync("journey-3-battle-map");
        kam.AssertNothingOutsideAndNoScriptErrors();

        // Another rep — signed in with a token from "the identity provider" — sees none of it.
        var otherRep = Guid.NewGuid();
        await using var rep = await fixture.OpenAsync();
        await rep.SignInWithTokenAsync(await api.TokenAsync(otherRep, "孙另一位", "sales_rep", "华东"));
        await rep.GoAsync($"/accounts?q={Uri.EscapeDataString(suffix)}");
        await Expect(rep.Page.Locator("#account-list")).Not.ToContainTextAsync(accountName);
        await Expect(rep.Page.Locator("#account-list .account-link")).ToHaveCountAsync(0);

        await rep.GoAsync($"/accounts/{accountId}");
        await Expect(rep.Page.Locator(".error-panel")).ToContainTextAsync("未找到，或您无权查看");
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(accountName);

        await rep.GoAsync($"/opportunities/{opportunityId}");
        await Expect(rep.Page.Locator(".error-panel")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(opportunityName);

        await rep.GoAsync("/pipeline");
        await Expect(rep.Page.Locator("#opportunity-list")).Not.ToContainTextAsync(opportunityName);

        await rep.GoAsync("/collections");
        await Expect(rep.Page.Locator("#battle-map")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator($"#battle-map [data-contract-id='{contractId}']")).ToHaveCountAsync(0);
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(number);
        await rep.ScreenshotAsync("journey-4-other-rep-sees-nothing");
        rep.AssertNothingOutsideAndNoScriptErrors();
    }

    private static async Task AddStakeholderAsync(WorkspacePage workspace, string name, string title, string? reportsTo, string role, string stance, int influence)
    {
        await workspace.Page.Locator("#add-stakeholder").ClickAsync();
        var dialog = workspace.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=name]").FillAsync(name);
        await dialog.Locator("[name=title]").FillAsync(title);
        if (reportsTo is not null)
        {
            await dialog.Locator("[name=reportsToId]").SelectOptionAsync(new SelectOptionValue { Label = reportsTo });
        }

        await dialog.Locator($"input[name=buyingRoles][value={role}]").CheckAsync();
        await dialog.Locator("[name=stance]").SelectOptionAsync(stance);
        await dialog.Locator("[name=influence]").FillAsync(influence.ToString());
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(workspace.Page.Locator("#power-map")).ToContainTextAsync(name);
    }

    /// <summary>Moves forward; a gate that depends on a projection still catching up is retried, not overridden.</summary>
    private static async Task MoveStageAsync(WorkspacePage workspace, string opportunityId, string stage)
    {
        await Eventually.TrueAsync(async () =>
        {
            await workspace.GoAsync($"/opportunities/{opportunityId}");
            await workspace.Page.Locator("#stage-select").SelectOptionAsync(stage);
            await workspace.Page.Locator("#move-stage").ClickAsync();
            var moved = workspace.Page.Locator($"#opportunity-stage[data-stage='{stage}']");
            var refused = workspace.Page.Locator("#override-reason");
            await Expect(moved.Or(refused)).ToBeVisibleAsync();
            return await moved.IsVisibleAsync();
        }, Patience, $"stage {stage}");
    }

    private static async Task SelectIfPresentAsync(ILocator select, string value)
    {
        if (await select.CountAsync() > 0)
        {
            await select.SelectOptionAsync(value);
        }
    }

    [GeneratedRegex("#/accounts/(?<id>[0-9a-f-]{36})")]
    private static partial Regex AccountUrl();

    [GeneratedRegex("#/opportunities/(?<id>[0-9a-f-]{36})")]
    private static partial Regex OpportunityUrl();
}
