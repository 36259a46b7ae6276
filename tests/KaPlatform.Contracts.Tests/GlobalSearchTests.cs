using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

/// <summary>GET /api/contracts/search (docs/search.md): a contract by its number or a Chinese substring of its title.</summary>
public sealed class GlobalSearchTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    private static async Task<JsonElement[]> HitsAsync(HttpClient client, string q)
    {
        using var response = await client.GetAsync($"/api/contracts/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. Assert.Single(body.GetProperty("groups").EnumerateArray()).GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task A_contract_is_found_by_number_and_title_only_by_those_who_may_see_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var kam = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(kam, name: $"苏州{tag}银行");
        var won = host.Won(account, 1_200_000m) with { Name = $"苏州{tag}数据中心扩容" };
        await host.PublishAsync(won);
        var contract = await host.ContractOfAsync(won.OpportunityId);
        var number = contract.GetProperty("number").GetString()!;

        using var owner = host.ClientFor(kam, Roles.KeyAccountManager, "华东");
        var byTitle = Assert.Single(await HitsAsync(owner, tag + "数据中心"));
        Assert.Equal("contract", byTitle.GetProperty("kind").GetString());
        Assert.Equal(number, byTitle.GetProperty("title").GetString());
        Assert.Equal($"苏州{tag}银行", byTitle.GetProperty("accountName").GetString());
        Assert.Equal(contract.GetProperty("id").GetGuid(), Assert.Single(await HitsAsync(owner, number)).GetProperty("id").GetGuid());
        Assert.Single(await HitsAsync(host.Finance, tag));

        using var otherKam = host.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager, "华东");
        Assert.Empty(await HitsAsync(otherKam, tag));
        Assert.Empty(await HitsAsync(otherKam, number));

        using var bad = await owner.GetAsync("/api/contracts/search?q=" + new string('长', 101));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
