using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Success.Api.Revenue;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>
/// docs/product.md §4.4 on a data set computed by hand. P = 2025-Q1 (three whole months), so P₀ = 2024-Q4.
///
/// | account | class | before P₀        | P₀  | P         | after P | term it exercises            |
/// |---------|-------|------------------|-----|-----------|---------|------------------------------|
/// | a1      | A     | 10 (2024-09-30)  | 100 (2024-10-01, first day) | 150 | | recurring 100, expansion 50 |
/// | a2      | B     |                  | 200 | 120 (2025-03-31, last day) | | recurring 120, contraction 80 |
/// | a3      | A     |                  | 80  | 0         |         | churned 80                   |
/// | a4      | C     |                  | 0   | 100 + 200 |         | new 300                      |
/// | a5      | B     | 50               |     |           |         | cumulative only, no row      |
/// | a6      | A     |                  |     |           | 999     | nothing (after the period)   |
///
/// Σ rev_P = 570, Σ rev_P₀ = 380; recurring 220, expansion 50, contraction 80, churned 80, new 300;
/// cumulative 10+100+150 + 200+120 + 80 + 300 + 50 = 1010; nrr = (150+120+0)/380 = 0.7105; grr = 220/380 = 0.5789.
/// Checks: rev_P = recurring + expansion + new; rev_P₀ = recurring + contraction + churned.
/// </summary>
public sealed class RevenueTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private readonly string region = "rev-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> AccountAsync(string @class, params (string SignedAt, decimal Amount)[] contracts)
    {
        var account = await service.RegisterAccountAsync(region);
        await service.PublishAsync(new AccountClassified(NewId(), Now, account, 2025, @class, null, "high", "high", "invest_heavily", "retain", "core", true));
        foreach (var (signedAt, amount) in contracts)
        {
            var date = DateOnly.Parse(signedAt, System.Globalization.CultureInfo.InvariantCulture);
            await service.PublishAsync(new ContractSigned(NewId(), Now, account, NewId(), NewId(), "R", amount, "CNY", date, date, null));
        }

        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @account", new { account }) == contracts.Length
            && await service.ScalarAsync<long>("SELECT count(*) FROM success_accounts WHERE account_id = @account AND class = @class", new { account, @class }) == 1,
            what: "contracts and class projected");
        return account;
    }

    [Fact]
    public async Task Every_term_of_the_formula_matches_the_hand_computed_data_set()
    {
        var a1 = await AccountAsync("A", ("2024-09-30", 10m), ("2024-10-01", 100m), ("2025-02-01", 150m));
        var a2 = await AccountAsync("B", ("2024-11-15", 200m), ("2025-03-31", 120m));
        var a3 = await AccountAsync("A", ("2024-12-31", 80m));
        var a4 = await AccountAsync("C", ("2025-01-01", 100m), ("2025-03-01", 200m));
        await AccountAsync("B", ("2024-06-01", 50m));
        await AccountAsync("A", ("2025-04-01", 999m));

        using var cs = service.Client(Roles.CsManager, region);
        var all = await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31");
        Assert.Equal("2024-10-01", all.GetProperty("previousFrom").GetString());
        Assert.Equal("2024-12-31", all.GetProperty("previousTo").GetString());
        AssertTotals(all, revenue: 570, previous: 380, recurring: 220, expansion: 50, contraction: 80, churned: 80, @new: 300, cumulative: 1010, nrr: 0.7105m, grr: 0.5789m);

        var rows = all.GetProperty("accounts").EnumerateArray().ToDictionary(r => r.GetProperty("accountId").GetGuid());
        Assert.Equal([a1, a2, a3, a4], rows.Keys.Order().ToArray());
        Assert.Equal(50m, rows[a1].GetProperty("expansion").GetDecimal());
        Assert.Equal(260m, rows[a1].GetProperty("cumulative").GetDecimal());
        Assert.Equal(80m, rows[a2].GetProperty("contraction").GetDecimal());
        Assert.Equal(80m, rows[a3].GetProperty("churned").GetDecimal());
        Assert.Equal(300m, rows[a4].GetProperty("new").GetDecimal());

        Assert.Equal(4, all.GetProperty("accountCount").GetInt32());

        // Rows weigh by revenue in both periods: a2 320, a4 300, a1 250, a3 80 (churned, still listed before smaller ones).
        Assert.Equal([a2, a4, a1, a3], all.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("accountId").GetGuid()).ToArray());

        // Fewer rows: the first of that order, the totals still over every account.
        var top = await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=2");
        AssertTotals(top, revenue: 570, previous: 380, recurring: 220, expansion: 50, contraction: 80, churned: 80, @new: 300, cumulative: 1010, nrr: 0.7105m, grr: 0.5789m);
        Assert.Equal([a2, a4], top.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Equal(4, top.GetProperty("accountCount").GetInt32());
        var none = await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=0");
        AssertTotals(none, revenue: 570, previous: 380, recurring: 220, expansion: 50, contraction: 80, churned: 80, @new: 300, cumulative: 1010, nrr: 0.7105m, grr: 0.5789m);
        Assert.Empty(none.GetProperty("accounts").EnumerateArray());
        Assert.Equal(4, (await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=9")).GetProperty("accounts").GetArrayLength());

        // Class A: a1 and a3 only (a6 signs after the period). nrr = 150/180, grr = 100/180.
        var classA = await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31&class=A");
        AssertTotals(classA, revenue: 150, previous: 180, recurring: 100, expansion: 50, contraction: 0, churned: 80, @new: 0, cumulative: 340, nrr: 0.8333m, grr: 0.5556m);

        // Nothing in P₀: nrr and grr are undefined.
        var classC = await service.GetAsync(cs, "/api/success/revenue?from=2025-01-01&to=2025-03-31&class=C");
        AssertTotals(classC, revenue: 300, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 300, cumulative: 300, nrr: null, grr: null);

        var one = await service.GetAsync(cs, $"/api/success/revenue?from=2025-01-01&to=2025-03-31&accountId={a2}");
        AssertTotals(one, revenue: 120, previous: 200, recurring: 120, expansion: 0, contraction: 80, churned: 0, @new: 0, cumulative: 320, nrr: 0.6m, grr: 0.6m);
    }

    /// <summary>
    /// A report asked with `rows` reads its sums without names and classes and names only the rows it keeps
    /// (issue 18); it must be the full report's first rows, named and classed alike, over the same totals, for every
    /// kind of scope (the region copied onto the contracts, a team, a single account) and with a class filter. A
    /// currency without a rate stays out of both and is listed by both.
    /// </summary>
    [Fact]
    public async Task A_shortened_report_is_the_full_reports_first_rows_over_the_same_totals()
    {
        var owner = Guid.NewGuid();
        var a1 = await AccountAsync("A", ("2025-02-01", 500m), ("2024-11-01", 300m));
        var a2 = await AccountAsync("B", ("2025-03-01", 200m));
        var a3 = await AccountAsync("A", ("2024-12-01", 650m), ("2023-01-01", 40m));
        await AccountAsync("C", ("2025-01-15", 200m), ("2024-10-15", 100m));
        var a5 = await service.RegisterAccountAsync(region, owner, name: "美元账户");
        var march = new DateOnly(2025, 3, 3);
        await service.PublishAsync(new ContractSigned(NewId(), Now, a5, NewId(), NewId(), "R", 900m, "USD", march, march, null));
        await service.PublishAsync(new ContractSigned(NewId(), Now, a5, NewId(), NewId(), "R", 70m, "CNY", march, march, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @a5", new { a5 }) == 2,
            what: "a5's contracts projected");

        using var director = service.Client(Roles.SalesDirector, region);
        using var kam = service.Client(Roles.KeyAccountManager, region, owner);
        foreach (var (client, query) in new[]
        {
            (director, "from=2025-01-01&to=2025-03-31"),
            (director, "from=2025-01-01&to=2025-03-31&class=A"),
            (service.Admin, $"from=2025-01-01&to=2025-03-31&accountId={a1}"),
            (kam, "from=2025-01-01&to=2025-03-31"),
        })
        {
            var full = await service.GetAsync(client, "/api/success/revenue?" + query);
            var rows = full.GetProperty("accounts").EnumerateArray().Select(r => r.GetRawText()).ToArray();
            Assert.NotEmpty(rows);
            foreach (var n in new[] { 0, 1, 2, 3, 100 })
            {
                var shortened = await service.GetAsync(client, $"/api/success/revenue?{query}&rows={n}");
                foreach (var total in new[] { "revenue", "previousRevenue", "recurring", "expansion", "contraction", "churned", "new", "cumulative", "nrr", "grr", "referrals", "referredWon", "accountCount", "unconvertedCurrencies" })
                {
                    Assert.Equal(full.GetProperty(total).GetRawText(), shortened.GetProperty(total).GetRawText());
                }

                Assert.Equal(rows.Take(n), shortened.GetProperty("accounts").EnumerateArray().Select(r => r.GetRawText()));
            }
        }

        // The director's quarter, by hand (P/P₀): a1 500/300, a3 0/650, the C account 200/100, a2 200/0, a5 70/0 (its 900 USD has no
        // rate): revenue 970, in that order.
        var quarter = await service.GetAsync(director, "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=2");
        Assert.Equal(970m, quarter.GetProperty("revenue").GetDecimal());
        Assert.Equal(["USD"], quarter.GetProperty("unconvertedCurrencies").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal([a1, a3], quarter.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Equal(["A", "A"], quarter.GetProperty("accounts").EnumerateArray().Select(r => r.GetProperty("class").GetString()!).ToArray());
        Assert.Equal(5, quarter.GetProperty("accountCount").GetInt32());
        var mine = await service.GetAsync(kam, "/api/success/revenue?from=2025-01-01&to=2025-03-31&rows=1");
        Assert.Equal("美元账户", Assert.Single(mine.GetProperty("accounts").EnumerateArray()).GetProperty("accountName").GetString());
        Assert.Equal(a2, (await service.GetAsync(director, "/api/success/revenue?from=2025-01-01&to=2025-03-31&class=B&rows=5"))
            .GetProperty("accounts").EnumerateArray().Single().GetProperty("accountId").GetGuid());
    }

    [Fact]
    public async Task A_completion_applied_before_its_signing_is_kept_and_the_signing_still_counts()
    {
        var account = await service.RegisterAccountAsync("西北");
        var contract = NewId();
        await service.PublishAsync(new ContractCompleted(NewId(), Now, account, contract, "HT-DONE", 500_000m, "CNY"));
        await KaPlatform.Testing.Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE id = @contract AND status = 'completed'", new { contract }) == 1, what: "completion applied");

        await service.PublishAsync(new ContractSigned(NewId(), Now.AddDays(-200), account, contract, NewId(), "HT-DONE", 500_000m, "CNY", Today.AddDays(-200), Today.AddDays(-200), null));
        await KaPlatform.Testing.Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE id = @contract AND signed_at IS NOT NULL", new { contract }) == 1, what: "signing applied");
        Assert.Equal("completed", await service.ScalarAsync<string>("SELECT status FROM contracts WHERE id = @contract", new { contract }));
        Assert.Equal("西北", await service.ScalarAsync<string>("SELECT account_region FROM contracts WHERE id = @contract", new { contract }));
    }

    [Fact]
    public async Task Accounts_outside_the_callers_scope_do_not_count()
    {
        var owner = Guid.NewGuid();
        var account = await service.RegisterAccountAsync(region, owner);
        var date = new DateOnly(2023, 5, 5);
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, NewId(), NewId(), "R", 777m, "CNY", date, date, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @account", new { account }) == 1);

        using var ownerClient = service.Client(Roles.KeyAccountManager, region, owner);
        AssertTotals(await service.GetAsync(ownerClient, "/api/success/revenue?from=2023-05-01&to=2023-05-31"),
            revenue: 777, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 777, cumulative: 777, nrr: null, grr: null);

        using var otherKam = service.Client(Roles.KeyAccountManager, region);
        var hidden = await service.GetAsync(otherKam, "/api/success/revenue?from=2023-05-01&to=2023-05-31");
        Assert.Equal(0m, hidden.GetProperty("revenue").GetDecimal());
        Assert.Empty(hidden.GetProperty("accounts").EnumerateArray());
    }

    /// <summary>
    /// A director's report reads the region copied onto the contracts (migration 0007). A contract whose account is not
    /// yet in the directory counts once the account arrives; a contract of an account that moves counts in its new
    /// region only, for the director and for an admin the same.
    /// </summary>
    [Fact]
    public async Task A_contract_counts_in_its_accounts_current_region_whatever_the_order_of_events()
    {
        var elsewhere = "rev-" + Guid.NewGuid().ToString("N")[..8];
        var date = new DateOnly(2022, 3, 3);

        // The contract first, its account afterwards.
        var late = NewId();
        await service.PublishAsync(new ContractSigned(NewId(), Now, late, NewId(), NewId(), "R", 400m, "CNY", date, date, null));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @late", new { late }) == 1);
        using var director = service.Client(Roles.SalesDirector, region);
        Assert.Equal(0m, (await service.GetAsync(director, "/api/success/revenue?from=2022-03-01&to=2022-03-31")).GetProperty("revenue").GetDecimal());
        var owner = Guid.NewGuid();
        await service.PublishAsync(new AccountRegistered(NewId(), Now, late, "后到的账户", region, owner, null, [owner]));
        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @late AND account_region = @region", new { late, region }) == 1,
            what: "the late account's region on its contract");
        var arrived = await service.GetAsync(director, "/api/success/revenue?from=2022-03-01&to=2022-03-31");
        AssertTotals(arrived, revenue: 400, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 400, cumulative: 400, nrr: null, grr: null);

        // The account moves: its contracts move with it, older ones included.
        var mover = await AccountAsync("B", ("2022-03-10", 250m), ("2021-01-01", 50m));
        AssertTotals(await service.GetAsync(director, "/api/success/revenue?from=2022-03-01&to=2022-03-31"),
            revenue: 650, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 650, cumulative: 700, nrr: null, grr: null);
        await service.PublishAsync(new AccountUpdated(NewId(), Now, mover, "搬走的账户", elsewhere, Guid.NewGuid(), null, null, null, null, null));
        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE account_id = @mover AND account_region = @elsewhere", new { mover, elsewhere }) == 2,
            what: "the mover's contracts in the new region");

        AssertTotals(await service.GetAsync(director, "/api/success/revenue?from=2022-03-01&to=2022-03-31"),
            revenue: 400, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 400, cumulative: 400, nrr: null, grr: null);
        using var newDirector = service.Client(Roles.SalesDirector, elsewhere);
        var moved = await service.GetAsync(newDirector, "/api/success/revenue?from=2022-03-01&to=2022-03-31");
        AssertTotals(moved, revenue: 250, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 250, cumulative: 300, nrr: null, grr: null);
        Assert.Equal(mover, Assert.Single(moved.GetProperty("accounts").EnumerateArray()).GetProperty("accountId").GetGuid());

        // The admin's report (the directory join, not the copied region) agrees on the mover.
        var asAdmin = await service.GetAsync(service.Admin, $"/api/success/revenue?from=2022-03-01&to=2022-03-31&accountId={mover}");
        AssertTotals(asAdmin, revenue: 250, previous: 0, recurring: 0, expansion: 0, contraction: 0, churned: 0, @new: 250, cumulative: 300, nrr: null, grr: null);
    }

    [Fact]
    public async Task Missing_or_reversed_dates_and_unknown_classes_are_400s()
    {
        using var cs = service.Client(Roles.CsManager, region);
        using var missing = await cs.GetAsync("/api/success/revenue?class=E");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("to", out _));
        Assert.True(errors.TryGetProperty("class", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await cs.GetAsync("/api/success/revenue?from=2025-02-01&to=2025-01-01")).StatusCode);
        foreach (var rows in new[] { "-1", "x", "1.5", "99999999999" })
        {
            using var bad = await cs.GetAsync($"/api/success/revenue?from=2025-01-01&to=2025-01-31&rows={rows}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rows", out _), rows);
        }
    }

    [Fact]
    public void The_previous_period_has_the_same_length_in_months_or_else_in_days()
    {
        Assert.Equal((new DateOnly(2024, 12, 1), new DateOnly(2024, 12, 31)), RevenueMetrics.PreviousPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31)));
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), RevenueMetrics.PreviousPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)));
        Assert.Equal((new DateOnly(2024, 12, 1), new DateOnly(2025, 2, 28)), RevenueMetrics.PreviousPeriod(new DateOnly(2025, 3, 1), new DateOnly(2025, 5, 31)));
        // Not whole months: the same number of days right before.
        Assert.Equal((new DateOnly(2025, 4, 25), new DateOnly(2025, 5, 4)), RevenueMetrics.PreviousPeriod(new DateOnly(2025, 5, 5), new DateOnly(2025, 5, 14)));
    }

    private static void AssertTotals(JsonElement report, decimal revenue, decimal previous, decimal recurring, decimal expansion, decimal contraction,
        decimal churned, decimal @new, decimal cumulative, decimal? nrr, decimal? grr)
    {
        Assert.Equal(revenue, report.GetProperty("revenue").GetDecimal());
        Assert.Equal(previous, report.GetProperty("previousRevenue").GetDecimal());
        Assert.Equal(recurring, report.GetProperty("recurring").GetDecimal());
        Assert.Equal(expansion, report.GetProperty("expansion").GetDecimal());
        Assert.Equal(contraction, report.GetProperty("contraction").GetDecimal());
        Assert.Equal(churned, report.GetProperty("churned").GetDecimal());
        Assert.Equal(@new, report.GetProperty("new").GetDecimal());
        Assert.Equal(cumulative, report.GetProperty("cumulative").GetDecimal());
        Assert.Equal(nrr, report.GetProperty("nrr").ValueKind == JsonValueKind.Null ? null : report.GetProperty("nrr").GetDecimal());
        Assert.Equal(grr, report.GetProperty("grr").ValueKind == JsonValueKind.Null ? null : report.GetProperty("grr").GetDecimal());
    }
}
