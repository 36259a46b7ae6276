using System.Net;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

public sealed class LeadTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private static object Lead(Guid accountId, string title = "智慧园区线索") =>
        new { accountId, title, source = "exhibition", purchaseType = "occasional", estimatedValue = 800_000m };

    [Fact]
    public async Task A_follow_up_puts_a_new_lead_to_work()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var lead = (await client.PostAsync("/api/leads", Lead(account))).Expect(HttpStatusCode.Created);
        Assert.Equal("new", lead.GetProperty("status").GetString());
        Assert.Equal(kam, lead.GetProperty("ownerId").GetGuid());
        var id = lead.GetProperty("id").GetGuid();

        (await client.PostAsync($"/api/leads/{id}/follow-ups", new { date = "2026-11-20", action = "电话回访", result = "约了演示", nextStep = "下周演示" }))
            .Expect(HttpStatusCode.Created);

        var read = (await client.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal("working", read.GetProperty("status").GetString());
        Assert.Equal("约了演示", read.GetProperty("followUps")[0].GetProperty("result").GetString());
    }

    [Fact]
    public async Task Incomplete_bant_is_refused_with_the_missing_letters_in_order_and_the_answers_are_kept()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = (await client.PostAsync("/api/leads", Lead(account))).Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();

        var refused = (await client.PostAsync($"/api/leads/{id}/qualify", new
        {
            budget = new { confirmed = true, amount = 1_200_000m },
            authority = new { confirmed = false },
            need = new { confirmed = true, description = "园区安防升级" },
        })).Expect(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("bant_incomplete", refused.GetProperty("code").GetString());
        Assert.Equal(["authority", "timeline"], refused.GetProperty("missing").Strings());
        var lead = (await client.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_200_000m, lead.GetProperty("bant").GetProperty("budget").GetProperty("amount").GetDecimal());
        Assert.Equal("园区安防升级", lead.GetProperty("bant").GetProperty("need").GetProperty("description").GetString());
        Assert.NotEqual("qualified", lead.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindNull, lead.GetProperty("opportunityId").ValueKind);
    }

    [Fact]
    public async Task Confirmed_bant_qualifies_the_lead_into_a_new_opportunity()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = (await client.PostAsync("/api/leads", Lead(account))).Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();

        var qualified = (await client.PostAsync($"/api/leads/{id}/qualify", new
        {
            budget = new { confirmed = true, amount = 1_200_000m },
            authority = new { confirmed = true, stakeholderId = Guid.NewGuid() },
            need = new { confirmed = true, description = "园区安防升级" },
            timeline = new { confirmed = true, decisionDate = "2027-03-31" },
        })).Expect(HttpStatusCode.Created);

        Assert.Equal("qualified", qualified.GetProperty("status").GetString());
        var opportunityId = qualified.GetProperty("opportunityId").GetGuid();
        var opportunity = (await client.GetJsonAsync($"/api/opportunities/{opportunityId}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_200_000m, opportunity.GetProperty("amount").GetDecimal());
        Assert.Equal("2027-03-31", opportunity.GetProperty("expectedCloseDate").GetString());
        Assert.Equal(id, opportunity.GetProperty("leadId").GetGuid());
        Assert.Equal("new_business", opportunity.GetProperty("type").GetString());
        await service.WaitForAsync("SELECT count(*) FROM outbox WHERE message_type LIKE '%LeadQualified%' AND body ->> 'leadId' = @lead",
            new { lead = id.ToString() });

        var again = (await client.PostAsync($"/api/leads/{id}/qualify", new { })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("lead_closed", again.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bad_lead_input_answers_400_per_field_and_an_unseen_account_422()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);

        var bad = (await client.PostAsync("/api/leads", new { accountId = account, title = "", source = "cold_call", purchaseType = "occasional" }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("source", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("title", out _));

        var otherAccount = await service.AccountAsync(Deals.Region(), Guid.NewGuid());
        var unseen = (await client.PostAsync("/api/leads", Lead(otherAccount))).Expect(HttpStatusCode.NotFound);
        Assert.Equal("unknown_account", unseen.GetProperty("code").GetString());

        using var raw = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json") };
        using var malformed = await client.SendAsync(raw);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Leads_of_accounts_outside_the_callers_team_are_404_and_absent_from_lists_while_q_finds_chinese_substrings()
    {
        var kam = Guid.NewGuid();
        var region = Deals.Region();
        var account = await service.AccountAsync(region, kam);
        using var client = service.Client(kam, Roles.KeyAccountManager);
        var id = (await client.PostAsync("/api/leads", Lead(account, "杭州智慧园区安防"))).Expect(HttpStatusCode.Created).GetProperty("id").GetGuid();

        var found = (await client.GetJsonAsync($"/api/leads?q={Uri.EscapeDataString("园区安")}")).Expect(HttpStatusCode.OK);
        Assert.Contains(found.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetGuid() == id);

        using var stranger = service.Client(Guid.NewGuid(), Roles.SalesRep);
        (await stranger.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.NotFound);
        var strangersList = (await stranger.GetJsonAsync("/api/leads")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(strangersList.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetGuid() == id);
        (await stranger.PostAsync($"/api/leads/{id}/follow-ups", new { date = "2026-11-20", action = "x" })).Expect(HttpStatusCode.NotFound);

        using var otherDirector = service.Client(Guid.NewGuid(), Roles.SalesDirector, Deals.Region());
        (await otherDirector.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.NotFound);
        using var director = service.Client(Guid.NewGuid(), Roles.SalesDirector, region);
        (await director.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.OK);
        using var finance = service.Client(Guid.NewGuid(), Roles.Finance);
        (await finance.GetJsonAsync($"/api/leads/{id}")).Expect(HttpStatusCode.OK);
        (await finance.PostAsync($"/api/leads/{id}/follow-ups", new { date = "2026-11-20", action = "x" })).Expect(HttpStatusCode.Forbidden);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_forged_cursor_is_400_invalid_cursor_naming_the_cursor_on_leads_targets_and_bids()
    {
        using var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        // Valid URL-safe base64, as the lists write it, but of a key none of them wrote.
        var forged = KaPlatform.ServiceDefaults.Http.Paging.Encode("not-a-row-id");
        var outOfRange = KaPlatform.ServiceDefaults.Http.Paging.Encode($"{long.MaxValue}|{Guid.NewGuid()}");
        foreach (var path in new[] { $"/api/leads?cursor={forged}", $"/api/targets?cursor={forged}", $"/api/bids?cursor={forged}", $"/api/bids?cursor={outOfRange}" })
        {
            var problem = (await admin.GetJsonAsync(path)).Expect(HttpStatusCode.BadRequest);
            Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
            var fieldError = Assert.Single(problem.GetProperty("fieldErrors").EnumerateArray());
            Assert.Equal("cursor", fieldError.GetProperty("field").GetString());
            Assert.Equal("invalid_cursor", fieldError.GetProperty("code").GetString());
        }
    }
}
