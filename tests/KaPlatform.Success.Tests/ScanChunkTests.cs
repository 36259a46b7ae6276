using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.Success.Api.Health;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>The daily scan scores its accounts a chunk per transaction, every input of a chunk read at once.</summary>
public sealed class ScanChunkTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    [Fact]
    public async Task Accounts_scored_in_one_chunk_get_the_scores_each_gets_alone()
    {
        var close = await service.RegisterAccountAsync("华东");
        await service.PublishAsync(new StakeholderAdded(NewId(), Now, close, NewId(), "王总", "CIO", ["economic_buyer", "coach"], 5, "ally", 90m));
        await service.PublishAsync(new InteractionLogged(NewId(), Now, close, NewId(), "visit", Now.AddDays(-3), []));
        var hostile = await service.RegisterAccountAsync("华东");
        await service.PublishAsync(new StakeholderAdded(NewId(), Now, hostile, NewId(), "赵总", "CFO", ["economic_buyer"], 4, "opponent", 20m));
        var silent = await service.RegisterAccountAsync("华东");
        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM stakeholders WHERE account_id = ANY(@ids)", new { ids = new[] { close, hostile } }) == 2
            && await service.ScalarAsync<long>("SELECT count(*) FROM interactions WHERE account_id = @close", new { close }) == 1,
            what: "stakeholders and the visit projected");

        var alone = new Dictionary<Guid, (int Score, string Components)>();
        foreach (var id in new[] { close, hostile, silent })
        {
            await ScoreAsync(work => HealthRecalculation.RecomputeAsync(work, id, Today, Options, CancellationToken.None));
            alone[id] = await StoredAsync(id);
        }

        Assert.Equal(3, alone.Values.Select(v => v.Score).Distinct().Count()); // a mix-up between them would show

        await ScoreAsync(work => HealthRecalculation.RecomputeManyAsync(work, [silent, close, hostile], Today, Options, CancellationToken.None));

        foreach (var (id, expected) in alone)
        {
            var together = await StoredAsync(id);
            Assert.Equal(expected.Score, together.Score);
            Assert.Equal(JsonDocument.Parse(expected.Components).RootElement.ToString(), JsonDocument.Parse(together.Components).RootElement.ToString());
        }
    }

    [Fact]
    public async Task The_scan_scores_every_account_across_chunks()
    {
        var region = "scan-" + NewId().ToString("N")[..8];
        var ids = Enumerable.Range(0, (2 * DailyScan.ChunkSize) + 1).Select(_ => NewId()).ToArray();
        await using (var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO account_directory (id, name, region, owner_id, as_of)
                SELECT id, 'chunk ' || id, @region, gen_random_uuid(), now() FROM unnest(@ids) AS a (id)
                """, new { ids, region });
        }

        var asOf = Today.AddDays(1);
        using var response = await service.Admin.PostAsync($"/api/success/scan?asOf={asOf:yyyy-MM-dd}", null);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("accountsScored").GetInt32() >= ids.Length);
        Assert.Equal(ids.Length, await service.ScalarAsync<long>("SELECT count(*) FROM health_scores WHERE account_id = ANY(@ids)", new { ids }));
        // Each was scored once by this scan: one history row and one band event apiece, none doubled across chunks.
        Assert.Equal(ids.Length, await service.ScalarAsync<long>("SELECT count(*) FROM health_history WHERE account_id = ANY(@ids)", new { ids }));
        Assert.Equal(ids.Length, await service.ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE '%.HealthScoreChanged,%' AND (body->>'accountId')::uuid = ANY(@ids)", new { ids }));
    }

    [Fact]
    public async Task The_timers_scan_scores_a_day_once_and_resumes_a_day_cut_short_after_its_last_scored_account()
    {
        var region = "resume-" + NewId().ToString("N")[..8];
        var ids = Enumerable.Range(0, 4).Select(_ => NewId()).Order().ToArray();
        await using var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(connection, """
            INSERT INTO account_directory (id, name, region, owner_id, as_of)
            SELECT id, 'resume ' || id, @region, gen_random_uuid(), now() FROM unnest(@ids) AS a (id)
            """, new { ids, region });
        // A day no other test scans. A run on it was cut short after scoring through the second of these accounts.
        var asOf = Today.AddDays(321);
        await Dapper.SqlMapper.ExecuteAsync(connection,
            "INSERT INTO daily_scan_runs (as_of, scored_through) VALUES (@asOf, @through)", new { asOf, through = ids[1] });
        var db = service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        var resumed = await DailyScan.RunAsync(db, asOf, Options, resume: true, CancellationToken.None);

        // Scored = a health_scores row, stamped with the time of its last scoring.
        async Task<Dictionary<Guid, DateTime>> ScoredAsync() => (await service.QueryAsync<(Guid, DateTime)>(
            "SELECT account_id, computed_at FROM health_scores WHERE account_id = ANY(@ids)", new { ids })).ToDictionary(r => r.Item1, r => r.Item2);
        var first = await ScoredAsync();
        Assert.Equal(ids[2..], first.Keys.Order().ToArray());
        Assert.True(resumed.AccountsScored >= 2);
        Assert.NotNull(await service.ScalarAsync<DateTime?>("SELECT completed_at FROM daily_scan_runs WHERE as_of = @asOf", new { asOf }));

        // Started again the same day (a restart): nothing is scored twice.
        var again = await DailyScan.RunAsync(db, asOf, Options, resume: true, CancellationToken.None);
        Assert.Equal(0, again.AccountsScored);
        Assert.Equal(first, await ScoredAsync());

        // An admin's scan of that day scores every account, whatever the timer did.
        var admin = await DailyScan.RunAsync(db, asOf, Options, resume: false, CancellationToken.None);
        var all = await ScoredAsync();
        Assert.True(admin.AccountsScored >= ids.Length);
        Assert.Equal(ids, all.Keys.Order().ToArray());
        Assert.All(first, f => Assert.True(all[f.Key] > f.Value));
    }

    private SuccessOptions Options => service.Factory.Services.GetRequiredService<IOptions<SuccessOptions>>().Value;

    private async Task ScoreAsync(Func<UnitOfWork, Task> score)
    {
        await using var work = await UnitOfWork.BeginAsync(service.Factory.Services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
        await score(work);
        await work.CommitAsync();
    }

    private async Task<(int Score, string Components)> StoredAsync(Guid id) =>
        (await service.QueryAsync<(int, string)>("SELECT score, components::text FROM health_scores WHERE account_id = @id", new { id })).Single();
}
