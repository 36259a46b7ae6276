using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// The rest of issue 14 in a real browser: a KAM edits an opportunity's team and competitors and reads the change in its
/// history (finance reads it without the controls, another rep sees no such deal); Account 360's timeline shows a
/// payment recorded in the test; the hierarchy of a demo group shows its subsidiaries with roll-ups that agree with the
/// APIs; the new views fit a 390 px phone.
/// </summary>
public sealed class LoopCompletionTests(WorkspaceFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_kam_edits_team_and_competitors_and_reads_them_in_the_history_and_a_rep_outside_the_team_sees_no_such_deal()
    {
        var api = new PlatformApi(fixture.Gateway);
        var suffix = Random.Shared.Next(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture); // digits: no Latin letters on zh-CN pages
        var kamToken = await KamTokenAsync(api);
        var accountId = await NewAccountAsync(api, kamToken, $"铁三角测试客户 {suffix}");
        var name = $"团队竞争商机 {suffix}";
        var opportunityId = await NewOpportunityAsync(kamToken, accountId, name, 500_000m);
        var competitor = $"华为-{suffix}";

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync($"/opportunities/{opportunityId}");
        await Expect(kam.Page.Locator("#field-history")).ToContainTextAsync("没有字段被修改");

        await kam.Page.Locator("#edit-team").ClickAsync();
        var dialog = kam.Page.Locator("dialog.dialog");
        await dialog.Locator($"input[name=technical][value='{DemoUser.SalesRep.Id}']").CheckAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(kam.Page.Locator("#team li[data-role=technical]")).ToContainTextAsync("王磊");

        await kam.Page.Locator("#add-competitor").ClickAsync();
        await dialog.Locator("[name=name]").FillAsync(competitor);
        await dialog.Locator("[name=threat]").SelectOptionAsync("high");
        await dialog.Locator("[name=strengths]").FillAsync("价格低");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(kam.Page.Locator("#competitors")).ToContainTextAsync(competitor);

        var history = kam.Page.Locator("#field-history");
        await Expect(history.Locator("li")).ToHaveCountAsync(2);
        // Newest first: the competitor, then the team; each says who changed it and from what to what.
        await Expect(history.Locator("li").Nth(0)).ToHaveAttributeAsync("data-field", "competitors");
        await Expect(history.Locator("li[data-field=competitors] .new-value")).ToContainTextAsync(competitor);
        await Expect(history.Locator("li[data-field=competitors] .old-value")).ToContainTextAsync("无");
        await Expect(history.Locator("li[data-field=team] .new-value")).ToContainTextAsync("王磊");
        await Expect(history.Locator("li[data-field=team]")).ToContainTextAsync("张静");
        await kam.ScreenshotsAtSizesAsync("loop14-1-opportunity-history");
        kam.AssertNothingOutsideAndNoScriptErrors();

        // Removing the competitor is history too, and the API agrees with the page.
        var stored = await api.GetAsync(kamToken, $"/api/opportunities/{opportunityId}/history");
        Assert.Equal(["team", "competitors"], stored.EnumerateArray().Select(c => c.GetProperty("field").GetString()!).ToArray());

        // Finance reads the deal and its history but gets no control to change it.
        await using var finance = await fixture.OpenAsync();
        await finance.SignInAsAsync("finance");
        await finance.GoAsync($"/opportunities/{opportunityId}");
        await Expect(finance.Page.Locator("#field-history li")).ToHaveCountAsync(2);
        await Expect(finance.Page.Locator("#edit-team")).ToHaveCountAsync(0);
        await Expect(finance.Page.Locator("#add-competitor")).ToHaveCountAsync(0);
        await Expect(finance.Page.Locator(".remove-competitor")).ToHaveCountAsync(0);
        var financeToken = await api.TokenAsync(DemoUser.Finance.Id, DemoUser.Finance.Name, "finance");
        await api.SendAsync(financeToken, HttpMethod.Patch, $"/api/opportunities/{opportunityId}", new { competitors = Array.Empty<object>() }, HttpStatusCode.Forbidden);
        finance.AssertNothingOutsideAndNoScriptErrors();

        // A rep outside the account team: no such deal on its page, in the pipeline or in the API.
        var repToken = await api.TokenAsync(Guid.NewGuid(), "钱外人", "sales_rep", "华东");
        await using var rep = await fixture.OpenAsync();
        await rep.SignInWithTokenAsync(repToken);
        await rep.GoAsync($"/opportunities/{opportunityId}");
        await Expect(rep.Page.Locator("#opportunity-not-found")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(name);
        await rep.GoAsync("/pipeline");
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync(name);
        await api.SendAsync(repToken, HttpMethod.Get, $"/api/opportunities/{opportunityId}/history", null, HttpStatusCode.NotFound);
        await api.SendAsync(repToken, HttpMethod.Patch, $"/api/opportunities/{opportunityId}", new { team = Array.Empty<object>() }, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await api.GetAsync(repToken, "/api/opportunities?limit=500")).GetProperty("items").EnumerateArray(),
            o => o.GetProperty("id").GetString() == opportunityId);
        rep.AssertNothingOutsideAndNoScriptErrors();
        Assert.Equal(2, (await api.GetAsync(kamToken, $"/api/opportunities/{opportunityId}/history")).GetArrayLength());
    }

    [Fact]
    public async Task Account_360_timeline_shows_a_payment_recorded_in_the_test_and_links_to_its_contract()
    {
        var api = new PlatformApi(fixture.Gateway);
        var suffix = Random.Shared.Next(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture); // digits: no Latin letters on zh-CN pages
        var kamToken = await KamTokenAsync(api);
        var accountId = await NewAccountAsync(api, kamToken, $"回款动态客户 {suffix}");
        var opportunityId = await NewOpportunityAsync(kamToken, accountId, $"回款动态商机 {suffix}", 800_000m);
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/opportunities/{opportunityId}/win", new { });
        var contractId = await Eventually.GetAsync<string>(async () =>
        {
            var items = (await api.GetAsync(kamToken, $"/api/contracts?accountId={accountId}")).GetProperty("items");
            return items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetString() : null;
        }, Patience, "draft contract");
        var today = DateOnly.FromDateTime(DateTime.Today);
        await api.SendAsync(kamToken, HttpMethod.Post, $"/api/contracts/{contractId}/sign",
            new { signedAt = Iso(today), startDate = Iso(today), endDate = Iso(today.AddYears(1)) });
        var financeToken = await api.TokenAsync(DemoUser.Finance.Id, DemoUser.Finance.Name, "finance");
        var reference = $"BANK-{suffix}";
        await api.SendAsync(financeToken, HttpMethod.Post, "/api/payments",
            new { contractId, amount = 240_000m, currency = "CNY", receivedAt = Iso(today), externalRef = reference }, HttpStatusCode.Created);

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync($"/accounts/{accountId}?tab=activity");
        var payment = kam.Page.Locator("#account-activity li[data-kind=payment]");
        await Expect(payment).ToHaveCountAsync(1);
        await Expect(payment).ToContainTextAsync(reference);
        await Expect(payment).ToContainTextAsync("240,000.00");
        await Expect(payment.Locator("a")).ToHaveAttributeAsync("href", $"#/contracts/{contractId}");
        await Expect(kam.Page.Locator("#account-activity li[data-kind=signed]")).ToHaveCountAsync(1);
        await Expect(kam.Page.Locator("#account-activity .inline-error")).ToHaveCountAsync(0);
        await kam.ScreenshotsAtSizesAsync("loop14-2-account-activity");
        await payment.Locator("a").ClickAsync();
        await Expect(kam.Page.Locator("#contract-status")).ToHaveAttributeAsync("data-status", "signed");
        // The contract lists the money received and the milestone it paid.
        var received = kam.Page.Locator("#contract-payments .payment-row");
        await Expect(received).ToHaveCountAsync(1);
        await Expect(received).ToContainTextAsync(reference);
        await Expect(received).ToContainTextAsync("240,000.00");
        await Expect(received).ToContainTextAsync("预付款");
        kam.AssertNothingOutsideAndNoScriptErrors();

        // The payments of a contract are as private as the contract.
        var repToken = await api.TokenAsync(Guid.NewGuid(), "孙外人", "sales_rep", "华东");
        await api.SendAsync(repToken, HttpMethod.Get, $"/api/contracts/{contractId}/payments", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_hierarchy_of_a_demo_group_shows_its_subsidiaries_with_roll_ups_that_agree_with_the_apis()
    {
        var api = new PlatformApi(fixture.Gateway);
        var kamToken = await KamTokenAsync(api);
        var group = fixture.Demo["account:cmcc"].ToString();
        var province = fixture.Demo["account:cmcc-zj"].ToString();
        var city = fixture.Demo["account:cmcc-hz"].ToString();

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        var tree = kam.Page.Locator("#account-hierarchy");
        var root = tree.Locator($".hier-node[data-account-id='{group}']");
        await Eventually.TrueAsync(async () =>
        {
            await kam.GoAsync($"/accounts/{group}?tab=hierarchy");
            await Expect(root).ToBeVisibleAsync();
            var expected = await RollUpsAsync(api, kamToken, group);
            var shown = await FiguresAsync(root.Locator(":scope > details > .hier-figures"));
            return shown.SequenceEqual(expected);
        }, Patience, "the group's roll-ups as the APIs add them up");

        await Expect(root).ToHaveAttributeAsync("data-level", "1");
        await Expect(tree.Locator($".hier-node[data-account-id='{province}']")).ToHaveAttributeAsync("data-level", "2");
        await Expect(tree.Locator($".hier-node[data-account-id='{city}']")).ToHaveAttributeAsync("data-level", "3");
        await Expect(tree.Locator($".hier-node[data-account-id='{province}'] > details > summary")).ToContainTextAsync("中国移动通信集团浙江有限公司");
        await Expect(tree.Locator($".hier-node[data-account-id='{city}'] [data-figure=health] .badge")).ToBeVisibleAsync();
        // The province's figures are its own subtree's, not the group's.
        var provinceFigures = await FiguresAsync(tree.Locator($".hier-node[data-account-id='{province}'] > details > .hier-figures"));
        Assert.Equal(await RollUpsAsync(api, kamToken, province), provinceFigures);

        // Collapsing a branch hides its children; the way back to a node is its link.
        await tree.Locator($".hier-node[data-account-id='{province}'] > details > summary").ClickAsync();
        await Expect(tree.Locator($".hier-node[data-account-id='{city}']")).ToBeHiddenAsync();
        await kam.ScreenshotsAtSizesAsync("loop14-3-group-hierarchy");
        await kam.GoAsync($"/accounts/{city}?tab=hierarchy");
        await Expect(kam.Page.Locator("#hierarchy-whole-group")).ToBeVisibleAsync();
        await Expect(tree).ToContainTextAsync("没有您可见的下属公司");
        kam.AssertNothingOutsideAndNoScriptErrors();

        // Another rep sees no such group.
        await using var rep = await fixture.OpenAsync();
        await rep.SignInWithTokenAsync(await api.TokenAsync(Guid.NewGuid(), "周外人", "sales_rep", "华东"));
        await rep.GoAsync($"/accounts/{group}?tab=hierarchy");
        await Expect(rep.Page.Locator("#account-not-found")).ToBeVisibleAsync();
        await Expect(rep.Page.Locator("#page")).Not.ToContainTextAsync("中国移动通信集团浙江有限公司");
        rep.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task The_new_views_fit_a_390_px_phone_in_both_languages()
    {
        var opportunity = fixture.Demo["opportunity:cmcc-zj-5g-core"];
        var routes = new[]
        {
            $"/opportunities/{opportunity}",
            $"/accounts/{fixture.Demo["account:cmcc-zj"]}?tab=activity",
            $"/accounts/{fixture.Demo["account:cmcc"]}?tab=hierarchy",
        };
        await using var phone = await fixture.OpenAtAsync(390, 844);
        await phone.SignInAsAsync("key_account_manager");
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            if (locale == "en")
            {
                await phone.SwitchLocaleAsync("en");
            }

            foreach (var route in routes)
            {
                await phone.GoAsync(route);
                await Expect(phone.Page.Locator("#page .loading")).ToHaveCountAsync(0);
                await Expect(phone.Page.Locator("#field-history, #account-activity, #account-hierarchy").First).ToBeVisibleAsync();
                var widths = await phone.Page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
                Assert.True(widths[0] <= 390 && widths[1] <= 390, $"{route} ({locale}) is {widths[0]} px wide at 390 px");
            }
        }

        phone.AssertNothingOutsideAndNoScriptErrors();
    }

    /// <summary>Open pipeline, signed contract value and receivables (CNY) of a subtree, added up from the APIs the page reads.</summary>
    private static async Task<decimal[]> RollUpsAsync(PlatformApi api, string token, string accountId)
    {
        var ids = Flatten(await api.GetAsync(token, $"/api/accounts/{accountId}/hierarchy")).ToList();
        decimal pipeline = 0, signed = 0;
        foreach (var id in ids)
        {
            pipeline += (await api.GetAsync(token, $"/api/opportunities?accountId={id}&limit=500")).GetProperty("items").EnumerateArray()
                .Where(o => o.GetProperty("stage").GetString() is not ("won" or "lost") && o.GetProperty("currency").GetString() == "CNY")
                .Sum(o => o.GetProperty("amount").GetDecimal());
            signed += (await api.GetAsync(token, $"/api/contracts?accountId={id}&limit=500")).GetProperty("items").EnumerateArray()
                .Where(c => c.GetProperty("status").GetString() is "signed" or "in_execution" or "completed" && c.GetProperty("currency").GetString() == "CNY")
                .Sum(c => c.GetProperty("amount").GetDecimal());
        }

        var aging = await api.GetAsync(token, $"/api/collections/aging?accountId={accountId}&includeSubsidiaries=true");
        var rows = aging.GetProperty("accounts").EnumerateArray().Where(r => r.GetProperty("currency").GetString() == "CNY").ToList();
        var receivables = rows.Sum(r => r.GetProperty("total").GetDecimal());
        var overdue = rows.Sum(r => r.GetProperty("total").GetDecimal() - r.GetProperty("notDue").GetDecimal());
        return [pipeline, signed, receivables, overdue];
    }

    private static IEnumerable<string> Flatten(JsonElement node) =>
        new[] { node.GetProperty("id").GetString()! }.Concat(node.GetProperty("children").EnumerateArray().SelectMany(Flatten));

    private static async Task<decimal[]> FiguresAsync(ILocator figures)
    {
        var values = new List<decimal>();
        foreach (var key in new[] { "pipeline", "signed", "receivables", "overdue" })
        {
            var cny = await figures.Locator($"[data-figure={key}] dd").GetAttributeAsync("data-cny");
            values.Add(decimal.Parse(cny ?? "-1", CultureInfo.InvariantCulture));
        }

        return [.. values];
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<string> KamTokenAsync(PlatformApi api) =>
        api.TokenAsync(DemoUser.KeyAccountManager.Id, DemoUser.KeyAccountManager.Name, "key_account_manager", "华东");

    private static async Task<string> NewAccountAsync(PlatformApi api, string token, string name) =>
        (await api.SendAsync(token, HttpMethod.Post, "/api/accounts", new { name, region = "华东", industry = "能源" }, HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

    /// <summary>Opens a deal once opportunities-api's directory has heard of the account (it learns it from an event; until then 404).</summary>
    private Task<string> NewOpportunityAsync(string token, string accountId, string name, decimal amount) =>
        Eventually.GetAsync<string>(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/opportunities")
            {
                Content = JsonContent.Create(new
                {
                    accountId, name, type = "new_business", amount, currency = "CNY",
                    expectedCloseDate = Iso(DateOnly.FromDateTime(DateTime.Today).AddDays(30)),
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await fixture.Gateway.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        }, Patience, "opportunity on the new account");
}
