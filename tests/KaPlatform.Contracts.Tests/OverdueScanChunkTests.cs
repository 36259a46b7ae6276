using Dapper;

namespace KaPlatform.Contracts.Tests;

/// <summary>
/// The overdue scan works through past-due milestones a chunk at a time (the fixture sets two per transaction): every
/// milestone of a backlog larger than a chunk is marked and announced once per threshold, and a second scan adds nothing.
/// </summary>
public sealed class OverdueScanChunkTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task A_backlog_of_several_chunks_is_worked_off_and_each_threshold_goes_out_once()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        // Due long before any other test's milestones, so they are the first rows of the scan's order.
        var due = new DateOnly(2001, 1, 10);
        var contract = await host.SignedAsync(account, 1000m, [.. Enumerable.Range(0, 5).Select(_ => ContractsFixture.Fixed(20, due))], new DateOnly(2001, 1, 1));
        var milestones = contract.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("id").GetGuid().ToString()).ToArray();

        for (var run = 0; run < 2; run++)
        {
            (await host.Finance.PostAsync("/api/collections/overdue-scan?asOf=2001-06-01", null)).EnsureSuccessStatusCode();
        }

        await using var db = host.Database();
        var sent = (await db.QueryAsync<(string Milestone, int Threshold)>(
            """
            SELECT body->>'milestoneId', (body->>'daysOverdueThreshold')::int FROM outbox
            WHERE routing_key = 'milestone_overdue' AND body->>'milestoneId' = ANY (@milestones) ORDER BY 1, 2
            """, new { milestones })).AsList();
        Assert.Equal(
            milestones.Order(StringComparer.Ordinal).SelectMany(m => new[] { 0, 30, 60, 90 }.Select(t => (m, t))),
            sent);
        Assert.Equal(5, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM milestones WHERE id::text = ANY (@milestones) AND overdue_since = @since", new { milestones, since = due.AddDays(1) }));
    }
}
