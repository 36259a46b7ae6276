using System.Globalization;
using System.Net;
using System.Text;
using KaPlatform.DemoData;
using KaPlatform.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// Issue 15's lists, as the demo key-account manager on her own twelve accounts and twelve deals (tagged with digits,
/// since the zh-CN page walk reads them too): sort by a column (server side, order checked), page forward and back
/// ("1–10 of 12"), export CSV and XLSX (the downloads parsed back), save a view and apply it after a reload; the same
/// lists at 390×844 with the sort select and no sideways overflow. Screenshots lists-*; list timings printed.
/// </summary>
public sealed class ListsTests(WorkspaceFixture fixture)
{
    private sealed record Seeded(string Tag, List<string> Accounts, List<string> Deals);

    private static readonly SemaphoreSlim SeedOnce = new(1, 1);
    private static Seeded? seeded;

    /// <summary>Twelve accounts and twelve deals (on the KAM's flagship account), names differing in their last digits.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await SeedOnce.WaitAsync();
        try
        {
            if (seeded is not null)
            {
                return seeded;
            }

            var api = new PlatformApi(fixture.Gateway);
            var kam = DemoUser.KeyAccountManager;
            var token = await api.TokenAsync(kam.Id, kam.Name, kam.Role, kam.Region);
            var tag = Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            var accounts = new List<string>();
            var deals = new List<string>();
            for (var i = 1; i <= 12; i++)
            {
                var name = $"列表{tag}号客户{i:00}";
                await api.SendAsync(token, HttpMethod.Post, "/api/accounts", new { name, region = kam.Region }, HttpStatusCode.Created);
                accounts.Add(name);
            }

            const string flagship = "中国移动通信集团浙江有限公司";
            var account = (await api.GetAsync(token, $"/api/accounts?q={Uri.EscapeDataString(flagship)}")).GetProperty("items")
                .EnumerateArray().Single(a => a.GetProperty("name").GetString() == flagship).GetProperty("id").GetGuid();
            for (var i = 1; i <= 12; i++)
            {
                // Amounts rise with the number, so "amount ascending" is the order of the names.
                var name = $"列表{tag}号商机{i:00}";
                await api.SendAsync(token, HttpMethod.Post, "/api/opportunities",
                    new { accountId = account, name, amount = i * 10_000m, currency = "CNY", expectedCloseDate = "2027-06-30" }, HttpStatusCode.Created);
                deals.Add(name);
            }

            return seeded = new Seeded(tag, accounts, deals);
        }
        finally
        {
            SeedOnce.Release();
        }
    }

    private static async Task<ExportedFile> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(button).ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        return download.SuggestedFilename.EndsWith(".xlsx", StringComparison.Ordinal) ? ExportedFile.FromXlsx(bytes) : ExportedFile.FromCsv(bytes);
    }

    [Fact]
    public async Task Accounts_and_deals_sort_page_export_and_keep_a_saved_view_at_1366()
    {
        var data = await SeedAsync();
        await using var workspace = await fixture.OpenAtAsync(1366, 768);
        await workspace.SignInAsAsync("key_account_manager");
        var page = workspace.Page;

        // Accounts: the filter in the address, ten a page, the name column sorted descending by two clicks on its header.
        await workspace.GoAsync($"/accounts?q={data.Tag}&limit=10");
        var range = page.Locator("#accounts-range");
        await Expect(range).ToHaveTextAsync("第 1–10 条，共 12 条");
        var nameHeader = page.Locator("#account-list th button[data-sort='name']");
        await nameHeader.ClickAsync();
        await Expect(page.Locator("#account-list th[aria-sort='ascending'] button[data-sort='name']")).ToBeVisibleAsync();
        await page.Locator("#account-list th button[data-sort='name']").ClickAsync();
        await Expect(page.Locator("#account-list th[aria-sort='descending'] button[data-sort='name']")).ToBeVisibleAsync();
        Assert.Contains("sort=-name", page.Url);
        var descending = data.Accounts.AsEnumerable().Reverse().ToList();
        var links = page.Locator("#account-list .account-link");
        await Expect(links).ToHaveTextAsync([.. descending.Take(10)]);
        await page.Locator("#accounts-next").ClickAsync();
        await Expect(range).ToHaveTextAsync("第 11–12 条，共 12 条");
        await Expect(links).ToHaveTextAsync([.. descending.Skip(10)]);
        await Expect(page.Locator("#accounts-next")).ToBeDisabledAsync();
        await page.Locator("#accounts-previous").ClickAsync();
        await Expect(range).ToHaveTextAsync("第 1–10 条，共 12 条");
        await workspace.ScreenshotAsync("lists-1-accounts-zh-CN-1366");

        // The export is the whole filtered, sorted list (not the page on screen), Chinese intact.
        var csv = await DownloadAsync(page, "#accounts-export-csv");
        Assert.Equal(descending, csv.Column("客户名称"));
        var xlsx = await DownloadAsync(page, "#accounts-export-xlsx");
        Assert.Equal(descending, xlsx.Column("客户名称"));

        // A saved view survives a reload and brings back the filter and the sort from a clean list.
        await page.Locator("#accounts-view-save").ClickAsync();
        await page.Locator("dialog.dialog #f-name").FillAsync("列表视图");
        await page.Locator("dialog.dialog button[type=submit]").ClickAsync();
        await Expect(page.Locator("dialog.dialog")).ToHaveCountAsync(0);
        await workspace.GoAsync("/accounts");
        await page.ReloadAsync();
        await Expect(page.Locator("#accounts-range")).Not.ToHaveTextAsync("第 1–10 条，共 12 条");
        await Expect(page.Locator("#accounts-views option", new() { HasText = "列表视图" })).ToHaveCountAsync(1);
        await page.Locator("#accounts-views").SelectOptionAsync("列表视图");
        await Expect(range).ToHaveTextAsync("第 1–10 条，共 12 条");
        await Expect(links).ToHaveTextAsync([.. descending.Take(10)]);
        await Expect(page.Locator("#account-search")).ToHaveValueAsync(data.Tag);
        await Expect(page.Locator("#accounts-views option", new() { HasText = "列表视图" })).ToHaveCountAsync(1);
        await page.Locator("#accounts-views").SelectOptionAsync("列表视图");
        await page.Locator("#accounts-view-delete").ClickAsync();
        await Expect(page.Locator("#accounts-views option", new() { HasText = "列表视图" })).ToHaveCountAsync(0);

        // Deals: search, ten a page, sorted by amount, the totals row, both files.
        await workspace.GoAsync($"/pipeline?q={data.Tag}&limit=10");
        var dealRange = page.Locator("#opportunities-range");
        await Expect(dealRange).ToHaveTextAsync("第 1–10 条，共 12 条");
        await page.Locator("#opportunity-list th button[data-sort='amount']").ClickAsync();
        await Expect(page.Locator("#opportunity-list th[aria-sort='ascending'] button[data-sort='amount']")).ToBeVisibleAsync();
        var dealLinks = page.Locator("#opportunity-list a.opportunity-link");
        await Expect(dealLinks).ToHaveTextAsync([.. data.Deals.Take(10)]);
        await Expect(page.Locator("#opportunity-totals")).ToContainTextAsync("CNY：12 个商机");
        await Expect(page.Locator("#opportunity-totals")).ToContainTextAsync("¥780,000.00");
        await page.Locator("#opportunities-next").ClickAsync();
        await Expect(dealRange).ToHaveTextAsync("第 11–12 条，共 12 条");
        await Expect(dealLinks).ToHaveTextAsync([.. data.Deals.Skip(10)]);
        await workspace.ScreenshotAsync("lists-2-deals-zh-CN-1366");
        Assert.Equal(data.Deals, (await DownloadAsync(page, "#opportunities-export-csv")).Column("商机名称"));
        var dealSheet = await DownloadAsync(page, "#opportunities-export-xlsx");
        Assert.Equal(data.Deals, dealSheet.Column("商机名称"));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 10_000m), dealSheet.Column("金额").Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)));

        // A reload (or a shared link) shows the same list: search, sort and page size are in the address.
        await page.ReloadAsync();
        await Expect(dealRange).ToHaveTextAsync("第 1–10 条，共 12 条");
        await Expect(dealLinks).ToHaveTextAsync([.. data.Deals.Take(10)]);
        await Expect(page.Locator("#opportunity-search")).ToHaveValueAsync(data.Tag);

        await ReportTimingsAsync(page, data.Tag);
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    [Fact]
    public async Task On_a_390_px_phone_the_lists_sort_with_a_select_page_and_fit_the_screen()
    {
        var data = await SeedAsync();
        await using var workspace = await fixture.OpenAtAsync(390, 844);
        await workspace.SignInAsAsync("key_account_manager");
        var page = workspace.Page;

        await workspace.GoAsync($"/accounts?q={data.Tag}&limit=10");
        await page.Locator("#accounts-sort").SelectOptionAsync("-name");
        var descending = data.Accounts.AsEnumerable().Reverse().ToList();
        await Expect(page.Locator("#account-list .account-link")).ToHaveTextAsync([.. descending.Take(10)]);
        await Expect(page.Locator("#accounts-range")).ToHaveTextAsync("第 1–10 条，共 12 条");
        await AssertFitsAsync(page, "accounts list");
        await workspace.ScreenshotAsync("lists-3-accounts-zh-CN-390");
        await page.Locator("#accounts-next").ClickAsync();
        await Expect(page.Locator("#accounts-range")).ToHaveTextAsync("第 11–12 条，共 12 条");

        await workspace.GoAsync($"/pipeline?q={data.Tag}&limit=10&open=true");
        await page.Locator("#opportunities-sort").SelectOptionAsync("-amount");
        await Expect(page.Locator("#opportunity-list a.opportunity-link")).ToHaveTextAsync([.. data.Deals.AsEnumerable().Reverse().Take(10)]);
        await Expect(page.Locator("#opportunity-open-only")).ToBeCheckedAsync();
        await AssertFitsAsync(page, "opportunity list");
        await page.Locator("#opportunity-list").ScrollIntoViewIfNeededAsync();
        await workspace.ScreenshotAsync("lists-4-deals-zh-CN-390");
        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= 390 && widths[1] <= 390, $"{what}: page {widths[0]} px wide in a {widths[1]} px window on a 390 px screen");
    }

    /// <summary>Time from the in-page navigation until the list's range is drawn and nothing is loading (printed, not asserted).</summary>
    private static async Task ReportTimingsAsync(IPage page, string tag)
    {
        const string script = """
            ([route, ready]) => new Promise((resolve, reject) => {
              document.getElementById('page')?.setAttribute('data-leaving', '');
              const start = performance.now();
              const observer = new MutationObserver(() => {
                const fresh = document.querySelector('#page:not([data-leaving])');
                const range = fresh?.querySelector(ready);
                if (!range || !range.textContent || fresh.querySelector('.loading')) return;
                observer.disconnect();
                resolve(performance.now() - start);
              });
              observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
              setTimeout(() => { observer.disconnect(); reject(new Error('not drawn in 20 s: ' + route)); }, 20000);
              location.hash = '#' + route;
            })
            """;
        var text = new StringBuilder("| list (KAM 张静, zh-CN, 1366×768) | ms to content |\n|---|---:|\n");
        foreach (var (name, route, ready) in new[]
        {
            ("accounts (all of hers)", "/accounts?sort=owner", "#accounts-range"),
            ("accounts (search, 10 a page)", $"/accounts?q={tag}&limit=10&sort=-name", "#accounts-range"),
            ("pipeline with the opportunity list", "/pipeline?sort=-amount", "#opportunities-range"),
            ("pipeline, opportunity search", $"/pipeline?q={tag}&open=true", "#opportunities-range"),
        })
        {
            var ms = await page.EvaluateAsync<double>(script, new object[] { route, ready });
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {ms:0} |\n");
        }

        TestContext.Current.SendDiagnosticMessage(text.ToString());
        Console.WriteLine(text);
        await File.WriteAllTextAsync(Path.Combine(Artifacts.ScreenshotDirectory, "list-timings.md"), text.ToString());
    }
}
