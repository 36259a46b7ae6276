using System.Net;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §9 referrals (转介绍) on leads: who referred them, and the checks that keep a referral honest.</summary>
public sealed class ReferralTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    [Fact]
    public async Task A_referred_lead_names_the_referrer_lists_by_it_and_is_announced()
    {
        var kam = Guid.NewGuid();
        var region = Deals.Region();
        var referrer = await service.AccountAsync(region, kam);
        var prospect = await service.AccountAsync(region, kam);
        var champion = await service.StakeholderAsync(referrer, "ally", "coach");
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var announced = await service.ListenAsync<LeadReferred>();

        var lead = (await client.PostAsync("/api/leads", new
        {
            accountId = prospect, title = "老客户介绍的新项目", purchaseType = "occasional", estimatedValue = 800_000m,
            referredBy = new { accountId = referrer, stakeholderId = champion },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("referral", lead.GetProperty("source").GetString());
        Assert.Equal(referrer, lead.GetProperty("referredBy").GetProperty("accountId").GetGuid());
        Assert.Equal(champion, lead.GetProperty("referredBy").GetProperty("stakeholderId").GetGuid());
        (await client.PostAsync("/api/leads", new { accountId = prospect, title = "自己来的", source = "inbound", purchaseType = "occasional" }))
            .Expect(HttpStatusCode.Created);

        var listed = (await client.GetJsonAsync($"/api/leads?referredByAccountId={referrer}")).Expect(HttpStatusCode.OK).GetProperty("items");
        Assert.Equal(lead.GetProperty("id").GetGuid(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        await Eventually.TrueAsync(() => Task.FromResult(announced.Any(e => e.LeadId == lead.GetProperty("id").GetGuid())), what: "LeadReferred published");
        var message = announced.Single(e => e.LeadId == lead.GetProperty("id").GetGuid());
        Assert.Equal((prospect, referrer, (Guid?)champion), (message.AccountId, message.ReferredByAccountId, message.ReferredByStakeholderId));
    }

    [Fact]
    public async Task A_referral_from_an_invisible_account_or_a_stranger_is_refused_and_nothing_is_stored()
    {
        var kam = Guid.NewGuid();
        var region = Deals.Region();
        var prospect = await service.AccountAsync(region, kam);
        var mine = await service.AccountAsync(region, kam);
        var someoneElses = await service.AccountAsync(region, Guid.NewGuid());
        var stranger = await service.StakeholderAsync(someoneElses, "ally", "coach");
        using var client = service.Client(kam, Roles.KeyAccountManager);

        async Task Refused(HttpStatusCode status, string codeOrField, object referredBy, string? source = null)
        {
            var body = (await client.PostAsync("/api/leads", new { accountId = prospect, title = "转介绍", source, purchaseType = "occasional", referredBy })).Expect(status);
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.True(body.GetProperty("errors").TryGetProperty(codeOrField, out _), body.ToString());
            }
            else
            {
                Assert.Equal(codeOrField, body.GetProperty("code").GetString());
            }
        }

        await Refused(HttpStatusCode.UnprocessableEntity, "unknown_referring_account", new { accountId = someoneElses });
        await Refused(HttpStatusCode.UnprocessableEntity, "unknown_referring_account", new { accountId = Guid.NewGuid() });
        await Refused(HttpStatusCode.UnprocessableEntity, "stakeholder_not_in_account", new { accountId = mine, stakeholderId = stranger });
        await Refused(HttpStatusCode.BadRequest, "referredBy.accountId", new { accountId = prospect });
        await Refused(HttpStatusCode.BadRequest, "source", new { accountId = mine }, source: "exhibition");
        Assert.Equal(0, await service.QueryAsync<long>("SELECT count(*) FROM leads WHERE account_id = @prospect", new { prospect }));
    }
}
