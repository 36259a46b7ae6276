using System.Net;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>GET /api/opportunities/search (docs/search.md): opportunities by a Chinese substring, bids by tender reference.</summary>
public sealed class GlobalSearchTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static string[] Titles(JsonElement results, string kind) =>
        [.. results.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("kind").GetString() == kind)
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];

    [Fact]
    public async Task Opportunities_and_bids_match_a_substring_and_another_rep_sees_none_of_them()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (kam, rep) = (Guid.NewGuid(), Guid.NewGuid());
        var region = Deals.Region();
        var account = await service.AccountAsync(region, kam);
        var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account, name: $"智慧{tag}园区二期");
        await client.MoveAsync(id, "commercial_negotiation", "公开招标项目");
        (await client.PostAsync($"/api/opportunities/{id}/bids", new
        {
            tenderRef = $"ZB-{tag}-园区", issuer = "市政府采购中心", submissionDeadline = "2026-12-10T09:30:00Z", price = 980_000m,
        })).Expect(HttpStatusCode.Created);

        var mine = (await client.GetJsonAsync($"/api/opportunities/search?q={Uri.EscapeDataString(tag + "园区")}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"智慧{tag}园区二期"], Titles(mine, "opportunity"));
        Assert.Empty(Titles(mine, "bid"));
        var bids = (await client.GetJsonAsync($"/api/opportunities/search?q={Uri.EscapeDataString("ZB-" + tag)}")).Expect(HttpStatusCode.OK);
        var bid = Assert.Single(bids.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("kind").GetString() == "bid").GetProperty("items").EnumerateArray());
        Assert.Equal($"ZB-{tag}-园区", bid.GetProperty("title").GetString());
        // A bid opens on its opportunity's page, where bids live.
        Assert.Equal(id, bid.GetProperty("id").GetGuid());
        Assert.Equal(account, bid.GetProperty("accountId").GetGuid());

        // A rep of another account, and a director of another region, find nothing of it (docs/product.md §6); the director of its region does.
        await service.AccountAsync(region, rep);
        foreach (var other in new[] { service.Client(rep, Roles.SalesRep, region), service.Client(Guid.NewGuid(), Roles.SalesDirector, "华南") })
        {
            var theirs = (await other.GetJsonAsync($"/api/opportunities/search?q={Uri.EscapeDataString(tag)}")).Expect(HttpStatusCode.OK);
            Assert.All(theirs.GetProperty("groups").EnumerateArray(), g => Assert.Empty(g.GetProperty("items").EnumerateArray()));
        }

        var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var seen = (await director.GetJsonAsync($"/api/opportunities/search?q={Uri.EscapeDataString(tag)}")).Expect(HttpStatusCode.OK);
        Assert.Equal([$"智慧{tag}园区二期"], Titles(seen, "opportunity"));
        Assert.Equal([$"ZB-{tag}-园区"], Titles(seen, "bid"));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetJsonAsync("/api/opportunities/search?q=")).Status);
    }
}
