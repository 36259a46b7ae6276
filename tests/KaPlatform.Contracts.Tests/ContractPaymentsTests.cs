using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

/// <summary>GET /api/contracts/{id}/payments: the payments of a contract, newest first, as visible as the contract.</summary>
public sealed class ContractPaymentsTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task A_contract_lists_its_payments_newest_first_with_their_applications_and_only_to_who_sees_it()
    {
        var kam = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(kam, region: "华南");
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(40, new DateOnly(2026, 2, 1)), ContractsFixture.Fixed(60, new DateOnly(2026, 3, 1))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var first = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var path = $"/api/contracts/{id}/payments";

        Assert.Empty(await host.Admin.GetFromJsonAsync<JsonElement[]>(path) ?? []);
        (await host.PayAsync(id, 400m, "BANK-" + Guid.NewGuid(), new DateOnly(2026, 2, 3))).EnsureSuccessStatusCode();
        var laterRef = "BANK-" + Guid.NewGuid();
        (await host.PayAsync(id, 100m, laterRef, new DateOnly(2026, 3, 4))).EnsureSuccessStatusCode();

        using var owner = host.ClientFor(kam, Roles.KeyAccountManager);
        var payments = (await owner.GetFromJsonAsync<JsonElement[]>(path))!;
        Assert.Equal([new DateOnly(2026, 3, 4), new DateOnly(2026, 2, 3)], payments.Select(p => p.GetProperty("receivedAt").GetString()).Select(s => DateOnly.Parse(s!, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(laterRef, payments[0].GetProperty("externalRef").GetString());
        Assert.Equal(contract.GetProperty("number").GetString(), payments[0].GetProperty("contractNumber").GetString());
        Assert.Equal((first, 400m), (payments[1].GetProperty("applications")[0].GetProperty("milestoneId").GetGuid(), payments[1].GetProperty("applications")[0].GetProperty("amount").GetDecimal()));

        using var otherRep = host.ClientFor(Guid.NewGuid(), Roles.SalesRep, "华南");
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(path)).StatusCode);
        using var otherDirector = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华北");
        Assert.Equal(HttpStatusCode.NotFound, (await otherDirector.GetAsync(path)).StatusCode);
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华南");
        Assert.Equal(2, (await director.GetFromJsonAsync<JsonElement[]>(path))!.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Finance.GetAsync($"/api/contracts/{Guid.NewGuid()}/payments")).StatusCode);
    }
}
