using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

/// <summary>
/// The collections page shows the aging, the DSO card and the battle map side by side: for the same collector, account
/// and date they must count the same receivables (issue 14).
/// </summary>
public sealed class CollectionFiguresTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task Aging_dso_and_battle_map_agree_on_receivables_for_the_same_collector()
    {
        var accountOwner = Guid.NewGuid();
        var collector = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(accountOwner, region: "西南-" + Guid.NewGuid());
        // The deal was won by someone who does not own the account: who wins it collects it.
        var won = host.Won(account, 2500m) with { OwnerId = collector };
        await host.PublishAsync(won);
        var id = (await host.ContractOfAsync(won.OpportunityId)).GetProperty("id").GetGuid();
        (await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new
        {
            milestones = new[] { ContractsFixture.Fixed(40, new DateOnly(2026, 4, 10)), ContractsFixture.Fixed(60, new DateOnly(2026, 9, 30)) },
        })).EnsureSuccessStatusCode();
        await host.SignAsync(id, new DateOnly(2026, 1, 1));
        (await host.PayAsync(id, 1000m, "R-" + Guid.NewGuid(), new DateOnly(2026, 4, 20))).EnsureSuccessStatusCode();

        var aging = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf=2026-06-30&ownerId={collector}");
        var dso = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/dso?from=2026-04-02&to=2026-06-30&ownerId={collector}");
        var map = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/battle-map?ownerId={collector}");

        // 1,500 not yet due is owed: the aging and the DSO card say the same; only the 1,000 due on 10 April was billed.
        Assert.Equal(1500m, aging.GetProperty("overall").GetProperty("total").GetDecimal());
        Assert.Equal(1500m, aging.GetProperty("overall").GetProperty("notDue").GetDecimal());
        Assert.Equal(1500m, dso.GetProperty("receivables").GetDecimal());
        Assert.Equal(1000m, dso.GetProperty("invoicedOrDue").GetDecimal());
        Assert.Equal(135.0m, dso.GetProperty("dso").GetDecimal());
        var line = Assert.Single(map.GetProperty("items").EnumerateArray());
        Assert.Equal(id, line.GetProperty("contractId").GetGuid());
        Assert.Equal(1500m, line.GetProperty("outstanding").GetDecimal());

        // The account's owner is a collector of it too, on all three; anybody else collects none of it.
        var byAccountOwner = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/dso?from=2026-04-02&to=2026-06-30&ownerId={accountOwner}");
        Assert.Equal(1500m, byAccountOwner.GetProperty("receivables").GetDecimal());
        var nobody = Guid.NewGuid();
        var none = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/dso?from=2026-04-02&to=2026-06-30&ownerId={nobody}");
        Assert.Equal(0m, none.GetProperty("receivables").GetDecimal());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("dso").ValueKind);
        var noAging = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf=2026-06-30&ownerId={nobody}");
        Assert.Equal(0m, noAging.GetProperty("overall").GetProperty("total").GetDecimal());

        // The account filter is the aging's too; an account the caller may not see is a 404, not an empty report.
        var forAccount = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/dso?from=2026-04-02&to=2026-06-30&accountId={account}");
        Assert.Equal(1500m, forAccount.GetProperty("receivables").GetDecimal());
        using var stranger = host.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager);
        using var hidden = await stranger.GetAsync($"/api/collections/dso?from=2026-04-02&to=2026-06-30&accountId={account}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }
}
