using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Revenue;
using KaPlatform.Success.Api.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>
/// The revenue rollup (migration 0010) serves a director's page of a region's quarter or year; the full report still
/// reads the contracts. So every check here compares the two: the page's totals and rows must be the full report's,
/// byte for byte, after whatever happened to the contracts — amendments, a contract before its account, a move to
/// another region, a replayed event, two transactions signing at once, the compaction of the deltas.
/// </summary>
public sealed class RevenueRollupTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private static readonly string[] Totals =
        ["revenue", "previousRevenue", "recurring", "expansion", "contraction", "churned", "new", "cumulative", "nrr", "grr", "referrals", "referredWon",
         "accountCount", "unconvertedCurrencies"];

    private readonly string region = "rollup-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> SignAsync(Guid account, string signedAt, decimal amount, string currency = "CNY", Guid? contract = null)
    {
        var id = contract ?? NewId();
        var date = DateOnly.Parse(signedAt, System.Globalization.CultureInfo.InvariantCulture);
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, id, NewId(), "RU", amount, currency, date, date, null));
        return id;
    }

    private Task ProjectedAsync(Guid contract, decimal amount, string signedAt) =>
        Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE id = @contract AND amount = @amount AND signed_at = @signedAt::date",
            new { contract, amount, signedAt }) == 1, what: $"contract {contract} at {amount} on {signedAt}");

    /// <summary>
    /// Full reports against pages of them (0, 1, 3 and 100 rows): totals and rows, byte for byte. By default every
    /// calendar quarter and year of 2024–2025, and 2026 (the year after).
    /// </summary>
    internal static async Task AssertPagesAreTheFullReportAsync(SuccessFixture service, HttpClient client, params (string From, string To)[] asked)
    {
        var periods = asked.Length > 0 ? [.. asked] : new List<(string From, string To)> { ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31") };
        for (var year = 2024; year <= 2025 && asked.Length == 0; year++)
        {
            for (var quarter = 0; quarter < 4; quarter++)
            {
                var from = new DateOnly(year, quarter * 3 + 1, 1);
                periods.Add((from.ToString("yyyy-MM-dd"), from.AddMonths(3).AddDays(-1).ToString("yyyy-MM-dd")));
            }
        }

        foreach (var (from, to) in periods)
        {
            var full = await service.GetAsync(client, $"/api/success/revenue?from={from}&to={to}");
            var rows = full.GetProperty("accounts").EnumerateArray().Select(r => r.GetRawText()).ToArray();
            foreach (var n in new[] { 0, 1, 3, 100 })
            {
                var page = await service.GetAsync(client, $"/api/success/revenue?from={from}&to={to}&rows={n}");
                foreach (var total in Totals)
                {
                    Assert.True(full.GetProperty(total).GetRawText() == page.GetProperty(total).GetRawText(),
                        $"{from}..{to} rows={n} {total}: full {full.GetProperty(total).GetRawText()}, page {page.GetProperty(total).GetRawText()}");
                }

                Assert.Equal(rows.Take(n), page.GetProperty("accounts").EnumerateArray().Select(r => r.GetRawText()));
            }
        }
    }

    [Fact]
    public async Task A_page_of_the_rollup_is_the_full_report_after_amendments_late_accounts_moves_and_replays()
    {
        var elsewhere = "rollup-" + Guid.NewGuid().ToString("N")[..8];
        var a1 = await service.RegisterAccountAsync(region);
        var a2 = await service.RegisterAccountAsync(region);
        var a3 = await service.RegisterAccountAsync(region);
        var mover = await service.RegisterAccountAsync(region);

        // Revenue in several quarters of two years, a currency without a rate, equal weights (order by account id).
        await SignAsync(a1, "2024-02-10", 300m);
        await SignAsync(a1, "2025-02-10", 450.50m);
        await SignAsync(a2, "2024-11-30", 700m);
        await SignAsync(a2, "2025-05-05", 120m, "USD");
        await SignAsync(a3, "2025-01-01", 450.50m);
        await SignAsync(mover, "2024-12-31", 1000m);
        var moved = await SignAsync(mover, "2025-03-31", 80m);

        // An amendment: the same contract signed again with another amount and date (ContractSigned upserts it).
        var amended = await SignAsync(a3, "2024-06-01", 999m);
        await ProjectedAsync(amended, 999m, "2024-06-01");
        await SignAsync(a3, "2025-07-15", 250m, contract: amended);
        await ProjectedAsync(amended, 250m, "2025-07-15");

        // A replay: the same message twice (the inbox drops the second) and a second message with the same content.
        var replayed = new ContractSigned(NewId(), Now, a2, NewId(), NewId(), "RU", 60m, "CNY", new DateOnly(2025, 8, 8), new DateOnly(2025, 8, 8), null);
        await service.PublishAsync(replayed);
        await service.PublishAsync(replayed);
        await service.PublishAsync(replayed with { EventId = NewId() });

        // A contract before its account.
        var late = NewId();
        var lateContract = await SignAsync(late, "2025-04-01", 333m);
        await ProjectedAsync(lateContract, 333m, "2025-04-01");
        await ProjectedAsync(moved, 80m, "2025-03-31");
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE account_id = ANY(@accounts)", new { accounts = new[] { a1, a2, a3, mover } }) == 9, what: "contracts projected");

        using var director = service.Client(Roles.SalesDirector, region);
        await AssertPagesAreTheFullReportAsync(service, director);

        await service.PublishAsync(new AccountRegistered(NewId(), Now, late, "后到的账户", region, Guid.NewGuid(), null, []));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE account_id = @late AND account_region = @region", new { late, region }) == 1, what: "the late account's region");
        await service.PublishAsync(new AccountUpdated(NewId(), Now, mover, "搬走的账户", elsewhere, Guid.NewGuid(), null, null, null, null, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE account_id = @mover AND account_region = @elsewhere", new { mover, elsewhere }) == 2, what: "the mover's contracts moved");

        await AssertPagesAreTheFullReportAsync(service, director);
        using var otherDirector = service.Client(Roles.SalesDirector, elsewhere);
        await AssertPagesAreTheFullReportAsync(service, otherDirector);

        // Admin and finance see every region: their pages come from every region's rows, first rows merged.
        await AssertPagesAreTheFullReportAsync(service, service.Admin);
        using var finance = service.Client(Roles.Finance);
        await AssertPagesAreTheFullReportAsync(service, finance, ("2025-01-01", "2025-12-31"));

        // By hand, the director's 2025 against 2024 after the move (P/P₀): a1 450.50/300; a2 60/700 (its USD has no rate; the
        // replayed contract counts once); a3 700.50/0 (the amendment moved 999 out of 2024 and 250 into 2025); the late
        // account 333/0. Weights: a2 760, a1 750.50, a3 700.50, late 333.
        var year = await service.GetAsync(director, "/api/success/revenue?from=2025-01-01&to=2025-12-31&rows=2");
        Assert.Equal(450.50m + 60m + 450.50m + 250m + 333m, year.GetProperty("revenue").GetDecimal());
        Assert.Equal(1000m, year.GetProperty("previousRevenue").GetDecimal());
        Assert.Equal(["USD"], year.GetProperty("unconvertedCurrencies").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(4, year.GetProperty("accountCount").GetInt32());
        Assert.Equal([a2, a1], year.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("accountId").GetGuid()).ToArray());

        // The page came from the rollup: built with this service's rates, holding this region's rows.
        Assert.Equal("CNY=1", await service.ScalarAsync<string>("SELECT rates FROM revenue_rollup_state"));
        Assert.True(await service.ScalarAsync<long>("SELECT count(*) FROM revenue_account_periods WHERE region = @region", new { region }) > 0);

        // Merging the deltas changes no figure and leaves one row per period.
        Assert.True(await RevenueRollupCompaction.RunAsync(service.Factory.Services.GetRequiredService<NpgsqlDataSource>(), TestContext.Current.CancellationToken) > 0);
        Assert.Equal(0, await service.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT 1 FROM revenue_period_totals WHERE region = @region GROUP BY grain, period HAVING count(*) > 1) g", new { region }));
        await AssertPagesAreTheFullReportAsync(service, director);
    }

    /// <summary>
    /// Two transactions sign contracts of one account and another in the same region at once: the second waits for the
    /// account's row, the region's sums take both (appended deltas, no row they both wait for), nothing is counted twice.
    /// </summary>
    [Fact]
    public async Task Contracts_signed_at_once_in_one_region_all_count_once()
    {
        var shared = await service.RegisterAccountAsync(region);
        var other = await service.RegisterAccountAsync(region);
        await using var first = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await using var second = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await first.OpenAsync(TestContext.Current.CancellationToken);
        await second.OpenAsync(TestContext.Current.CancellationToken);
        const string Insert = "INSERT INTO contracts (id, account_id, number, amount, currency, status, signed_at) VALUES (@id, @account, 'RU', @amount, 'CNY', 'signed', '2025-05-20')";

        await using var one = await first.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var two = await second.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(first, Insert, new { id = NewId(), account = shared, amount = 100m }, one);
        await Dapper.SqlMapper.ExecuteAsync(second, Insert, new { id = NewId(), account = other, amount = 40m }, two);
        // This one waits for the first transaction's lock on the shared account's rows.
        var waiting = Dapper.SqlMapper.ExecuteAsync(second, Insert, new { id = NewId(), account = shared, amount = 25m }, two);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await one.CommitAsync(TestContext.Current.CancellationToken);
        await waiting;
        await two.CommitAsync(TestContext.Current.CancellationToken);

        using var director = service.Client(Roles.SalesDirector, region);
        var quarter = await service.GetAsync(director, "/api/success/revenue?from=2025-04-01&to=2025-06-30&rows=5");
        Assert.Equal(165m, quarter.GetProperty("revenue").GetDecimal());
        Assert.Equal([125m, 40m], quarter.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("revenue").GetDecimal()).ToArray());
        Assert.Equal(2, quarter.GetProperty("accountCount").GetInt32());
        await AssertPagesAreTheFullReportAsync(service, director);
        await AssertPagesAreTheFullReportAsync(service, service.Admin, ("2025-04-01", "2025-06-30"), ("2025-01-01", "2025-12-31"));
    }

    [Fact]
    public void Only_whole_calendar_quarters_and_years_are_rolled_up()
    {
        Assert.Equal(("year", new DateOnly(2025, 1, 1)), RevenueRollup.PeriodOf(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));
        Assert.Equal(("quarter", new DateOnly(2025, 4, 1)), RevenueRollup.PeriodOf(new DateOnly(2025, 4, 1), new DateOnly(2025, 6, 30)));
        Assert.Equal(("quarter", new DateOnly(2024, 10, 1)), RevenueRollup.PeriodOf(new DateOnly(2024, 10, 1), new DateOnly(2024, 12, 31)));
        Assert.Null(RevenueRollup.PeriodOf(new DateOnly(2025, 2, 1), new DateOnly(2025, 4, 30)));   // three months, not a quarter
        Assert.Null(RevenueRollup.PeriodOf(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)));   // a month
        Assert.Null(RevenueRollup.PeriodOf(new DateOnly(2025, 7, 1), new DateOnly(2026, 6, 30)));   // a fiscal year
        Assert.Null(RevenueRollup.PeriodOf(new DateOnly(2025, 1, 2), new DateOnly(2025, 3, 31)));

        var (key, currencies, rates) = RevenueRollup.RatesOf(new SuccessOptions { BaseCurrency = "CNY", FxRates = new() { ["USD"] = 7.2m, ["EUR"] = 7.85m, ["CNY"] = 3m } });
        Assert.Equal("CNY=1;EUR=7.85;USD=7.2", key);
        Assert.Equal(["CNY", "EUR", "USD"], currencies);
        Assert.Equal([1m, 7.85m, 7.2m], rates);
    }

    [Fact]
    public async Task A_contract_written_while_its_account_moves_ends_in_the_new_region()
    {
        var account = await service.RegisterAccountAsync(region);
        var moved = region + "-moved";
        var contract = NewId();
        await using var writer = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await using var mover = new NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await writer.OpenAsync(TestContext.Current.CancellationToken);
        await mover.OpenAsync(TestContext.Current.CancellationToken);

        await using var writing = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(writer,
            "INSERT INTO contracts (id, account_id, number, amount, currency, status, signed_at) VALUES (@contract, @account, 'RU', 70, 'CNY', 'signed', '2025-07-01')",
            new { contract, account }, writing);
        // The move (as the directory's consumer applies it) waits for the contract being written, then hands it the region.
        var move = Dapper.SqlMapper.ExecuteAsync(mover, "UPDATE account_directory SET region = @moved WHERE id = @account", new { moved, account });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(move.IsCompleted);
        await writing.CommitAsync(TestContext.Current.CancellationToken);
        await move;

        Assert.Equal(moved, await service.ScalarAsync<string>("SELECT account_region FROM contracts WHERE id = @contract", new { contract }));
        using var director = service.Client(Roles.SalesDirector, moved);
        Assert.Equal(70m, (await service.GetAsync(director, "/api/success/revenue?from=2025-01-01&to=2025-12-31&rows=0")).GetProperty("revenue").GetDecimal());
        await AssertPagesAreTheFullReportAsync(service, director, ("2025-01-01", "2025-12-31"));
    }

    /// <summary>
    /// A contract written while its account's directory row was inserted by another transaction is seen by neither
    /// trigger (migration 0011) and keeps no region: set here by hand, as that race leaves it.
    /// </summary>
    [Fact]
    public async Task A_contract_left_without_a_region_counts_again_after_the_compaction()
    {
        var account = await service.RegisterAccountAsync(region);
        var contract = await SignAsync(account, "2025-03-01", 500m);
        await ProjectedAsync(contract, 500m, "2025-03-01");
        using var director = service.Client(Roles.SalesDirector, region);
        const string Year = "/api/success/revenue?from=2025-01-01&to=2025-12-31&rows=0";
        Assert.Equal(500m, (await service.GetAsync(director, Year)).GetProperty("revenue").GetDecimal());

        await service.ScalarAsync<int>("UPDATE contracts SET account_region = NULL WHERE id = @contract RETURNING 1", new { contract });
        Assert.Equal(0m, (await service.GetAsync(director, Year)).GetProperty("revenue").GetDecimal());

        // The service's own run may have come first (at start and every five minutes): the state is what counts.
        await RevenueRollupCompaction.RunAsync(service.Factory.Services.GetRequiredService<NpgsqlDataSource>(), TestContext.Current.CancellationToken);
        Assert.Equal(region, await service.ScalarAsync<string>("SELECT account_region FROM contracts WHERE id = @contract", new { contract }));
        Assert.Equal(500m, (await service.GetAsync(director, Year)).GetProperty("revenue").GetDecimal());
        await AssertPagesAreTheFullReportAsync(service, director, ("2025-01-01", "2025-12-31"));
    }
}

