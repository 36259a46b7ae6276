using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

public sealed class ReviewTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    [Fact]
    public async Task Each_valued_new_need_becomes_one_expansion_identified_and_the_rating_feeds_health()
    {
        var owner = Guid.NewGuid();
        var account = await service.RegisterAccountAsync("华东", owner);
        using var kam = service.Client(Roles.KeyAccountManager, "华东", owner);

        using var response = await kam.PostAsJsonAsync($"/api/success/accounts/{account}/reviews", new
        {
            date = Today,
            satisfaction = 5,
            outcomes = "5G专网上线，故障率下降40%",
            serviceLevel = "success",
            newNeeds = new object[]
            {
                new { description = "边缘计算节点扩容", estimatedValue = 2_000_000m },
                new { description = "安全运营服务", estimatedValue = 800_000m },
                new { description = "培训（价值未评估）" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var review = await response.Content.ReadFromJsonAsync<JsonElement>();
        var needs = review.GetProperty("newNeeds").EnumerateArray().ToArray();
        Assert.Equal(3, needs.Length);

        var expansions = await service.OutboxAsync("ExpansionIdentified", account);
        Assert.Equal(2, expansions.Length);
        Assert.Equal([2_000_000m, 800_000m], expansions.Select(e => e.GetProperty("estimatedValue").GetDecimal()).ToArray());
        Assert.Equal(needs.Take(2).Select(n => n.GetProperty("id").GetGuid()), expansions.Select(e => e.GetProperty("needId").GetGuid()));
        Assert.All(expansions, e => Assert.Equal(owner, e.GetProperty("ownerId").GetGuid()));
        Assert.All(expansions, e => Assert.Equal(review.GetProperty("id").GetGuid(), e.GetProperty("reviewId").GetGuid()));

        var health = await service.GetAsync(kam, $"/api/success/accounts/{account}/health");
        Assert.Equal(100, Component(health, "satisfaction").GetProperty("score").GetInt32());

        // opportunities-api answers with the expansion opportunity; the need points at it.
        var opportunity = NewId();
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, opportunity, owner, "expansion", 2_000_000m, "CNY", null, "initiation", null,
            needs[0].GetProperty("id").GetGuid()));
        await service.WaitForAsync($"/api/success/accounts/{account}/reviews",
            b => b.GetProperty("items")[0].GetProperty("newNeeds")[0].GetProperty("opportunityId").ValueKind == JsonValueKind.String, "need linked");
        Assert.Single(await service.QueryAsync<Guid>("SELECT entity_id FROM audit_log WHERE entity_type = 'review' AND entity_id = @id", new { id = review.GetProperty("id").GetGuid() }));
    }

    [Fact]
    public async Task Bad_reviews_are_400_finance_is_403_and_outsiders_get_404()
    {
        var account = await service.RegisterAccountAsync("华北");
        using var cs = service.Client(Roles.CsManager, "华北");

        using var bad = await cs.PostAsJsonAsync($"/api/success/accounts/{account}/reviews",
            new { satisfaction = 6, serviceLevel = "premium", newNeeds = new[] { new { description = "", estimatedValue = -1m } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "date", "satisfaction", "serviceLevel", "newNeeds[0].description" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        using var malformed = await cs.PostAsync($"/api/success/accounts/{account}/reviews", new StringContent("{\"satisfaction\": \"x\"", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var valid = new { date = Today, satisfaction = 3, serviceLevel = "relationship" };
        using var finance = service.Client(Roles.Finance);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync($"/api/success/accounts/{account}/reviews", valid)).StatusCode);
        using var outsider = service.Client(Roles.CsManager, "华南");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/success/accounts/{account}/reviews", valid)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/success/accounts/{account}/reviews")).StatusCode);

        Assert.Equal(0L, await service.ScalarAsync<long>("SELECT count(*) FROM reviews WHERE account_id = @account", new { account }));
        Assert.Equal(HttpStatusCode.Created, (await cs.PostAsJsonAsync($"/api/success/accounts/{account}/reviews", valid)).StatusCode);
    }
}
