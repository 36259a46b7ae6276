using System.Text.Json;
using Dapper;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// A name search orders by an expression the name index cannot supply (Accounts/NameSearchOrder.cs), so PostgreSQL
/// collects the matches and sorts them. The pages must still be exactly name order with cursors that continue where
/// the page ended, for a handful of matches and for thousands: checked against PostgreSQL's own ORDER BY name, id.
/// </summary>
public sealed class NameSearchOrderTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Few_and_many_matches_page_in_name_order_with_cursors_that_continue()
    {
        var tag = "N" + Guid.NewGuid().ToString("N")[..8];
        var (_, kam) = host.NewKam();
        var template = await RegisterIdAsync(kam, $"{tag} 鼎盛 99999");
        // Copies of the KAM's account in the reverse of name order, so the table's order is not the answer.
        await host.CopyAccountAsync(template, 5049, "'name', @tag || ' 鼎盛 ' || lpad((5100 - n)::text, 5, '0')", new { tag });

        // 5,050 matches: the first two pages of 50 are the 100 first names.
        var many = Names(await PagesAsync(kam, $"/api/accounts?q={Uri.EscapeDataString(tag)}", limit: 50, maxPages: 2));
        Assert.Equal(await ExpectedAsync(tag, 100), many);

        // Ten matches (…00100 to …00109), three to a page.
        var few = Names(await PagesAsync(kam, $"/api/accounts?q={Uri.EscapeDataString($"{tag} 鼎盛 0010")}", limit: 3));
        var expected = await ExpectedAsync($"{tag} 鼎盛 0010", 100);
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, few);
    }

    private async Task<List<string>> ExpectedAsync(string q, int take)
    {
        await using var db = host.Database();
        return (await db.QueryAsync<string>(
            "SELECT name FROM accounts WHERE name ILIKE '%' || @q || '%' ORDER BY name, id LIMIT @take", new { q, take })).AsList();
    }

    private static List<string> Names(List<JsonElement> rows) => rows.Select(a => a.GetProperty("name").GetString()!).ToList();
}
