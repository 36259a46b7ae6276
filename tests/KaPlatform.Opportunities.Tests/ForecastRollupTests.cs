using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using KaPlatform.Opportunities.Api.Targets;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Opportunities.Tests;

/// <summary>
/// Issue 18: forecast_rollup is kept by statement triggers on opportunities (migration 0008) and answers a director's
/// and an admin's forecast. Both tests run on the same mix of writes through the API, the region projection and plain SQL.
/// </summary>
public sealed class ForecastRollupTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    /// <summary>What the rollup must hold: the forecast's own sums, grouped, over the opportunities as they are.</summary>
    private const string Truth = """
        SELECT account_region, date_trunc('month', forecast_on)::date AS forecast_month, stage, currency,
               count(*) AS count, sum(amount) AS amount, sum(amount * probability / 100.0) AS weighted
        FROM opportunities WHERE forecast_on IS NOT NULL GROUP BY 1, 2, 3, 4
        """;

    private const string Kept = "SELECT account_region, forecast_month, stage, currency, count, amount, weighted FROM forecast_rollup WHERE count > 0";

    private static readonly SemaphoreSlim DataOnce = new(1, 1);
    private static (string Region, string Moved)? data;

    /// <summary>Builds the data set once per class: creates, stage moves, edits, wins, losses, a region move, bulk SQL.</summary>
    private async Task<(string Region, string Moved)> DataAsync()
    {
        await DataOnce.WaitAsync();
        try
        {
            return data ??= await WriteEverythingAsync();
        }
        finally
        {
            DataOnce.Release();
        }
    }

    private async Task<(string Region, string Moved)> WriteEverythingAsync()
    {
        var (region, other, moved) = (Deals.Region(), Deals.Region(), Deals.Region());
        var seller = Guid.NewGuid();
        var account = await service.AccountAsync(region, seller);
        var leaving = await service.AccountAsync(region, seller);
        var elsewhere = await service.AccountAsync(other, Guid.NewGuid());
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);

        var opened = await admin.OpenAsync(account, 123_456.78m, "2026-11-03", seller);
        var moving = await admin.OpenAsync(account, 200_000m, "2026-05-20", seller);
        await admin.MoveAsync(moving, "commercial_negotiation", "测试数据");
        var edited = await admin.OpenAsync(account, 77_777.77m, "2026-02-14", seller);
        (await admin.PatchAsync($"/api/opportunities/{edited}", new { amount = 88_888.89m, expectedCloseDate = "2026-08-31" })).Expect(HttpStatusCode.OK);
        (await admin.PatchAsync($"/api/opportunities/{edited}", new { probability = 33, probabilityReason = "客户预算待批" })).Expect(HttpStatusCode.OK);
        (await admin.PatchAsync($"/api/opportunities/{opened}", new { name = "只改名称" })).Expect(HttpStatusCode.OK);
        var won = await admin.OpenAsync(account, 300_000m, "2026-12-30", seller);
        (await admin.PostAsync($"/api/opportunities/{won}/win", new { closeDate = "2026-03-10" })).Expect(HttpStatusCode.OK);
        var lost = await admin.OpenAsync(account, 45_000.05m, "2026-07-01", seller);
        (await admin.PostAsync($"/api/opportunities/{lost}/lose", new { closeDate = "2025-12-31", reason = "预算取消" })).Expect(HttpStatusCode.OK);
        await admin.OpenAsync(account, 10_000m, "2026-09-09", seller);
        await admin.OpenAsync(leaving, 500_000m, "2026-10-10", seller);
        await admin.OpenAsync(elsewhere, 999_999.99m, "2026-06-06");

        // The AccountRegionChanged projection: the account's deals leave the region for another.
        await service.Bus.Publish(new KaPlatform.Accounts.IntegrationEvents.AccountUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, leaving, "迁移客户", moved,
            seller, null, null, null, null, null));
        await service.WaitForAsync("SELECT count(*) FROM opportunities WHERE account_id = @leaving AND account_region = @moved", new { leaving, moved });

        // An import or a bulk load writes many rows in one statement (COPY fires the same statement triggers); the
        // service deletes no opportunity, but the rollup must survive a DELETE all the same.
        await using var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO opportunities (id, account_id, name, type, amount, currency, expected_close_date, stage, probability, owner_id, account_region)
            SELECT gen_random_uuid(), @account, '批量导入 ' || i, 'new', (i * 1234.57) % 500000, CASE WHEN i % 7 = 0 THEN 'USD' ELSE 'CNY' END,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE date '2025-10-01' + i * 3 END,
                   (ARRAY['initiation', 'solution_design', 'deep_engagement'])[1 + i % 3], i % 101, @seller, @region
            FROM generate_series(1, 300) i
            """, new { account, seller, region });
        await connection.ExecuteAsync("UPDATE opportunities SET probability = (probability + 17) % 101 WHERE name LIKE '批量导入 %' AND probability % 2 = 0");
        await connection.ExecuteAsync("DELETE FROM opportunities WHERE name LIKE '批量导入 %' AND probability % 5 = 0");
        return (region, moved);
    }

    [Fact]
    public async Task The_rollup_equals_the_grouped_opportunities_after_every_kind_of_write()
    {
        var (region, moved) = await DataAsync();
        await using var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString);

        var missing = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM ({Truth} EXCEPT {Kept}) d");
        var extra = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM ({Kept} EXCEPT {Truth}) d");
        Assert.Equal((0L, 0L), (missing, extra));
        // Not two empty tables, and the move really took the account's deal along.
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT sum(count) FROM forecast_rollup WHERE account_region = @region", new { region }) > 200);
        Assert.Equal(500_000m, await connection.ExecuteScalarAsync<decimal>("SELECT sum(amount) FROM forecast_rollup WHERE account_region = @moved", new { moved }));
        // A row kept at 0 holds nothing: the deltas cancel exactly.
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM forecast_rollup WHERE count = 0 AND (amount <> 0 OR weighted <> 0)"));
    }

    [Theory]
    [InlineData("2026")]
    [InlineData("2026-Q4")]
    [InlineData("2026-08")]
    [InlineData("2025-Q4")]
    public async Task A_director_and_an_admin_get_through_the_rollup_the_answer_of_the_query_over_opportunities(string period)
    {
        var (region, moved) = await DataAsync();
        var db = service.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        foreach (var user in new[] { Principal(Roles.SalesDirector, region), Principal(Roles.SalesDirector, moved), Principal(Roles.Admin, null) })
        {
            var fromRollup = await ForecastJsonAsync(db, user, period, useRollup: true);
            var fromOpportunities = await ForecastJsonAsync(db, user, period, useRollup: false);
            Assert.Equal(fromOpportunities, fromRollup);
        }
    }

    [Fact]
    public async Task The_directors_forecast_is_read_from_the_rollup_and_an_owners_is_not()
    {
        var (region, _) = await DataAsync();
        var seller = await service.QueryAsync<Guid>("SELECT owner_id FROM opportunities WHERE account_region = @region LIMIT 1", new { region });
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        var before = (await director.GetJsonAsync("/api/forecast?period=2026-Q4")).Expect(HttpStatusCode.OK).GetProperty("pipeline").GetDecimal();
        var ownerBefore = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}")).Expect(HttpStatusCode.OK).GetProperty("pipeline").GetDecimal();

        // A row no opportunity stands behind shows only where the rollup is read; it is taken out again for the other tests.
        await using var connection = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.ExecuteAsync(
            "INSERT INTO forecast_rollup VALUES (@region, '2026-12-01', 'signing', 'CNY', 1, 1000.00, 250.00)", new { region });
        try
        {
            var after = (await director.GetJsonAsync("/api/forecast?period=2026-Q4")).Expect(HttpStatusCode.OK).GetProperty("pipeline").GetDecimal();
            var ownerAfter = (await director.GetJsonAsync($"/api/forecast?period=2026-Q4&ownerId={seller}")).Expect(HttpStatusCode.OK).GetProperty("pipeline")
                .GetDecimal();
            Assert.Equal(before + 1000m, after);
            Assert.Equal(ownerBefore, ownerAfter);
        }
        finally
        {
            await connection.ExecuteAsync("DELETE FROM forecast_rollup WHERE account_region = @region AND forecast_month = '2026-12-01' AND stage = 'signing'",
                new { region });
        }
    }

    private static ClaimsPrincipal Principal(string role, string? region)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new(ClaimTypes.Role, role) };
        if (region is not null)
        {
            claims.Add(new Claim(Caller.RegionClaim, region));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private static async Task<string> ForecastJsonAsync(NpgsqlDataSource db, ClaimsPrincipal user, string period, bool useRollup)
    {
        var answer = await Forecast.ComputeAsync(period, null, null, user, db, useRollup, CancellationToken.None);
        return JsonSerializer.Serialize(answer.Value, JsonSerializerOptions.Web);
    }
}