/// <summary>
/// Rates are configuration: a service that starts with other rates than the rollup was built with builds it again
/// before it serves, and an instance still running with the old rates reads the contracts instead (a rolling change).
/// </summary>
public sealed class RevenueRollupRatesTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    [Fact]
    public async Task A_start_with_other_rates_rebuilds_the_rollup_and_the_old_instance_reads_the_contracts()
    {
        var region = "rates-" + Guid.NewGuid().ToString("N")[..8];
        var account = await service.RegisterAccountAsync(region);
        var other = await service.RegisterAccountAsync(region);
        var date = new DateOnly(2025, 2, 2);
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, NewId(), NewId(), "RR", 100m, "CNY", date, date, null));
        await service.PublishAsync(new ContractSigned(NewId(), Now, other, NewId(), NewId(), "RR", 20m, "USD", date, date, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE account_id = ANY(@accounts)", new { accounts = new[] { account, other } }) == 2, what: "contracts projected");
        const string Page = "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=10";
        using var director = service.Client(Roles.SalesDirector, region);
        var before = await service.GetAsync(director, Page);
        Assert.Equal(100m, before.GetProperty("revenue").GetDecimal());
        Assert.Equal(["USD"], before.GetProperty("unconvertedCurrencies").EnumerateArray().Select(c => c.GetString()!).ToArray());

        await using var restarted = await KaPlatform.Testing.ServiceFactory<Program>.StartAsync(service.Infrastructure, "successdb",
            new Dictionary<string, string?> { ["Success:FxRates:USD"] = "7.2" }, database: service.Factory.DatabaseConnectionString);
        Assert.Equal("CNY=1;USD=7.2", await service.ScalarAsync<string>("SELECT rates FROM revenue_rollup_state"));

        using var newDirector = restarted.ClientFor(Guid.NewGuid(), Roles.SalesDirector, region);
        var after = await service.GetAsync(newDirector, Page);
        Assert.Equal(244m, after.GetProperty("revenue").GetDecimal());
        Assert.Empty(after.GetProperty("unconvertedCurrencies").EnumerateArray());
        Assert.Equal([other, account], after.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("accountId").GetGuid()).ToArray());
        var full = await service.GetAsync(newDirector, "/api/success/revenue?from=2025-01-01&to=2025-03-31");
        foreach (var total in new[] { "revenue", "new", "cumulative", "accountCount", "unconvertedCurrencies" })
        {
            Assert.Equal(full.GetProperty(total).GetRawText(), after.GetProperty(total).GetRawText());
        }

        // The instance still configured without the rate is not served the other rates' figures.
        var old = await service.GetAsync(director, Page);
        Assert.Equal(before.GetRawText(), old.GetRawText());
    }

}
