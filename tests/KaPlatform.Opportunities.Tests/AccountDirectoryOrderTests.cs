using System.Net;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// The directory (services/KaPlatform.AccountDirectory, shared by three services) gets an account's registration, its
/// changes and its team changes on three queues, so in any order; the team decides who sees the account.
/// </summary>
public sealed class AccountDirectoryOrderTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static readonly DateTimeOffset Registered = DateTimeOffset.UtcNow.AddMinutes(-3);
    private static readonly DateTimeOffset Renamed = Registered.AddMinutes(1);
    private static readonly DateTimeOffset TeamReplaced = Registered.AddMinutes(2);

    private Task<Row> RowAsync(Guid id) =>
        service.QueryAsync<Row>("SELECT name, region, owner_id AS OwnerId, team_user_ids AS TeamUserIds FROM account_directory WHERE id = @id", new { id });

    private async Task AssertRowAsync(Guid account, string name, string region, Guid owner, Guid[] team)
    {
        var row = await RowAsync(account);
        Assert.Equal((name, region, owner), (row.Name, row.Region, row.OwnerId));
        Assert.Equal(team, row.TeamUserIds);
    }

    private static AccountTeamChanged TeamOf(Guid account, Guid owner, params Guid[] members) =>
        new(Guid.CreateVersion7(), TeamReplaced, account, owner, [new TeamMember(owner, "owner"), .. members.Select(m => new TeamMember(m, "member"))], [owner, .. members]);

    [Fact]
    public async Task A_team_change_that_overtakes_the_registration_is_applied_once_the_account_is_known()
    {
        var (account, first, second) = (Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid());
        var region = Deals.Region();
        await service.Bus.Publish(TeamOf(account, second));
        await service.WaitForAsync("SELECT count(*) FROM account_directory_early WHERE account_id = @account", new { account });
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM account_directory WHERE id = @account", new { account }));

        await service.Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), Registered, account, "先注册的名字", region, first, null, [first]));
        var row = await Eventually.GetAsync(async () =>
        {
            var r = await service.QueryAsync<long>("SELECT count(*) FROM account_directory WHERE id = @account AND owner_id = @second", new { account, second }) == 1
                ? await RowAsync(account) : null;
            return r;
        }, what: "the team change applied after the registration");
        Assert.Equal([second], row.TeamUserIds);
        Assert.Equal("先注册的名字", row.Name);
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM account_directory_early WHERE account_id = @account", new { account }));

        // Who sees it follows: the first owner no longer does, the new one does.
        using var newOwner = service.Client(second, Roles.KeyAccountManager);
        (await newOwner.GetJsonAsync($"/api/opportunities/accounts/{account}")).Expect(HttpStatusCode.OK);
        using var oldOwner = service.Client(first, Roles.KeyAccountManager);
        (await oldOwner.GetJsonAsync($"/api/opportunities/accounts/{account}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_late_rename_still_renames_and_moves_the_account_but_keeps_the_newer_team()
    {
        var (kam, newOwner, member) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var region = Deals.Region();
        var account = Guid.CreateVersion7();
        await service.Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), Registered, account, "旧名", region, kam, null, [kam]));
        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = @account", new { account });
        await service.Bus.Publish(TeamOf(account, newOwner, member));
        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = @account AND owner_id = @newOwner", new { account, newOwner });

        // Sent before the team change (the old owner still named in it), delivered after it.
        var moved = Deals.Region();
        await service.Bus.Publish(new AccountUpdated(Guid.CreateVersion7(), Renamed, account, "新名", moved, kam, null, null, null, null, null));
        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = @account AND name = '新名'", new { account });

        await AssertRowAsync(account, "新名", moved, newOwner, [newOwner, member]);

        // And a registration re-published by accounts-api (a new event id, the old state) changes nothing.
        var again = Guid.CreateVersion7();
        await service.Bus.Publish(new AccountRegistered(again, Registered, account, "旧名", region, kam, null, [kam]));
        await service.WaitForAsync("SELECT count(*) FROM inbox WHERE message_id = @again", new { again });
        await AssertRowAsync(account, "新名", moved, newOwner, [newOwner, member]);
    }

    [Fact]
    public async Task A_rename_and_a_team_change_before_the_registration_both_apply_and_the_newer_owner_wins()
    {
        var (kam, renamer, newOwner, member) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (account, region, moved) = (Guid.CreateVersion7(), Deals.Region(), Deals.Region());
        await service.Bus.Publish(TeamOf(account, newOwner, member));
        await service.Bus.Publish(new AccountUpdated(Guid.CreateVersion7(), Renamed, account, "改过的名", moved, renamer, null, null, null, null, null));
        await service.WaitForAsync("SELECT count(*) FROM account_directory_early WHERE account_id = @account", new { account }, 2);

        await service.Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), Registered, account, "原名", region, kam, null, [kam]));
        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = @account", new { account });
        await AssertRowAsync(account, "改过的名", moved, newOwner, [newOwner, member]);
    }

    [Fact]
    public async Task Team_changes_published_together_with_their_registrations_all_arrive()
    {
        // Both queues at once, so some team changes find their account and some are kept for it: none may be lost.
        var accounts = Enumerable.Range(0, 60).Select(_ => (Id: Guid.CreateVersion7(), Owner: Guid.NewGuid(), Next: Guid.NewGuid())).ToArray();
        var region = Deals.Region();
        await Task.WhenAll(accounts.SelectMany(a => new[]
        {
            service.Bus.Publish(TeamOf(a.Id, a.Next)),
            service.Bus.Publish(new AccountRegistered(Guid.CreateVersion7(), Registered, a.Id, "并发 " + a.Id.ToString()[..8], region, a.Owner, null, [a.Owner])),
        }));

        var ids = accounts.Select(a => a.Id).ToArray();
        var nexts = accounts.Select(a => a.Next).ToArray();
        await service.WaitForAsync("SELECT count(*) FROM account_directory WHERE id = ANY(@ids)", new { ids }, accounts.Length);
        await Eventually.TrueAsync(async () => await service.QueryAsync<long>(
            "SELECT count(*) FROM account_directory WHERE id = ANY(@ids) AND owner_id = ANY(@nexts) AND cardinality(team_user_ids) = 1", new { ids, nexts }) == accounts.Length,
            what: "every team change applied");
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM account_directory_early WHERE account_id = ANY(@ids)", new { ids }));
    }

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public string Region { get; init; } = "";
        public Guid OwnerId { get; init; }
        public Guid[] TeamUserIds { get; init; } = [];
    }
}
