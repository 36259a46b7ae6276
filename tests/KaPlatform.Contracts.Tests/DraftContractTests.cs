using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using KaPlatform.Testing;

namespace KaPlatform.Contracts.Tests;

public sealed partial class DraftContractTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task A_won_opportunity_becomes_one_draft_with_the_default_plan_and_a_readable_number()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());

        var contract = await host.DraftAsync(account, 1_000_000m);

        Assert.Equal("draft", contract.GetProperty("status").GetString());
        Assert.Matches(NumberPattern(), contract.GetProperty("number").GetString());
        Assert.Equal("核心网扩容项目", contract.GetProperty("title").GetString());
        var plan = contract.GetProperty("milestones").EnumerateArray().Select(m => (
            m.GetProperty("kind").GetString(), m.GetProperty("percent").GetDecimal(), m.GetProperty("amount").GetDecimal(),
            m.GetProperty("dueRule").GetProperty("type").GetString(), m.GetProperty("dueRule").GetProperty("value").GetInt32(),
            m.GetProperty("status").GetString())).ToList();
        Assert.Equal(
            [("down_payment", 30m, 300_000m, "days_after_signing", 15, "planned"), ("delivery", 40m, 400_000m, "days_after_delivery", 30, "planned"),
             ("acceptance", 25m, 250_000m, "days_after_acceptance", 30, "planned"), ("warranty", 5m, 50_000m, "months_after_acceptance", 12, "planned")],
            plan);
        Assert.All(contract.GetProperty("milestones").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("dueDate").ValueKind));
    }

    [Fact]
    public async Task The_same_win_delivered_twice_or_announced_again_under_a_new_event_id_drafts_exactly_one_contract()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var won = host.Won(account, 500_000m);

        // Redelivery of the same message, and a replay under new event ids, all at once.
        var (again, third) = (won with { EventId = Guid.CreateVersion7() }, won with { EventId = Guid.CreateVersion7() });
        await Task.WhenAll(host.PublishAsync(won), host.PublishAsync(won), host.PublishAsync(again), host.PublishAsync(third));
        await host.ContractOfAsync(won.OpportunityId);
        Guid[] ids = [won.EventId, again.EventId, third.EventId];
        await Eventually.TrueAsync(async () =>
        {
            await using var db = host.Database();
            return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox WHERE consumer = 'on-opportunity-won' AND message_id = ANY(@ids)", new { ids }) == 3;
        }, what: "all three event ids consumed");

        await using var db = host.Database();
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM contracts WHERE opportunity_id = @OpportunityId", new { won.OpportunityId }));
        Assert.Equal(4L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM milestones m JOIN contracts c ON c.id = m.contract_id WHERE c.opportunity_id = @OpportunityId", new { won.OpportunityId }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE '%ContractDrafted%' AND body->>'opportunityId' = @Id", new { Id = won.OpportunityId.ToString() }));
    }

    [Fact]
    public async Task Contract_numbers_are_unique()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var first = await host.DraftAsync(account, 1m);
        var second = await host.DraftAsync(account, 2m);

        Assert.NotEqual(first.GetProperty("number").GetString(), second.GetProperty("number").GetString());
    }

    [GeneratedRegex(@"^KA-\d{4}-\d{6}$")]
    private static partial Regex NumberPattern();
}
