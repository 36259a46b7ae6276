using System.Globalization;
using KaPlatform.Testing;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace KaPlatform.Workspace.Tests;

/// <summary>
/// The revenue view of a region with many accounts (issue 18: a region's year at 1,000,000 accounts has 133,152 rows,
/// 38 MB): on a phone it asks for and draws the rows a hundred at a time, and the four quarters of its chart ask for
/// totals only.
/// </summary>
public sealed class RevenueRowsTests(WorkspaceFixture fixture)
{
    private const int Accounts = 130;

    [Fact]
    public async Task A_region_with_many_accounts_shows_its_revenue_rows_a_hundred_at_a_time_on_a_phone()
    {
        var region = "营收测试" + Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        await SeedAsync(region);
        var api = new PlatformApi(fixture.Gateway);
        var token = await api.TokenAsync(Guid.NewGuid(), "钱经理", "cs_manager", region);

        await using var workspace = await fixture.OpenAtAsync(390, 844);
        var revenueCalls = new List<string>();
        workspace.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/success/revenue", StringComparison.Ordinal))
            {
                lock (revenueCalls)
                {
                    revenueCalls.Add(request.Url);
                }
            }
        };
        await workspace.SignInWithTokenAsync(token);
        await workspace.GoAsync("/success");

        var revenue = workspace.Page.Locator("#revenue");
        var rows = revenue.Locator(".revenue-rows tbody tr");
        await Expect(rows).ToHaveCountAsync(100);
        await Expect(revenue.Locator(".revenue-rows-count")).ToHaveTextAsync($"共 {Accounts} 个客户，已显示 100 个");
        await workspace.ScreenshotAsync("revenue-rows-phone");

        await revenue.Locator(".revenue-more").ClickAsync();
        await Expect(rows).ToHaveCountAsync(Accounts);
        await Expect(revenue.Locator(".revenue-rows-count")).ToHaveTextAsync($"共 {Accounts} 个客户，已显示 {Accounts} 个");
        await Expect(revenue.Locator(".revenue-more")).ToHaveCountAsync(0);

        // The largest account comes first; the rows came a hundred at a time from the server, the chart's four quarters
        // asked for totals only, and nothing asked for the whole list.
        await Expect(rows.First).ToContainTextAsync($"营收客户 {Accounts:000}");
        lock (revenueCalls)
        {
            Assert.Equal(4, revenueCalls.Count(url => url.Contains("rows=0", StringComparison.Ordinal)));
            Assert.Single(revenueCalls, url => url.Contains("rows=100", StringComparison.Ordinal));
            Assert.Single(revenueCalls, url => url.Contains("rows=200", StringComparison.Ordinal));
            Assert.DoesNotContain(revenueCalls, url => !url.Contains("rows=", StringComparison.Ordinal));
        }

        workspace.AssertNothingOutsideAndNoScriptErrors();
    }

    /// <summary>Accounts of a region of its own, each with one contract signed this year (the amount grows with the number), straight into success-api's projection.</summary>
    private async Task SeedAsync(string region)
    {
        await using var connection = new NpgsqlConnection(await fixture.DatabaseConnectionStringAsync("successdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO account_directory (id, name, region, owner_id, team_user_ids, as_of)
            SELECT gen_random_uuid(), '营收客户 ' || to_char(i, 'FM000'), @region, gen_random_uuid(), '{}', now()
            FROM generate_series(1, @n) i;
            INSERT INTO contracts (id, account_id, number, amount, currency, status, signed_at, start_date)
            SELECT gen_random_uuid(), d.id, 'RV-' || d.id, 10000 * right(d.name, 3)::int, 'CNY', 'signed',
                   make_date(extract(year FROM current_date)::int, 1, 15), make_date(extract(year FROM current_date)::int, 1, 15)
            FROM account_directory d WHERE d.region = @region;
            """, connection);
        command.Parameters.AddWithValue("region", region);
        command.Parameters.AddWithValue("n", Accounts);
        await command.ExecuteNonQueryAsync();
    }
}
