using System.Net;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

/// <summary>GET /api/opportunities/{id}/history: who changed which field, when, from what to what; as visible as the deal.</summary>
public sealed class FieldHistoryTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    [Fact]
    public async Task Each_changed_field_is_kept_with_its_old_and_new_value_and_who_changed_it()
    {
        var kam = Guid.NewGuid();
        var engineer = Guid.NewGuid();
        var region = Deals.Region();
        var account = await service.AccountAsync(region, kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account, amount: 100_000m);
        var path = $"/api/opportunities/{id}/history";

        Assert.Empty((await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK).EnumerateArray());

        (await client.PatchAsync($"/api/opportunities/{id}", new
        {
            amount = 250_000m,
            team = new[] { new { userId = engineer, role = "technical" } },
            competitors = new[] { new { name = "华为", threat = "high" } },
        })).Expect(HttpStatusCode.OK);
        // A patch that repeats what is there changes nothing and adds nothing.
        (await client.PatchAsync($"/api/opportunities/{id}", new { amount = 250_000m, competitors = new[] { new { name = "华为", threat = "high" } } }))
            .Expect(HttpStatusCode.OK);
        (await client.PatchAsync($"/api/opportunities/{id}", new { competitors = Array.Empty<object>(), expectedCloseDate = "2027-01-20" }))
            .Expect(HttpStatusCode.OK);

        var history = (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK).EnumerateArray().ToList();
        // Oldest first; within one change in the order of the opportunity's fields.
        Assert.Equal(["amount", "team", "competitors", "expectedCloseDate", "competitors"], history.Select(c => c.GetProperty("field").GetString()!).ToArray());

        var amount = history.Single(c => c.GetProperty("field").GetString() == "amount");
        Assert.Equal(100_000m, amount.GetProperty("oldValue").GetDecimal());
        Assert.Equal(250_000m, amount.GetProperty("newValue").GetDecimal());
        Assert.Equal(kam, amount.GetProperty("changedBy").GetGuid());

        var team = history.Single(c => c.GetProperty("field").GetString() == "team");
        Assert.Empty(team.GetProperty("oldValue").EnumerateArray());
        Assert.Equal(engineer, team.GetProperty("newValue")[0].GetProperty("userId").GetGuid());

        var competitors = history.Where(c => c.GetProperty("field").GetString() == "competitors").ToList();
        Assert.Equal("华为", competitors[0].GetProperty("newValue")[0].GetProperty("name").GetString());
        Assert.Equal("华为", competitors[1].GetProperty("oldValue")[0].GetProperty("name").GetString());
        Assert.Empty(competitors[1].GetProperty("newValue").EnumerateArray());

        var close = history.Single(c => c.GetProperty("field").GetString() == "expectedCloseDate");
        Assert.Equal("2026-12-15", close.GetProperty("oldValue").GetString());
        Assert.Equal("2027-01-20", close.GetProperty("newValue").GetString());
    }

    [Fact]
    public async Task Who_may_see_the_deal_reads_its_history_others_get_404_and_readers_cannot_edit()
    {
        var kam = Guid.NewGuid();
        var region = Deals.Region();
        var account = await service.AccountAsync(region, kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = await client.OpenAsync(account);
        (await client.PatchAsync($"/api/opportunities/{id}", new { name = "核心网扩容二期" })).Expect(HttpStatusCode.OK);
        var path = $"/api/opportunities/{id}/history";

        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var read = (await director.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("核心网扩容二期", read[0].GetProperty("newValue").GetString());

        using var finance = service.Client(Guid.NewGuid(), Roles.Finance);
        Assert.Single((await finance.GetJsonAsync(path)).Expect(HttpStatusCode.OK).EnumerateArray());
        (await finance.PatchAsync($"/api/opportunities/{id}", new { team = Array.Empty<object>() })).Expect(HttpStatusCode.Forbidden);

        using var otherRep = service.Client(Guid.NewGuid(), Roles.SalesRep, region);
        (await otherRep.GetJsonAsync(path)).Expect(HttpStatusCode.NotFound);
        (await otherRep.PatchAsync($"/api/opportunities/{id}", new { competitors = Array.Empty<object>() })).Expect(HttpStatusCode.NotFound);
        using var otherDirector = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        (await otherDirector.GetJsonAsync(path)).Expect(HttpStatusCode.NotFound);

        // Refused edits left no trace.
        Assert.Equal(1, await service.QueryAsync<long>("SELECT count(*) FROM opportunity_field_history WHERE opportunity_id = @id", new { id }));
        (await client.GetJsonAsync($"/api/opportunities/{Guid.NewGuid()}/history")).Expect(HttpStatusCode.NotFound);
    }
}
