using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using MassTransit;

namespace KaPlatform.Contracts.Tests;

public sealed class CollectionsTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Fact]
    public async Task Overdue_notices_go_out_once_on_becoming_overdue_and_once_past_30_60_and_90_days()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var due = new DateOnly(2026, 1, 31);
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, due)], new DateOnly(2026, 1, 1));
        var milestone = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();

        async Task<int[]> ScanAsync(int daysAfterDue)
        {
            using var response = await host.Finance.PostAsync($"/api/collections/overdue-scan?asOf={due.AddDays(daysAfterDue):yyyy-MM-dd}", null);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("notices").EnumerateArray().Where(n => n.GetProperty("milestoneId").GetGuid() == milestone)
                .Select(n => n.GetProperty("threshold").GetInt32()).ToArray();
        }

        Assert.Empty(await ScanAsync(0));     // due today is not late
        Assert.Equal(new[] { 0 }, await ScanAsync(1));
        Assert.Empty(await ScanAsync(1));     // a second run the same day sends nothing
        Assert.Empty(await ScanAsync(30));
        Assert.Equal(new[] { 30 }, await ScanAsync(31));
        Assert.Empty(await ScanAsync(60));
        Assert.Equal(new[] { 60 }, await ScanAsync(61));
        Assert.Equal(new[] { 90 }, await ScanAsync(91));
        Assert.Empty(await ScanAsync(400));

        Assert.Equal("overdue", (await host.GetContractAsync(contract.GetProperty("id").GetGuid())).GetProperty("milestones")[0].GetProperty("status").GetString());
        await using var db = host.Database();
        var sent = (await db.QueryAsync<int>(
            "SELECT (body->>'daysOverdueThreshold')::int FROM outbox WHERE routing_key = 'milestone_overdue' AND body->>'milestoneId' = @Id ORDER BY seq",
            new { Id = milestone.ToString() })).ToArray();
        Assert.Equal([0, 30, 60, 90], sent);
    }

    [Fact]
    public async Task A_scan_finding_a_milestone_long_overdue_sends_every_threshold_it_passed_and_never_one_for_a_paid_milestone()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(50, new DateOnly(2026, 1, 10)), ContractsFixture.Fixed(50, new DateOnly(2026, 1, 10))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var paid = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        (await host.PayAsync(id, 500m, "R-" + Guid.NewGuid(), new DateOnly(2026, 1, 9), paid)).EnsureSuccessStatusCode();

        using var response = await host.Finance.PostAsync("/api/collections/overdue-scan?asOf=2026-05-01", null);
        var notices = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notices").EnumerateArray()
            .Where(n => n.GetProperty("contractId").GetGuid() == id).ToList();

        Assert.Equal([0, 30, 60, 90], notices.Select(n => n.GetProperty("threshold").GetInt32()).ToArray());
        Assert.DoesNotContain(notices, n => n.GetProperty("milestoneId").GetGuid() == paid);
    }

    [Fact]
    public async Task A_scan_passing_a_threshold_while_a_payment_is_in_flight_waits_for_it_and_sends_nothing_for_what_it_settled()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var due = new DateOnly(2026, 2, 13);
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, due)], new DateOnly(2026, 1, 1));
        var contractId = contract.GetProperty("id").GetGuid();
        var milestone = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        (await host.Finance.PostAsync($"/api/collections/overdue-scan?asOf={due.AddDays(1):yyyy-MM-dd}", null)).EnsureSuccessStatusCode();

        // A payment's transaction between its milestone update and its commit, as PaymentLedger leaves it: the contract
        // held FOR UPDATE, the milestone settled. It cannot be paused inside the service, so it is written here.
        await using var payment = host.Database();
        await payment.OpenAsync();
        await using var inFlight = await payment.BeginTransactionAsync();
        await payment.ExecuteAsync("SELECT id FROM contracts WHERE id = @contractId FOR UPDATE", new { contractId }, inFlight);
        await payment.ExecuteAsync("UPDATE milestones SET paid_amount = amount, settled_on = @settled WHERE id = @milestone",
            new { milestone, settled = due.AddDays(29) }, inFlight);

        var scan = host.Finance.PostAsync($"/api/collections/overdue-scan?asOf={due.AddDays(31):yyyy-MM-dd}", null);
        await using (var watcher = host.Database())
        {
            // Until the scan either finishes (reading the milestone as it was) or waits for the payment.
            await Eventually.TrueAsync(async () => scan.IsCompleted || await watcher.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR SHARE OF c%'") > 0,
                what: "the scan finished or waiting for the payment");
        }

        await inFlight.CommitAsync();
        using var response = await scan;
        response.EnsureSuccessStatusCode();
        Assert.DoesNotContain((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notices").EnumerateArray(),
            n => n.GetProperty("milestoneId").GetGuid() == milestone);
        await using var db = host.Database();
        var sent = (await db.QueryAsync<int>(
            "SELECT (body->>'daysOverdueThreshold')::int FROM outbox WHERE routing_key = 'milestone_overdue' AND body->>'milestoneId' = @Id ORDER BY seq",
            new { Id = milestone.ToString() })).ToArray();
        Assert.Equal([0], sent);
    }

    [Fact]
    public async Task Only_finance_and_admins_run_the_overdue_scan()
    {
        using var rep = host.ClientFor(Guid.NewGuid(), Roles.SalesRep);
        using var response = await rep.PostAsync("/api/collections/overdue-scan?asOf=2026-05-01", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Aging_buckets_put_30_60_and_90_days_in_the_lower_bucket_and_31_61_91_in_the_next()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        int[] daysPastDue = [0, 1, 30, 31, 60, 61, 90, 91];
        await host.SignedAsync(account, 8000m, daysPastDue.Select(d => ContractsFixture.Fixed(12.5m, AsOf.AddDays(-d))).ToArray(), new DateOnly(2026, 1, 1));

        var aging = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={account}");

        Assert.Equal((1000m, 2000m, 2000m, 2000m, 1000m, 8000m), Buckets(aging.GetProperty("overall")));
        var row = Assert.Single(aging.GetProperty("accounts").EnumerateArray());
        Assert.Equal(account, row.GetProperty("accountId").GetGuid());
        Assert.Equal((1000m, 2000m, 2000m, 2000m, 1000m, 8000m), Buckets(row));
    }

    [Fact]
    public async Task Aging_as_of_a_date_ignores_later_payments_and_drops_milestones_settled_by_then()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(50, new DateOnly(2026, 5, 1)), ContractsFixture.Fixed(50, new DateOnly(2026, 5, 1))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var m = contract.GetProperty("milestones").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).ToArray();
        (await host.PayAsync(id, 500m, "R-" + Guid.NewGuid(), new DateOnly(2026, 5, 10), m[0])).EnsureSuccessStatusCode();
        (await host.PayAsync(id, 200m, "R-" + Guid.NewGuid(), new DateOnly(2026, 6, 15), m[1])).EnsureSuccessStatusCode();

        var beforeSettling = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf=2026-05-05&accountId={account}");
        var before = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf=2026-05-20&accountId={account}");
        var after = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf=2026-06-20&accountId={account}");

        // On 5 May the first milestone was still open: settled on 10 May, after that date, so it counts in full.
        Assert.Equal((0m, 1000m, 0m, 0m, 0m, 1000m), Buckets(beforeSettling.GetProperty("overall")));
        Assert.Equal((0m, 500m, 0m, 0m, 0m, 500m), Buckets(before.GetProperty("overall")));
        Assert.Equal((0m, 0m, 300m, 0m, 0m, 300m), Buckets(after.GetProperty("overall")));
    }

    [Fact]
    public async Task A_group_account_rolls_up_its_whole_subtree_only_with_include_subsidiaries()
    {
        var owner = Guid.NewGuid();
        var group = await host.RegisterAccountAsync(owner, name: "中国移动集团");
        var province = await host.RegisterAccountAsync(owner, parentId: group, name: "浙江移动");
        var city = await host.RegisterAccountAsync(owner, parentId: province, name: "杭州移动");
        var stranger = await host.RegisterAccountAsync(Guid.NewGuid(), name: "其他客户");
        foreach (var (account, amount) in new[] { (group, 100m), (province, 200m), (city, 400m), (stranger, 800m) })
        {
            await host.SignedAsync(account, amount, [ContractsFixture.Fixed(100, AsOf.AddDays(-45))], new DateOnly(2026, 1, 1));
        }

        var rolled = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={group}&includeSubsidiaries=true");
        var alone = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={group}");

        Assert.Equal((0m, 0m, 700m, 0m, 0m, 700m), Buckets(rolled.GetProperty("overall")));
        Assert.Equal([city, province, group], rolled.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Equal(700m - 600m, alone.GetProperty("overall").GetProperty("total").GetDecimal());

        // A page of one account still sums, and counts, every account of the subtree.
        var first = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={group}&includeSubsidiaries=true&limit=1");
        Assert.Equal([city], first.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Equal((0m, 0m, 700m, 0m, 0m, 700m), Buckets(first.GetProperty("overall")));
        Assert.Equal(3, first.GetProperty("accountCount").GetInt32());
        Assert.Empty(first.GetProperty("otherCurrencies").EnumerateArray());
    }

    [Fact]
    public async Task Aging_keeps_each_currency_apart_and_counts_every_account_beyond_the_page()
    {
        var owner = Guid.NewGuid();
        var group = await host.RegisterAccountAsync(owner, name: "中国联通集团");
        var branch = await host.RegisterAccountAsync(owner, parentId: group, name: "上海联通");
        await host.SignedAsync(group, 1000m, [ContractsFixture.Fixed(100, AsOf.AddDays(-10))], new DateOnly(2026, 1, 1));
        await host.SignedAsync(branch, 300m, [ContractsFixture.Fixed(100, AsOf.AddDays(5))], new DateOnly(2026, 1, 1), currency: "USD");
        await host.SignedAsync(branch, 200m, [ContractsFixture.Fixed(100, AsOf.AddDays(-100))], new DateOnly(2026, 1, 1));
        var url = $"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={group}&includeSubsidiaries=true";

        var whole = await host.Finance.GetFromJsonAsync<JsonElement>(url);
        var page = await host.Finance.GetFromJsonAsync<JsonElement>(url + "&limit=1");

        // Amounts in another currency are never added to the base currency's: they get their own buckets.
        Assert.Equal((0m, 1000m, 0m, 0m, 200m, 1200m), Buckets(whole.GetProperty("overall")));
        var usd = Assert.Single(whole.GetProperty("otherCurrencies").EnumerateArray());
        Assert.Equal("USD", usd.GetProperty("currency").GetString());
        Assert.Equal((300m, 0m, 0m, 0m, 0m, 300m), Buckets(usd));
        Assert.Equal(
            [(group, "CNY", 1000m), (branch, "USD", 300m), (branch, "CNY", 200m)],
            whole.GetProperty("accounts").EnumerateArray()
                .Select(a => (a.GetProperty("accountId").GetGuid(), a.GetProperty("currency").GetString(), a.GetProperty("total").GetDecimal())).ToArray());
        Assert.Equal(2, whole.GetProperty("accountCount").GetInt32());
        // Each row is named, with its parent, from the account directory.
        Assert.Equal(
            [("中国联通集团", (Guid?)null), ("上海联通", group), ("上海联通", group)],
            whole.GetProperty("accounts").EnumerateArray()
                .Select(a => (a.GetProperty("name").GetString(), a.GetProperty("parentId").ValueKind == JsonValueKind.Null ? null : (Guid?)a.GetProperty("parentId").GetGuid())).ToArray());

        // A page of one row: the totals and the count are still the whole group's.
        Assert.Equal([group], page.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Equal(Buckets(whole.GetProperty("overall")), Buckets(page.GetProperty("overall")));
        Assert.Equal((300m, 0m, 0m, 0m, 0m, 300m), Buckets(Assert.Single(page.GetProperty("otherCurrencies").EnumerateArray())));
        Assert.Equal(2, page.GetProperty("accountCount").GetInt32());
    }

    [Fact]
    public async Task Dso_is_receivables_over_billed_in_the_period_times_its_days()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid(), region: "西北-" + Guid.NewGuid());
        var contract = await host.SignedAsync(account, 3000m,
            [ContractsFixture.Fixed(50, new DateOnly(2026, 4, 10)), ContractsFixture.Fixed(50, new DateOnly(2026, 4, 20))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        (await host.PayAsync(id, 1500m, "R-" + Guid.NewGuid(), new DateOnly(2026, 4, 25))).EnsureSuccessStatusCode();
        // A director of this region sees exactly this one contract: the aggregate is scoped like everything else.
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, (await host.Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/accounts/{account}")).GetProperty("region").GetString());

        var dso = await director.GetFromJsonAsync<JsonElement>("/api/collections/dso?from=2026-04-01&to=2026-04-30");

        Assert.Equal(3000m, dso.GetProperty("invoicedOrDue").GetDecimal());
        Assert.Equal(1500m, dso.GetProperty("receivables").GetDecimal());
        Assert.Equal(30, dso.GetProperty("days").GetInt32());
        Assert.Equal(15.0m, dso.GetProperty("dso").GetDecimal());
        using var bad = await director.GetAsync("/api/collections/dso?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        // One code for a malformed request in every service (issue 19: contracts-api used to say invalid_input).
        Assert.Equal("invalid_request", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_battle_map_shows_each_milestone_with_money_proof_last_follow_up_and_next_action()
    {
        var owner = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(owner);
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(30, new DateOnly(2026, 1, 15), "down_payment"), new { kind = "acceptance", percent = 70, dueRule = new { type = "days_after_acceptance", value = 30 } }],
            new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var first = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        (await host.Finance.PostAsync("/api/collections/overdue-scan?asOf=2026-01-20", null)).EnsureSuccessStatusCode();
        (await host.Finance.PostAsJsonAsync($"/api/contracts/{id}/evidence",
            new { milestoneId = first, kind = "correspondence", reference = "催款函-1", occurredAt = "2026-01-18T02:00:00Z" })).EnsureSuccessStatusCode();
        using var kam = host.ClientFor(owner, Roles.KeyAccountManager);
        var cfo = await host.StakeholderAsync(account);
        using var followUp = await kam.PostAsJsonAsync($"/api/contracts/{id}/milestones/{first}/follow-ups",
            new { date = "2026-01-21", stakeholderId = cfo, action = "电话财务总监", promisedDate = "2099-01-01", result = "承诺下月付款" });
        Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);

        var map = await kam.GetFromJsonAsync<JsonElement>($"/api/collections/battle-map?ownerId={owner}");

        var line = Assert.Single(map.GetProperty("items").EnumerateArray());
        Assert.Equal(contract.GetProperty("number").GetString(), line.GetProperty("number").GetString());
        Assert.Equal(1000m, line.GetProperty("outstanding").GetDecimal());
        var (down, acceptance) = (line.GetProperty("milestones")[0], line.GetProperty("milestones")[1]);
        Assert.Equal("overdue", down.GetProperty("status").GetString());
        Assert.Equal(1, down.GetProperty("evidenceCount").GetInt32());
        Assert.Equal("电话财务总监", down.GetProperty("lastFollowUp").GetProperty("action").GetString());
        Assert.Equal("await_promised_payment", down.GetProperty("nextAction").GetString());
        Assert.Equal("planned", acceptance.GetProperty("status").GetString());
        Assert.Equal("await_trigger", acceptance.GetProperty("nextAction").GetString());

        // docs/product.md §0: the next action's figures travel as params, so a client can say them in the reader's language.
        var downParams = down.GetProperty("nextActionParams");
        Assert.Equal(300m, downParams.GetProperty("outstanding").GetDecimal());
        Assert.Equal(line.GetProperty("currency").GetString(), downParams.GetProperty("currency").GetString());
        Assert.Equal("2026-01-15", downParams.GetProperty("dueDate").GetString());
        Assert.Equal("2099-01-01", downParams.GetProperty("promisedDate").GetString());
        var lateSinceUtc = DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - new DateOnly(2026, 1, 15).DayNumber;
        Assert.InRange(downParams.GetProperty("daysOverdue").GetInt32(), lateSinceUtc, lateSinceUtc + 1); // business day may be UTC+8
        var acceptanceParams = acceptance.GetProperty("nextActionParams");
        Assert.Equal(700m, acceptanceParams.GetProperty("outstanding").GetDecimal());
        Assert.Equal("acceptance", acceptanceParams.GetProperty("milestoneKind").GetString());
        Assert.False(acceptanceParams.TryGetProperty("dueDate", out _));
    }

    private static (decimal, decimal, decimal, decimal, decimal, decimal) Buckets(JsonElement b) => (
        b.GetProperty("notDue").GetDecimal(), b.GetProperty("d1_30").GetDecimal(), b.GetProperty("d31_60").GetDecimal(),
        b.GetProperty("d61_90").GetDecimal(), b.GetProperty("d90Plus").GetDecimal(), b.GetProperty("total").GetDecimal());

    [Fact]
    public async Task A_follow_up_or_payment_approver_must_be_a_person_of_the_contracts_account()
    {
        var owner = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(owner);
        var elsewhere = await host.RegisterAccountAsync(owner);
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, new DateOnly(2026, 1, 15), "down_payment")], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var milestone = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var ours = await host.StakeholderAsync(account);
        var theirs = await host.StakeholderAsync(elsewhere);
        using var kam = host.ClientFor(owner, Roles.KeyAccountManager);

        foreach (var stranger in new[] { Guid.NewGuid(), theirs })
        {
            using var refused = await kam.PostAsJsonAsync($"/api/contracts/{id}/milestones/{milestone}/follow-ups",
                new { date = "2026-01-21", stakeholderId = stranger, action = "电话催款" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("unknown_stakeholder", problem.GetProperty("code").GetString());
            Assert.Equal(["stakeholderId"], problem.GetProperty("params").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

            using var approvers = await kam.PatchAsJsonAsync($"/api/contracts/{id}", new { paymentApproverIds = new[] { ours, stranger } });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, approvers.StatusCode);
            Assert.Equal("unknown_stakeholder", (await approvers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        // Refused requests stored nothing; a person of the account is accepted, also after they left.
        await using (var db = host.Database())
        {
            Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM follow_ups WHERE contract_id = @id", new { id }));
        }

        Assert.Empty((await host.GetContractAsync(id)).GetProperty("paymentApproverIds").EnumerateArray());
        var left = new StakeholderDeparted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, account, ours, new DateOnly(2026, 2, 1), null, ["economic_buyer"], "neutral", 4);
        await host.Bus.Publish(left, c => c.MessageId = left.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = host.Database();
            return await db.ExecuteScalarAsync<bool>("SELECT departed_on IS NOT NULL FROM stakeholders WHERE id = @ours", new { ours });
        }, what: "departure applied");
        using var accepted = await kam.PostAsJsonAsync($"/api/contracts/{id}/milestones/{milestone}/follow-ups",
            new { date = "2026-02-03", stakeholderId = ours, action = "电话前任财务总监" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var named = await kam.PatchAsJsonAsync($"/api/contracts/{id}", new { paymentApproverIds = new[] { ours } });
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }
}
