using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>GET /api/success/health?accountId=… — current health of many accounts for lists (beyond docs/product.md; docs/success.md).</summary>
public sealed class HealthOverviewTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    [Fact]
    public async Task Answers_the_current_score_and_band_of_each_visible_scored_account()
    {
        var owner = Guid.NewGuid();
        var first = await service.RegisterAccountAsync("华东", owner);
        var second = await service.RegisterAccountAsync("华东", owner);
        var unknown = NewId();
        var expected = new[] { first, second }.ToDictionary(id => id, id => service.GetAsync(service.Admin, $"/api/success/accounts/{id}/health"));

        using var kam = service.Client(Roles.KeyAccountManager, "华东", owner);
        var body = await service.GetAsync(kam, $"/api/success/health?accountId={first}&accountId={second}&accountId={unknown}&accountId={first}");

        var items = Items(body);
        Assert.Equal(new[] { first, second }.Order(), items.Keys.Order());
        foreach (var (id, health) in expected)
        {
            var single = await health;
            var item = items[id];
            Assert.Equal(single.GetProperty("score").GetInt32(), item.GetProperty("score").GetInt32());
            Assert.Equal(single.GetProperty("band").GetString(), item.GetProperty("band").GetString());
            Assert.Equal(single.GetProperty("computedAt").GetDateTime(), item.GetProperty("computedAt").GetDateTime());
        }

        Assert.Empty(Items(await service.GetAsync(kam, "/api/success/health")));
    }

    [Fact]
    public async Task An_account_the_caller_cannot_see_is_absent_and_more_than_200_ids_is_400()
    {
        var owner = Guid.NewGuid();
        var mine = await service.RegisterAccountAsync("西北", owner);
        var someoneElses = await service.RegisterAccountAsync("西北");
        var otherRegion = await service.RegisterAccountAsync("东北");
        var query = $"/api/success/health?accountId={mine}&accountId={someoneElses}&accountId={otherRegion}";

        using var rep = service.Client(Roles.SalesRep, "西北", owner);
        Assert.Equal([mine], Items(await service.GetAsync(rep, query)).Keys);

        using var csInRegion = service.Client(Roles.CsManager, "西北");
        Assert.Equal(new[] { mine, someoneElses }.Order(), Items(await service.GetAsync(csInRegion, query)).Keys.Order());

        using var csElsewhere = service.Client(Roles.CsManager, "西南");
        Assert.Empty(Items(await service.GetAsync(csElsewhere, query)));

        using var finance = service.Client(Roles.Finance);
        Assert.Equal(3, Items(await service.GetAsync(finance, query)).Count);

        var tooMany = string.Join('&', Enumerable.Range(0, 201).Select(_ => $"accountId={NewId()}"));
        using var response = await rep.GetAsync($"/api/success/health?{tooMany}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("accountId", out _), problem.ToString());

        using var malformed = await rep.GetAsync("/api/success/health?accountId=not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static Dictionary<Guid, JsonElement> Items(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("accountId").GetGuid());
}
