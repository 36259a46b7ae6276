using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

public sealed class RenewalTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    private async Task<Guid> SignAsync(Guid account, DateOnly? endDate, decimal amount = 1_200_000m)
    {
        var contract = NewId();
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, contract, NewId(), "HT-" + contract.ToString()[..6], amount, "CNY", Today, Today, endDate));
        return contract;
    }

    private Task<JsonElement> RenewalAsync(Guid account, Func<JsonElement, bool> predicate, string what) =>
        service.WaitForAsync($"/api/success/renewals?accountId={account}", b => b.GetProperty("items").EnumerateArray().Any(predicate), what)
            .ContinueWith(t => t.Result.GetProperty("items").EnumerateArray().First(predicate), TaskScheduler.Default);

    [Fact]
    public async Task A_contract_signed_inside_the_lead_window_is_due_at_once_and_only_once()
    {
        var owner = Guid.NewGuid();
        var account = await service.RegisterAccountAsync("华东", owner);
        var contract = await SignAsync(account, Today.AddDays(60));

        var renewal = await RenewalAsync(account, r => r.GetProperty("duePublishedAt").ValueKind != JsonValueKind.Null, "renewal due");
        Assert.Equal("upcoming", renewal.GetProperty("status").GetString());
        Assert.Equal(contract, renewal.GetProperty("contractId").GetGuid());
        Assert.Equal(Today.AddDays(60).ToString("yyyy-MM-dd"), renewal.GetProperty("endDate").GetString());

        var due = Assert.Single(await service.OutboxAsync("RenewalDue", account));
        Assert.Equal(contract, due.GetProperty("contractId").GetGuid());
        Assert.Equal(owner, due.GetProperty("ownerId").GetGuid());
        Assert.Equal(1_200_000m, due.GetProperty("amount").GetDecimal());

        using var scan = await service.Admin.PostAsync($"/api/success/renewals/due-scan?asOf={Today.AddDays(30):yyyy-MM-dd}", null);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.Single(await service.OutboxAsync("RenewalDue", account));
    }

    [Fact]
    public async Task A_later_end_date_is_due_when_the_scan_reaches_the_lead_time()
    {
        var account = await service.RegisterAccountAsync("华东");
        await SignAsync(account, Today.AddDays(200));
        await SignAsync(account, null);
        await RenewalAsync(account, _ => true, "renewal recorded");
        Assert.Single((await service.GetAsync(service.Admin, $"/api/success/renewals?accountId={account}")).GetProperty("items").EnumerateArray());

        await service.Admin.PostAsync($"/api/success/renewals/due-scan?asOf={Today.AddDays(79):yyyy-MM-dd}", null);
        Assert.Empty(await service.OutboxAsync("RenewalDue", account));

        await service.Admin.PostAsync($"/api/success/renewals/due-scan?asOf={Today.AddDays(80):yyyy-MM-dd}", null);
        Assert.Single(await service.OutboxAsync("RenewalDue", account));
        await service.Admin.PostAsync($"/api/success/renewals/due-scan?asOf={Today.AddDays(81):yyyy-MM-dd}", null);
        Assert.Single(await service.OutboxAsync("RenewalDue", account));
    }

    [Fact]
    public async Task The_renewal_follows_its_opportunity_to_renewed_or_churned()
    {
        var account = await service.RegisterAccountAsync("华南");
        var renewedContract = await SignAsync(account, Today.AddDays(30));
        var churnedContract = await SignAsync(account, Today.AddDays(40));
        await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == churnedContract, "both recorded");

        var won = NewId();
        var lost = NewId();
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, won, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", renewedContract, null));
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, lost, Guid.NewGuid(), "renewal", 1_200_000m, "CNY", Today.AddDays(35), "initiation", churnedContract, null));
        var open = await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == renewedContract && r.GetProperty("status").GetString() == "opportunity_open", "opportunity_open");
        Assert.Equal(won, open.GetProperty("renewalOpportunityId").GetGuid());

        await service.PublishAsync(new OpportunityWon(NewId(), Now.AddSeconds(1), account, won, Guid.NewGuid(), "renewal", 1_350_000m, "CNY", Today.AddDays(20), "续约"));
        await service.PublishAsync(new OpportunityLost(NewId(), Now.AddSeconds(1), account, lost, Guid.NewGuid(), "预算取消", null, Today.AddDays(21)));

        var renewed = await RenewalAsync(account, r => r.GetProperty("status").GetString() == "renewed", "renewed");
        Assert.Equal(1_350_000m, renewed.GetProperty("renewalAmount").GetDecimal());
        Assert.Equal(Today.AddDays(20).ToString("yyyy-MM-dd"), renewed.GetProperty("renewalDate").GetString());
        var churned = await RenewalAsync(account, r => r.GetProperty("status").GetString() == "churned", "churned");
        Assert.Equal(churnedContract, churned.GetProperty("contractId").GetGuid());
        Assert.Empty((await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}&kind=competitor_threat")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_renewal_opportunity_projected_before_its_contract_is_taken_up_when_the_contract_arrives()
    {
        // The other order of The_renewal_follows_its_opportunity_to_renewed_or_churned: the queues do not keep order
        // between ContractSigned and the opportunity's events, and a signing may be retried behind them.
        var account = await service.RegisterAccountAsync("华南");
        var openContract = NewId();
        var wonContract = NewId();
        var open = NewId();
        var won = NewId();
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, open, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", openContract, null));
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, won, Guid.NewGuid(), "renewal", 900_000m, "CNY", Today.AddDays(28), "initiation", wonContract, null));
        await service.PublishAsync(new OpportunityWon(NewId(), Now.AddSeconds(1), account, won, Guid.NewGuid(), "renewal", 950_000m, "CNY", Today.AddDays(22), "续约"));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM opportunities WHERE id IN (@open, @won) AND (id = @open OR status = 'won')", new { open, won }) == 2,
            what: "both opportunities projected");

        await service.PublishAsync(new ContractSigned(NewId(), Now, account, openContract, NewId(), "HT-" + openContract.ToString()[..6], 1_200_000m, "CNY", Today, Today, Today.AddDays(60)));
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, wonContract, NewId(), "HT-" + wonContract.ToString()[..6], 800_000m, "CNY", Today, Today, Today.AddDays(70)));

        var following = await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == openContract, "renewal of the open one");
        Assert.Equal("opportunity_open", following.GetProperty("status").GetString());
        Assert.Equal(open, following.GetProperty("renewalOpportunityId").GetGuid());
        Assert.Equal(1_300_000m, following.GetProperty("renewalAmount").GetDecimal());
        var renewed = await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == wonContract, "renewal of the won one");
        Assert.Equal("renewed", renewed.GetProperty("status").GetString());
        Assert.Equal(950_000m, renewed.GetProperty("renewalAmount").GetDecimal());
        Assert.Equal(Today.AddDays(22).ToString("yyyy-MM-dd"), renewed.GetProperty("renewalDate").GetString());

        // Both end inside the lead window, but each renewal is already in the pipeline: a RenewalDue would open a second.
        Assert.Empty(await service.OutboxAsync("RenewalDue", account));
    }

    [Fact]
    public async Task A_renewal_contract_signed_before_its_opportunity_is_projected_gives_the_renewal_its_figures()
    {
        var account = await service.RegisterAccountAsync("华南");
        var expiring = await SignAsync(account, Today.AddDays(30));
        await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == expiring, "recorded");

        // The new contract's signing first: no renewal follows its opportunity yet, so the signing renews nothing.
        var (opportunity, renewing) = (NewId(), NewId());
        await service.PublishAsync(new ContractSigned(NewId(), Now, account, renewing, opportunity, "HT-R", 1_280_000m, "CNY", Today.AddDays(-1), Today.AddDays(31), Today.AddDays(400)));
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM contracts WHERE id = @renewing AND signed_at IS NOT NULL", new { renewing }) == 1, what: "renewal contract projected");
        await service.PublishAsync(new OpportunityOpened(NewId(), Now, account, opportunity, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", expiring, null));
        var won = new OpportunityWon(NewId(), Now.AddSeconds(1), account, opportunity, Guid.NewGuid(), "renewal", 1_350_000m, "CNY", Today.AddDays(-2), "续约");
        await service.PublishAsync(won);
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>(
            "SELECT count(*) FROM inbox WHERE message_id = @EventId", new { won.EventId }) > 0, what: "the win consumed");

        var renewed = await RenewalAsync(account, r => r.GetProperty("contractId").GetGuid() == expiring && r.GetProperty("status").GetString() == "renewed", "renewed");
        Assert.Equal(opportunity, renewed.GetProperty("renewalOpportunityId").GetGuid());
        // What the signing sets when it comes last: the contract's amount and date, not the opportunity's.
        Assert.Equal(1_280_000m, renewed.GetProperty("renewalAmount").GetDecimal());
        Assert.Equal(Today.AddDays(-1).ToString("yyyy-MM-dd"), renewed.GetProperty("renewalDate").GetString());
    }

    [Fact]
    public async Task An_at_risk_account_with_a_renewal_within_90_days_raises_renewal_at_risk()
    {
        var account = await service.RegisterAccountAsync("华南");
        using var kam = service.Client(Roles.Admin);
        // Satisfaction 1 → 0, no stakeholders → relationship 0, two key departures → sponsor 0, 90+ days overdue → payment 0:
        // only engagement (20) is left.
        await service.PublishAsync(new MilestoneOverdue(NewId(), Now, account, NewId(), "HT-OLD", NewId(), Today.AddDays(-100), 90, 5_000_000m, "CNY"));
        await kam.PostAsJsonAsync($"/api/success/accounts/{account}/reviews", new { date = Today, satisfaction = 1, serviceLevel = "reactive" });
        await service.PublishAsync(new KaPlatform.Accounts.IntegrationEvents.StakeholderDeparted(NewId(), Now, account, NewId(), Today, null, ["economic_buyer"], "neutral", 3));
        await service.PublishAsync(new KaPlatform.Accounts.IntegrationEvents.StakeholderDeparted(NewId(), Now, account, NewId(), Today, null, ["decision_maker"], "neutral", 3));
        await service.WaitForHealthAsync(account, h => h.GetProperty("score").GetInt32() == 20, "score 20");
        Assert.Empty((await service.GetAsync(service.Admin, $"/api/success/alerts?accountId={account}&kind=renewal_at_risk")).GetProperty("items").EnumerateArray());

        await SignAsync(account, Today.AddDays(80));
        var alert = (await service.WaitForAlertsAsync(account, "renewal_at_risk")).Single();
        Assert.Contains(Today.AddDays(80).ToString("yyyy-MM-dd"), alert.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_list_filters_by_end_date_and_hides_what_the_caller_may_not_see()
    {
        var account = await service.RegisterAccountAsync("东北");
        await SignAsync(account, Today.AddDays(500));
        await RenewalAsync(account, _ => true, "recorded");

        using var cs = service.Client(Roles.CsManager, "东北");
        var window = $"from={Today.AddDays(499):yyyy-MM-dd}&to={Today.AddDays(501):yyyy-MM-dd}";
        Assert.Contains((await service.GetAsync(cs, $"/api/success/renewals?{window}")).GetProperty("items").EnumerateArray(), r => r.GetProperty("accountId").GetGuid() == account);
        Assert.DoesNotContain((await service.GetAsync(cs, $"/api/success/renewals?from={Today.AddDays(502):yyyy-MM-dd}")).GetProperty("items").EnumerateArray(), r => r.GetProperty("accountId").GetGuid() == account);

        using var other = service.Client(Roles.CsManager, "华北");
        Assert.DoesNotContain((await service.GetAsync(other, $"/api/success/renewals?{window}")).GetProperty("items").EnumerateArray(), r => r.GetProperty("accountId").GetGuid() == account);

        Assert.Equal(HttpStatusCode.BadRequest, (await cs.GetAsync($"/api/success/renewals?from={Today:yyyy-MM-dd}&to={Today.AddDays(-1):yyyy-MM-dd}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cs.GetAsync("/api/success/renewals?from=2026-13-45")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cs.PostAsync("/api/success/renewals/due-scan", null)).StatusCode);
    }

    [Fact]
    public async Task A_renewal_opportunity_and_its_contract_applied_at_the_same_time_still_meet()
    {
        // ContractSigned and the opportunity's events come on separate queues and may be applied in transactions that
        // overlap: each must see the other's row, or the renewal never learns of its opportunity.
        const int pairs = 25;
        var accounts = await Task.WhenAll(Enumerable.Range(0, pairs * 3).Select(_ => service.RegisterAccountAsync("华南")));
        var opening = accounts[..pairs].Select(a => (Account: a, Contract: NewId(), Opportunity: NewId())).ToArray();
        var winning = accounts[pairs..(pairs * 2)].Select(a => (Account: a, Contract: NewId(), Opportunity: NewId())).ToArray();
        // The third kind: the contract won from the renewal opportunity is signed while the opportunity is being opened.
        var renewing = accounts[(pairs * 2)..].Select(a => (Account: a, Contract: NewId(), Opportunity: NewId(), Renewal: NewId())).ToArray();

        foreach (var w in winning)
        {
            await service.PublishAsync(new OpportunityOpened(NewId(), Now, w.Account, w.Opportunity, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", w.Contract, null));
        }

        var winIds = winning.Select(w => w.Opportunity).ToArray();
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM opportunities WHERE id = ANY(@winIds)", new { winIds }) == pairs,
            what: "the opportunities to win projected");
        await Task.WhenAll(renewing.Select(r => SignRenewingAsync(r.Account, r.Contract)));
        var expiring = renewing.Select(r => r.Contract).ToArray();
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM renewals WHERE contract_id = ANY(@expiring)", new { expiring }) == pairs,
            what: "the contracts to renew recorded");

        await Task.WhenAll(
            opening.Select(o => SignRenewingAsync(o.Account, o.Contract))
                .Concat(opening.Select(o => service.PublishAsync(new OpportunityOpened(NewId(), Now, o.Account, o.Opportunity, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", o.Contract, null))))
                .Concat(winning.Select(w => SignRenewingAsync(w.Account, w.Contract)))
                .Concat(winning.Select(w => service.PublishAsync(new OpportunityWon(NewId(), Now.AddSeconds(1), w.Account, w.Opportunity, Guid.NewGuid(), "renewal", 1_350_000m, "CNY", Today.AddDays(20), "续约"))))
                .Concat(renewing.Select(r => service.PublishAsync(new OpportunityOpened(NewId(), Now, r.Account, r.Opportunity, Guid.NewGuid(), "renewal", 1_300_000m, "CNY", Today.AddDays(25), "initiation", r.Contract, null))))
                .Concat(renewing.Select(r => service.PublishAsync(new ContractSigned(NewId(), Now, r.Account, r.Renewal, r.Opportunity, "HT-" + r.Renewal.ToString()[..6], 1_280_000m, "CNY", Today, Today, Today.AddDays(565))))));

        var contracts = opening.Select(o => o.Contract).Concat(winning.Select(w => w.Contract)).ToArray();
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM renewals WHERE contract_id = ANY(@contracts)", new { contracts }) == pairs * 2,
            what: "every renewal recorded");
        var events = opening.Select(o => o.Opportunity).Concat(winIds).Concat(renewing.Select(r => r.Opportunity)).ToArray();
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM opportunities WHERE id = ANY(@events) AND (status = 'won' OR id <> ALL(@winIds))", new { events, winIds }) == pairs * 3,
            what: "every opportunity event applied");
        var renewals = renewing.Select(r => r.Renewal).ToArray();
        await Eventually.TrueAsync(async () => await service.ScalarAsync<long>("SELECT count(*) FROM contracts WHERE id = ANY(@renewals) AND signed_at IS NOT NULL", new { renewals }) == pairs,
            what: "every renewing contract applied");

        var openIds = opening.Select(o => o.Contract).ToArray();
        var wonIds = winning.Select(w => w.Contract).ToArray();
        // All three counts in one assertion, so a failure shows which meetings were missed.
        Assert.Equal((pairs, pairs, pairs), (
            await service.ScalarAsync<long>(
                "SELECT count(*) FROM renewals WHERE contract_id = ANY(@openIds) AND status = 'opportunity_open' AND opportunity_id IS NOT NULL", new { openIds }),
            await service.ScalarAsync<long>(
                "SELECT count(*) FROM renewals WHERE contract_id = ANY(@wonIds) AND status = 'renewed' AND renewal_amount = 1350000", new { wonIds }),
            await service.ScalarAsync<long>(
                "SELECT count(*) FROM renewals WHERE contract_id = ANY(@expiring) AND status = 'renewed' AND renewal_amount = 1280000", new { expiring })));
    }

    private Task SignRenewingAsync(Guid account, Guid contract) =>
        service.PublishAsync(new ContractSigned(NewId(), Now, account, contract, NewId(), "HT-" + contract.ToString()[..6], 1_200_000m, "CNY", Today, Today, Today.AddDays(200)));
}
