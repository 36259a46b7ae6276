using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Success.Tests.SuccessFixture;

namespace KaPlatform.Success.Tests;

/// <summary>
/// docs/product.md §9 referrals in the revenue rows, fed by opportunities-api's events over RabbitMQ, delivered out of order on purpose.
/// Period 2026-Q4. The referrer R brought three leads to prospects P1 and P2:
/// | lead | referred on | prospect | opportunity         | counts for R in 2026-Q4                     |
/// |------|-------------|----------|---------------------|---------------------------------------------|
/// | l1   | 2026-10-05  | P1       | won 120,000 (11-28) | referral 1, referredWon 120,000             |
/// | l2   | 2026-11-20  | P1       | won 30,000.50 (12-02)| referral 1, referredWon 30,000.50          |
/// | l3   | 2026-09-30  | P2       | won 55,000 (10-10)  | referral 0 (before Q4), referredWon 55,000  |
/// | l4   | 2026-12-01  | P2       | open                | referral 1                                  |
/// R: referrals 3, referredWon 205,000.50. A KAM who sees R and P1 but not P2: referrals 2, referredWon 150,000.50.
/// </summary>
public sealed class ReferralRevenueTests(SuccessFixture service) : IClassFixture<SuccessFixture>
{
    [Fact]
    public async Task Referrals_and_referred_won_amounts_reach_the_referring_accounts_row_through_events()
    {
        var region = "ref-" + Guid.NewGuid().ToString("N")[..8];
        var kam = Guid.NewGuid();
        var referrer = await service.RegisterAccountAsync(region, kam, name: "老客户");
        var p1 = await service.RegisterAccountAsync(region, kam);
        var p2 = await service.RegisterAccountAsync(region);
        var owner = Guid.NewGuid();

        async Task Lead(Guid prospect, string referredOn, decimal? wonAmount, string? closeDate)
        {
            var (lead, opportunity) = (NewId(), NewId());
            // The win first, then the qualification, then the referral: the projection must join them whatever the order.
            if (wonAmount is { } amount)
            {
                await service.PublishAsync(new OpportunityWon(NewId(), Now, prospect, opportunity, owner, "new_business", amount, "CNY",
                    DateOnly.Parse(closeDate!, System.Globalization.CultureInfo.InvariantCulture), "转介绍项目"));
                await service.PublishAsync(new LeadQualified(NewId(), Now, prospect, lead, opportunity, owner));
            }

            await service.PublishAsync(new LeadReferred(NewId(), Now, prospect, lead, referrer, null, owner,
                DateOnly.Parse(referredOn, System.Globalization.CultureInfo.InvariantCulture)));
        }

        await Lead(p1, "2026-10-05", 120_000m, "2026-11-28");
        await Lead(p1, "2026-11-20", 30_000.50m, "2026-12-02");
        await Lead(p2, "2026-09-30", 55_000m, "2026-10-10");
        await Lead(p2, "2026-12-01", null, null);

        await service.WaitForAsync("/api/success/revenue?from=2026-10-01&to=2026-12-31",
            r => r.GetProperty("accounts").EnumerateArray().Any(a => a.GetProperty("accountId").GetGuid() == referrer
                && a.GetProperty("referrals").GetInt32() == 3 && a.GetProperty("referredWon").GetDecimal() == 205_000.50m),
            "the referrer's row with 3 referrals and 205,000.50 won");
        using var director = service.Client(Roles.SalesDirector, region);
        var report = await service.GetAsync(director, "/api/success/revenue?from=2026-10-01&to=2026-12-31");
        Assert.Equal(3, report.GetProperty("referrals").GetInt32());
        Assert.Equal(205_000.50m, report.GetProperty("referredWon").GetDecimal());
        var row = report.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetGuid() == referrer);
        Assert.Equal(0m, row.GetProperty("revenue").GetDecimal()); // no signed contract of its own: the row is there for the referrals

        // The workspace's page (rows given) names the referrer's row from the directory, after its sums: the same row.
        var page = await service.GetAsync(director, "/api/success/revenue?from=2026-10-01&to=2026-12-31&rows=1");
        var pageRow = Assert.Single(page.GetProperty("accounts").EnumerateArray());
        Assert.Equal(row.GetRawText(), pageRow.GetRawText());
        Assert.Equal("老客户", pageRow.GetProperty("accountName").GetString());
        Assert.Equal((3, 205_000.50m), (page.GetProperty("referrals").GetInt32(), page.GetProperty("referredWon").GetDecimal()));

        // The same from the revenue rollup for the director and for admin (every region): a referring account without
        // revenue of its own comes after the accounts with revenue, as in the full report.
        await RevenueRollupTests.AssertPagesAreTheFullReportAsync(service, director, ("2026-10-01", "2026-12-31"), ("2026-01-01", "2026-12-31"));
        await RevenueRollupTests.AssertPagesAreTheFullReportAsync(service, service.Admin, ("2026-10-01", "2026-12-31"), ("2026-01-01", "2026-12-31"));

        // A KAM on the referrer and P1 only: the referral into P2 is not hers to see.
        using var seller = service.Client(Roles.KeyAccountManager, userId: kam);
        var mine = await service.GetAsync(seller, "/api/success/revenue?from=2026-10-01&to=2026-12-31");
        var myRow = mine.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetGuid() == referrer);
        Assert.Equal((2, 150_000.50m), (myRow.GetProperty("referrals").GetInt32(), myRow.GetProperty("referredWon").GetDecimal()));

        // Another region's director sees no referral at all.
        using var stranger = service.Client(Roles.SalesDirector, "别处-" + region);
        var none = await service.GetAsync(stranger, "/api/success/revenue?from=2026-10-01&to=2026-12-31");
        Assert.DoesNotContain(none.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("accountId").GetGuid() == referrer);
    }
}
