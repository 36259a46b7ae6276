using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>GET /api/accounts/search (docs/search.md): a Chinese substring across kinds, only what the caller may see.</summary>
public sealed class GlobalSearchTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static string[] Titles(JsonElement results, string kind) =>
        [.. results.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("kind").GetString() == kind)
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];

    [Fact]
    public async Task A_Chinese_substring_finds_accounts_people_and_visits_and_hides_what_another_rep_may_not_see()
    {
        var tag = "搜" + Guid.NewGuid().ToString("N")[..6];
        var (_, owner) = host.NewKam();
        var teammateId = Guid.NewGuid();
        var teammate = host.ClientFor(teammateId, Roles.SalesRep, "华东");
        var (_, otherKam) = host.NewKam();
        var account = await RegisterIdAsync(owner, $"江苏{tag}电力集团", extra: new { team = new[] { new { userId = teammateId, role = "sales" } } });
        await PostAsync(owner, $"/api/accounts/{account}/stakeholders", new
        {
            name = $"周{tag}总", title = "总经理", department = "总经办", buyingRoles = new[] { "economic_buyer" }, influence = 5, stance = "supporter",
            relationshipCloseness = 60, solutionAcceptance = 60, priceAcceptance = 60,
        });
        var secret = (await PostAsync(owner, $"/api/accounts/{account}/stakeholders", new
        {
            name = $"吴{tag}内线", title = "信息部副主任", department = "信息部", buyingRoles = new[] { "coach" }, influence = 3, stance = "ally",
            relationshipCloseness = 90, solutionAcceptance = 80, priceAcceptance = 70, confidential = true, confidentialTo = Array.Empty<Guid>(),
        })).GetProperty("id").GetGuid();
        await PostAsync(owner, $"/api/accounts/{account}/interactions", new
        {
            kind = "visit", occurredAt = DateTimeOffset.UtcNow.AddDays(-1), stakeholderIds = Array.Empty<Guid>(), summary = $"拜访{tag}信息中心，谈二期",
        });
        await PostAsync(owner, $"/api/accounts/{account}/interactions", new
        {
            kind = "meeting", occurredAt = DateTimeOffset.UtcNow.AddDays(-2), stakeholderIds = new[] { secret }, summary = $"内线{tag}透露预算",
        });

        var mine = await GetAsync(owner, $"/api/accounts/search?q={Uri.EscapeDataString(tag)}");
        Assert.Equal([$"江苏{tag}电力集团"], Titles(mine, "account"));
        Assert.Equal([$"吴{tag}内线", $"周{tag}总"], Titles(mine, "stakeholder").Order().ToArray());
        Assert.Equal(2, Titles(mine, "visit").Length);
        var hit = mine.GetProperty("groups")[0].GetProperty("items")[0];
        Assert.Equal(account, hit.GetProperty("accountId").GetGuid());
        Assert.Equal($"江苏{tag}电力集团", hit.GetProperty("accountName").GetString());

        // A substring in the middle of the Chinese text, not only a prefix.
        Assert.Equal([$"江苏{tag}电力集团"], Titles(await GetAsync(owner, $"/api/accounts/search?q={Uri.EscapeDataString(tag[1..] + "电力")}"), "account"));

        // The teammate sees the account, but the protected contact and the visit naming them never match (docs/product.md §8).
        var theirs = await GetAsync(teammate, $"/api/accounts/search?q={Uri.EscapeDataString(tag)}");
        Assert.Equal([$"周{tag}总"], Titles(theirs, "stakeholder"));
        Assert.Equal([$"拜访{tag}信息中心，谈二期"], Titles(theirs, "visit"));
        Assert.Empty(Titles(await GetAsync(teammate, $"/api/accounts/search?q={Uri.EscapeDataString(tag + "内线")}"), "stakeholder"));

        // Another KAM in the same region sees nothing of the account (docs/product.md §6).
        var outsider = await GetAsync(otherKam, $"/api/accounts/search?q={Uri.EscapeDataString(tag)}");
        Assert.All(outsider.GetProperty("groups").EnumerateArray(), g => Assert.Empty(g.GetProperty("items").EnumerateArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=%20%20")]
    [InlineData("q=abc&limit=0")]
    [InlineData("q=abc&limit=21")]
    public async Task An_empty_query_or_a_limit_out_of_range_is_a_400(string query)
    {
        var (_, owner) = host.NewKam();
        using var response = await owner.GetAsync($"/api/accounts/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().FirstOrDefault().Name);
    }

    [Fact]
    public async Task Percent_and_underscore_match_literally()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (_, owner) = host.NewKam();
        await RegisterIdAsync(owner, $"百分{tag}_100%公司");
        await RegisterIdAsync(owner, $"百分{tag}X100Y公司");
        Assert.Equal([$"百分{tag}_100%公司"], Titles(await GetAsync(owner, $"/api/accounts/search?q={Uri.EscapeDataString(tag + "_100%")}"), "account"));
    }
}
