using System.Net;
using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// docs/product.md §9 in the browser: an admin adds products to the catalogue, a KAM prices a deal with lines (the amount is
/// computed and rounded to cents), and a director reads the portfolio load of her region and drills into one manager.
/// </summary>
public sealed class ProductsAndPortfolioWorkspaceTests(WorkspaceFixture fixture)
{
    [Fact]
    public async Task An_admin_fills_the_catalogue_and_a_kam_prices_a_deal_with_lines()
    {
        var api = new PlatformApi(fixture.Gateway);
        var code = "SEAT-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

        await using var admin = await fixture.OpenAsync();
        await admin.SignInAsAsync("admin");
        await admin.GoAsync("/products");
        await admin.Page.Locator("#new-product").ClickAsync();
        var dialog = admin.Page.Locator("dialog.dialog");
        await dialog.Locator("[name=code]").FillAsync(code);
        await dialog.Locator("[name=name]").FillAsync("智能客服座席");
        await dialog.Locator("[name=family]").FillAsync("云服务");
        await dialog.Locator("[name=unit]").FillAsync("席");
        await dialog.Locator("[name=listPrice]").FillAsync("33.33");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(admin.Page.Locator("#products-page")).ToContainTextAsync(code);
        await admin.ScreenshotAsync("products-1-catalogue");
        admin.AssertNothingOutsideAndNoScriptErrors();

        // A deal of the demo KAM on an account of hers, straight through the gateway.
        var kamUser = DemoUser.KeyAccountManager;
        var token = await api.TokenAsync(kamUser.Id, kamUser.Name, kamUser.Role, kamUser.Region);
        var account = await api.SendAsync(token, HttpMethod.Post, "/api/accounts", new { name = "座席测试客户 " + code, region = kamUser.Region }, HttpStatusCode.Created);
        var accountId = account.GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/opportunities/accounts/{accountId}");
            request.Headers.Authorization = new("Bearer", token);
            using var response = await fixture.Gateway.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK;
        }, what: "the account in opportunities-api's directory");
        var opportunity = await api.SendAsync(token, HttpMethod.Post, "/api/opportunities",
            new { accountId, name = "座席扩容 " + code, amount = 1m, expectedCloseDate = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd") }, HttpStatusCode.Created);
        var opportunityId = opportunity.GetProperty("id").GetGuid();

        await using var kam = await fixture.OpenAsync();
        await kam.SignInAsAsync("key_account_manager");
        await kam.GoAsync($"/opportunities/{opportunityId}");
        var lines = kam.Page.Locator("#lines-card");
        await lines.Locator("#add-line").ClickAsync();
        var row = lines.Locator(".line-row").Last;
        await row.Locator(".line-product").SelectOptionAsync(new SelectOptionValue { Label = $"{code} · 智能客服座席 (云服务)" });
        await row.Locator(".line-quantity").FillAsync("3");
        await row.Locator(".line-discount").FillAsync("12.5");
        // 3 × 33.33 (the list price) × (1 − 12.5%) = 87.49125 → 87.49
        await Expect(lines.Locator("#lines-total")).ToContainTextAsync("87.49");
        await lines.Locator("#save-lines").ClickAsync();
        await Expect(lines.Locator(".line-amount")).ToContainTextAsync("87.49");
        await kam.ScreenshotAsync("products-2-lines");

        var saved = await api.GetAsync(token, $"/api/opportunities/{opportunityId}");
        Assert.Equal(87.49m, saved.GetProperty("amount").GetDecimal());
        Assert.Equal(12.5m, Assert.Single(saved.GetProperty("lines").EnumerateArray()).GetProperty("discountPct").GetDecimal());
        kam.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task A_director_reads_the_portfolio_load_of_her_region_and_drills_into_one_manager()
    {
        await using var director = await fixture.OpenAsync();
        await director.SignInAsAsync("sales_director");
        await director.Page.Locator("[data-nav=portfolio]").ClickAsync();
        var page = director.Page.Locator("#portfolio-page");
        await Expect(page).ToContainTextAsync("8");
        var kamRow = page.Locator("tr.portfolio-row", new() { HasText = "张静" });
        await Expect(kamRow).ToBeVisibleAsync();
        await director.ScreenshotAsync("portfolio-1-region");

        await kamRow.Locator("a.owner-link").ClickAsync();
        await Expect(director.Page.Locator("#portfolio-page")).ToHaveAttributeAsync("data-owner", DemoUser.KeyAccountManager.Id.ToString());
        await Expect(director.Page.Locator("#portfolio-accounts tbody tr").First).ToBeVisibleAsync();

        // Narrow screens keep the table usable (it scrolls inside its card).
        await director.Page.SetViewportSizeAsync(390, 844);
        await Expect(director.Page.Locator("#portfolio-accounts")).ToBeVisibleAsync();
        await director.ScreenshotAsync("portfolio-2-drill-down-390");

        await director.SwitchLocaleAsync("en");
        await Expect(director.Page.Locator("#portfolio-page h1")).ToHaveTextAsync("Portfolio load");
        director.AssertNothingOutsideAndNoScriptErrors();
    }
}
