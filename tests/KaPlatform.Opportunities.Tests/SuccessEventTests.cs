using System.Net;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.IntegrationEvents;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

/// <summary>RenewalDue and ExpansionIdentified from success-api: one opportunity per contract term / need, however often delivered.</summary>
public sealed class SuccessEventTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    [Fact]
    public async Task A_renewal_due_delivered_twice_opens_one_renewal_opportunity_for_the_events_owner()
    {
        var opened = await service.ListenAsync<OpportunityOpened>();
        var kam = Guid.NewGuid();
        var csm = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        var contract = Guid.NewGuid();
        var due = new RenewalDue(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, contract, Guid.NewGuid(), new DateOnly(2027, 3, 31), 1_800_000m, "CNY", kam);

        var again = due with { EventId = Guid.CreateVersion7() };
        await service.Bus.Publish(due);
        await service.Bus.Publish(due);                                              // the same message redelivered
        await service.Bus.Publish(again);                                            // re-published under a new id
        var later = new RenewalDue(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, contract, Guid.NewGuid(), new DateOnly(2028, 3, 31), 1_900_000m, "CNY", csm);
        await service.Bus.Publish(later);                                            // the next term is another renewal
        Guid[] ids = [due.EventId, again.EventId, later.EventId];
        await service.WaitForAsync("SELECT count(*) FROM inbox WHERE consumer = 'on-renewal-due' AND message_id = ANY(@ids)", new { ids }, 3);

        using var client = service.Client(kam, Roles.KeyAccountManager);
        var list = (await client.GetJsonAsync($"/api/opportunities?accountId={account}&type=renewal")).Expect(HttpStatusCode.OK);
        var renewals = list.GetProperty("items").EnumerateArray().OrderBy(o => o.GetProperty("expectedCloseDate").GetString()).ToList();
        Assert.Equal(2, renewals.Count);
        Assert.Equal(1_800_000m, renewals[0].GetProperty("amount").GetDecimal());
        Assert.Equal("2027-03-31", renewals[0].GetProperty("expectedCloseDate").GetString());
        Assert.Equal(kam, renewals[0].GetProperty("ownerId").GetGuid());
        Assert.Equal(contract, renewals[0].GetProperty("sourceContractId").GetGuid());
        Assert.Equal(csm, renewals[1].GetProperty("ownerId").GetGuid());
        Assert.Equal("initiation", renewals[0].GetProperty("stage").GetString());

        var announced = await Eventually.GetAsync(() => Task.FromResult(opened.Count(e => e.AccountId == account) == 2 ? opened.Where(e => e.AccountId == account).ToList() : null));
        Assert.All(announced, e => Assert.Equal(contract, e.SourceContractId));
    }

    [Fact]
    public async Task An_expansion_need_delivered_twice_opens_one_expansion_owned_by_the_accounts_owner()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        var need = Guid.NewGuid();
        var identified = new ExpansionIdentified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, Guid.NewGuid(), need, "新增 5G 专网覆盖两个园区", 650_000m, "CNY", null);

        var again = identified with { EventId = Guid.CreateVersion7() };
        await service.Bus.Publish(identified);
        await service.Bus.Publish(again);
        Guid[] ids = [identified.EventId, again.EventId];
        await service.WaitForAsync("SELECT count(*) FROM inbox WHERE consumer = 'on-expansion-identified' AND message_id = ANY(@ids)", new { ids }, 2);

        using var client = service.Client(kam, Roles.KeyAccountManager);
        var list = (await client.GetJsonAsync($"/api/opportunities?accountId={account}")).Expect(HttpStatusCode.OK);
        var expansion = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("expansion", expansion.GetProperty("type").GetString());
        Assert.Equal("新增 5G 专网覆盖两个园区", expansion.GetProperty("name").GetString());
        Assert.Equal(650_000m, expansion.GetProperty("amount").GetDecimal());
        Assert.Equal(kam, expansion.GetProperty("ownerId").GetGuid());
        Assert.Equal(need, expansion.GetProperty("sourceNeedId").GetGuid());
    }

    [Fact]
    public async Task Requests_for_an_account_not_here_yet_are_kept_and_opened_when_it_arrives()
    {
        // success-api knew the account first (its registration still queued here, e.g. behind a backlog).
        var (account, kam, csm) = (Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid());
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new RenewalDue(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, contract, Guid.NewGuid(), new DateOnly(2027, 6, 30), 600_000m, "CNY", null));
        await service.Bus.Publish(new ExpansionIdentified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, Guid.NewGuid(), Guid.NewGuid(), "扩容二期", 300_000m, "CNY", csm));
        await service.WaitForAsync("SELECT count(*) FROM awaiting_account WHERE account_id = @account", new { account }, 2);
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM opportunities WHERE account_id = @account", new { account }));

        await service.Bus.Publish(new KaPlatform.Accounts.IntegrationEvents.AccountRegistered(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, "后到的客户", Deals.Region(), kam, null, [kam]));
        await service.WaitForAsync("SELECT count(*) FROM opportunities WHERE account_id = @account", new { account }, 2);

        using var client = service.Client(kam, Roles.KeyAccountManager);
        var items = (await client.GetJsonAsync($"/api/opportunities?accountId={account}")).Expect(HttpStatusCode.OK).GetProperty("items").EnumerateArray().ToList();
        var renewal = Assert.Single(items, o => o.GetProperty("type").GetString() == "renewal");
        Assert.Equal(kam, renewal.GetProperty("ownerId").GetGuid());   // no owner in the request: the account's
        Assert.Equal(contract, renewal.GetProperty("sourceContractId").GetGuid());
        Assert.Equal("续约 后到的客户 2027-06-30", renewal.GetProperty("name").GetString());
        var expansion = Assert.Single(items, o => o.GetProperty("type").GetString() == "expansion");
        Assert.Equal(csm, expansion.GetProperty("ownerId").GetGuid());
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM awaiting_account WHERE account_id = @account", new { account }));
    }
}
