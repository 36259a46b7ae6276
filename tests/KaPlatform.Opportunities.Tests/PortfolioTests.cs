using System.Net;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// docs/product.md §9 portfolio load: classes come from accounts-api's AccountClassified over the bus; `overloaded` when A+B
/// accounts exceed 8 or all accounts exceed 25 (exceed: strictly more).
/// </summary>
public sealed class PortfolioTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    /// <summary>Registers accounts of one owner with the given classes (null: never assessed) and waits until all are projected.</summary>
    private async Task<Guid[]> BookAsync(string region, Guid owner, params string?[] classes)
    {
        var ids = classes.Select(_ => Guid.CreateVersion7()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await service.Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, ids[i], "客户 " + i, region, owner, null, [owner]));
            if (classes[i] is { } c)
            {
                await service.Bus.Publish(new AccountClassified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, ids[i], 2026, c, null, "high", "high",
                    "invest_heavily", "retain", "core", true));
            }
        }

        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = ANY(@ids)", new { ids }, ids.Length);
        await service.WaitForAsync("SELECT count(*) FROM account_classes WHERE account_id = ANY(@ids)", new { ids }, classes.Count(c => c is not null));
        return ids;
    }

    private static JsonElement RowOf(JsonElement portfolio, Guid owner) =>
        portfolio.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("ownerId").GetGuid() == owner);

    private static (int A, int B, int C, int D, int Unclassified, int Total) Counts(JsonElement row)
    {
        var a = row.GetProperty("accounts");
        return (a.GetProperty("a").GetInt32(), a.GetProperty("b").GetInt32(), a.GetProperty("c").GetInt32(), a.GetProperty("d").GetInt32(),
            a.GetProperty("unclassified").GetInt32(), a.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Flags_at_the_exact_thresholds_and_scoping_by_role()
    {
        var region = Deals.Region();
        var (full, heavy, wide, elsewhere) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        // full: exactly 8 A+B and exactly 25 in all → not overloaded.
        var fullBook = await BookAsync(region, full, [.. Enumerable.Repeat<string?>("A", 5), .. Enumerable.Repeat<string?>("B", 3),
            .. Enumerable.Repeat<string?>("C", 10), .. Enumerable.Repeat<string?>("D", 5), null, null]);
        // heavy: 9 A+B → too many key accounts. wide: 26 accounts, none key → too many accounts.
        await BookAsync(region, heavy, [.. Enumerable.Repeat<string?>("A", 4), .. Enumerable.Repeat<string?>("B", 5)]);
        await BookAsync(region, wide, [.. Enumerable.Repeat<string?>("D", 26)]);
        await BookAsync(Deals.Region(), elsewhere, "A");

        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var open = await admin.OpenAsync(fullBook[0], 100_000m, "2026-12-20", full);                     // initiation 5%: weighted 5,000
        var won = await admin.OpenAsync(fullBook[1], 50_000m, "2026-06-30", full);
        (await admin.PostAsync($"/api/opportunities/{won}/win", new { closeDate = "2026-06-30" })).Expect(HttpStatusCode.OK);
        var lastYear = await admin.OpenAsync(fullBook[2], 70_000m, "2025-06-30", full);
        (await admin.PostAsync($"/api/opportunities/{lastYear}/win", new { closeDate = "2025-06-30" })).Expect(HttpStatusCode.OK);
        Assert.NotEqual(Guid.Empty, open);

        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var portfolio = (await director.GetJsonAsync("/api/portfolio?fiscalYear=2026")).Expect(HttpStatusCode.OK);
        Assert.Equal((8, 25), (portfolio.GetProperty("maxKeyAccounts").GetInt32(), portfolio.GetProperty("maxAccounts").GetInt32()));
        Assert.Equal(3, portfolio.GetProperty("items").GetArrayLength()); // her region's three owners, not the one elsewhere

        var fullRow = RowOf(portfolio, full);
        Assert.Equal((5, 3, 10, 5, 2, 25), Counts(fullRow));
        Assert.Equal(8, fullRow.GetProperty("keyAccounts").GetInt32());
        Assert.False(fullRow.GetProperty("overloaded").GetBoolean());
        Assert.Empty(fullRow.GetProperty("flags").EnumerateArray());
        Assert.Equal((100_000m, 5_000m, 50_000m),
            (fullRow.GetProperty("openPipeline").GetDecimal(), fullRow.GetProperty("weightedPipeline").GetDecimal(), fullRow.GetProperty("wonThisFiscalYear").GetDecimal()));

        var heavyRow = RowOf(portfolio, heavy);
        Assert.True(heavyRow.GetProperty("overloaded").GetBoolean());
        Assert.Equal(["too_many_key_accounts"], heavyRow.GetProperty("flags").Strings());
        var wideRow = RowOf(portfolio, wide);
        Assert.Equal(["too_many_accounts"], wideRow.GetProperty("flags").Strings());
        Assert.Equal(26, Counts(wideRow).Total);

        // The director's drill-down lists the owner's accounts; another region's owner is not hers to see.
        var drill = (await director.GetJsonAsync($"/api/portfolio?ownerId={full}")).Expect(HttpStatusCode.OK);
        Assert.Equal(25, Assert.Single(drill.GetProperty("items").EnumerateArray()).GetProperty("accountList").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetJsonAsync($"/api/portfolio?ownerId={elsewhere}")).Status);

        // A KAM sees herself only; asking for a colleague is refused.
        using var kam = service.Client(full, Roles.KeyAccountManager);
        var own = (await kam.GetJsonAsync("/api/portfolio")).Expect(HttpStatusCode.OK);
        Assert.Equal(full, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("ownerId").GetGuid());
        var refused = (await kam.GetJsonAsync($"/api/portfolio?ownerId={heavy}")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("not_your_portfolio", refused.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await service.Client(Guid.NewGuid(), Roles.CsManager, region).GetJsonAsync("/api/portfolio")).Status);

        // The admin sees all four owners; settings move the thresholds (admin only).
        var everyone = (await admin.GetJsonAsync("/api/portfolio")).Expect(HttpStatusCode.OK);
        Assert.Contains(everyone.GetProperty("items").EnumerateArray(), r => r.GetProperty("ownerId").GetGuid() == elsewhere);
        Assert.Equal(HttpStatusCode.Forbidden, (await director.SendAsync(HttpMethod.Put, "/api/portfolio/settings", new { maxKeyAccounts = 7, maxAccounts = 25 })).Status);
        var bad = (await admin.SendAsync(HttpMethod.Put, "/api/portfolio/settings", new { maxKeyAccounts = -1, maxAccounts = 25 })).Expect(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("maxKeyAccounts", out _));
        (await admin.SendAsync(HttpMethod.Put, "/api/portfolio/settings", new { maxKeyAccounts = 7, maxAccounts = 25 })).Expect(HttpStatusCode.OK);
        try
        {
            var tighter = (await director.GetJsonAsync($"/api/portfolio?ownerId={full}")).Expect(HttpStatusCode.OK);
            Assert.Equal(["too_many_key_accounts"], Assert.Single(tighter.GetProperty("items").EnumerateArray()).GetProperty("flags").Strings());
        }
        finally
        {
            (await admin.SendAsync(HttpMethod.Put, "/api/portfolio/settings", new { maxKeyAccounts = 8, maxAccounts = 25 })).Expect(HttpStatusCode.OK);
        }
    }
}
