using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using Npgsql;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// The account's region copied onto its opportunities (a director's forecast and rollup read it) follows the directory,
/// whichever of AccountUpdated's two consumers here (the directory's, the opportunities') runs first.
/// </summary>
public sealed class OpportunityRegionTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private async Task<(Guid Account, Guid Opportunity, Guid Kam)> OpenAsync(string region)
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(region, kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        return (account, await client.OpenAsync(account), kam);
    }

    private Task<string> RegionOfAsync(Guid opportunity) =>
        service.QueryAsync<string>("SELECT account_region FROM opportunities WHERE id = @opportunity", new { opportunity });

    private Task BothConsumedAsync(Guid eventId) =>
        service.WaitForAsync("SELECT count(*) FROM inbox WHERE message_id = @eventId", new { eventId }, 2);

    [Fact]
    public async Task A_move_the_directory_applies_last_still_reaches_the_opportunities()
    {
        var (from, to) = (Deals.Region(), Deals.Region());
        var (account, opportunity, kam) = await OpenAsync(from);

        // Hold the directory's row so the opportunities' consumer of the move runs first and finds the old region.
        await using var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var hold = await connection.BeginTransactionAsync();
        await using (var select = new NpgsqlCommand("SELECT 1 FROM account_directory WHERE id = @account FOR UPDATE", connection, hold))
        {
            select.Parameters.AddWithValue("account", account);
            await select.ExecuteScalarAsync();
        }

        var move = new AccountUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, "搬家的客户", to, kam, null, null, null, null, null);
        await service.Bus.Publish(move);
        await service.WaitForAsync("SELECT count(*) FROM inbox WHERE message_id = @EventId AND consumer LIKE '%region%'", new { move.EventId });
        Assert.Equal(from, await RegionOfAsync(opportunity));

        await hold.RollbackAsync();
        await BothConsumedAsync(move.EventId);
        Assert.Equal(to, await RegionOfAsync(opportunity));
    }

    [Fact]
    public async Task A_move_and_its_reversal_applied_newest_first_leave_the_account_where_it_is()
    {
        var (home, away) = (Deals.Region(), Deals.Region());
        var (account, opportunity, kam) = await OpenAsync(home);
        var now = DateTimeOffset.UtcNow;
        var back = new AccountUpdated(Guid.CreateVersion7(), now.AddSeconds(2), account, "客户", home, kam, null, null, null, null, null);
        var moved = new AccountUpdated(Guid.CreateVersion7(), now.AddSeconds(1), account, "客户", away, kam, null, null, null, null, null);

        await service.Bus.Publish(back);
        await BothConsumedAsync(back.EventId);
        await service.Bus.Publish(moved);
        await BothConsumedAsync(moved.EventId);

        Assert.Equal(home, await service.QueryAsync<string>("SELECT region FROM account_directory WHERE id = @account", new { account }));
        Assert.Equal(home, await RegionOfAsync(opportunity));
    }
}
