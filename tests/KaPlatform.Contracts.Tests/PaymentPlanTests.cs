using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

public sealed class PaymentPlanTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    private static readonly object[] Standard =
    [
        new { kind = "down_payment", percent = 30, dueRule = new { type = "days_after_signing", value = 15 } },
        new { kind = "delivery", percent = 40, dueRule = new { type = "days_after_delivery", value = 30 } },
        new { kind = "acceptance", percent = 25, dueRule = new { type = "days_after_acceptance", value = 30 } },
        new { kind = "warranty", percent = 5, dueRule = new { type = "months_after_acceptance", value = 12 } },
    ];

    [Fact]
    public async Task Amounts_are_rounded_to_cents_with_the_remainder_on_the_last_milestone()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 100_000.01m)).GetProperty("id").GetGuid();

        using var response = await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = Standard });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var amounts = Amounts(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal([30_000.00m, 40_000.00m, 25_000.00m, 5_000.01m], amounts);
        Assert.Equal(100_000.01m, amounts.Sum());
    }

    [Fact]
    public async Task Thirds_put_the_odd_cent_on_the_last_milestone()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 100m)).GetProperty("id").GetGuid();
        object[] thirds = [Custom(33.33m), Custom(33.33m), Custom(33.34m)];

        using var response = await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = thirds });

        Assert.Equal([33.33m, 33.33m, 33.34m], Amounts(await response.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Theory]
    [InlineData(30, 40, 25, 4)]
    [InlineData(30, 40, 25, 6)]
    public async Task A_plan_not_summing_to_100_is_refused_with_plan_not_100(int a, int b, int c, int d)
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();
        object[] plan = [Custom(a), Custom(b), Custom(c), Custom(d)];

        using var response = await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = plan });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("plan_not_100", problem.GetProperty("code").GetString());
        Assert.Equal(a + b + c + d, problem.GetProperty("sum").GetDecimal());
    }

    [Fact]
    public async Task A_malformed_plan_is_a_400_naming_each_field()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();
        object[] plan = [new { kind = "bonus", percent = 50, dueRule = new { type = "days_after_signing", value = 10 } },
                         new { kind = "custom", percent = 50, dueRule = new { type = "fixed_date", value = "next week" } }];

        using var response = await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = plan });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("milestones[0].kind", out _));
        var kind = problem.GetProperty("fieldErrors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "milestones[0].kind");
        Assert.Equal("one_of", kind.GetProperty("code").GetString());
        Assert.Contains("acceptance", kind.GetProperty("params").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.True(errors.TryGetProperty("milestones[1].dueRule.value", out _));
    }

    [Fact]
    public async Task Due_dates_appear_when_signing_delivery_and_acceptance_happen_and_the_plan_is_then_fixed()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();

        var signed = await host.SignAsync(id, new DateOnly(2026, 1, 10));
        Assert.Equal("signed", signed.GetProperty("status").GetString());
        Assert.Equal(["2026-01-25", null, null, null], DueDates(signed));
        Assert.Equal(["due", "planned", "planned", "planned"], Statuses(signed));

        using var replan = await host.Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = Standard });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replan.StatusCode);
        Assert.Equal("contract_not_draft", (await replan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var delivered = await host.Admin.PostAsJsonAsync($"/api/contracts/{id}/deliveries", new { date = "2026-03-01", evidence = "DN-2026-0301" });
        var afterDelivery = await delivered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in_execution", afterDelivery.GetProperty("status").GetString());
        Assert.Equal(["2026-01-25", "2026-03-31", null, null], DueDates(afterDelivery));

        using var accepted = await host.Admin.PostAsJsonAsync($"/api/contracts/{id}/acceptance",
            new { date = "2026-04-15", evidence = new { reference = "AC-88", sha256 = new string('a', 64) } });
        Assert.Equal(["2026-01-25", "2026-03-31", "2026-05-15", "2027-04-15"], DueDates(await accepted.Content.ReadFromJsonAsync<JsonElement>()));

        using var again = await host.Admin.PostAsJsonAsync($"/api/contracts/{id}/acceptance", new { date = "2026-04-16", evidence = "AC-89" });
        Assert.Equal("already_accepted", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var evidence = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/{id}/evidence");
        Assert.Equal(["delivery_note", "acceptance_certificate"], evidence.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToArray());
    }

    [Fact]
    public async Task A_delivery_on_a_draft_is_refused_and_a_delivery_without_evidence_is_a_400()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();

        using var onDraft = await host.Admin.PostAsJsonAsync($"/api/contracts/{id}/deliveries", new { date = "2026-03-01", evidence = "DN-1" });
        using var noEvidence = await host.Admin.PostAsJsonAsync($"/api/contracts/{id}/deliveries", new { date = "2026-03-01" });

        Assert.Equal("contract_not_signed", (await onDraft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_is_412_and_changing_the_amount_of_a_draft_rescales_the_plan()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();
        using var current = await host.Admin.GetAsync($"/api/contracts/{id}");
        var etag = current.Headers.ETag!.Tag;

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/contracts/{id}") { Content = JsonContent.Create(new { amount = 2000.03m }) };
        patch.Headers.IfMatch.ParseAdd(etag);
        using var first = await host.Admin.SendAsync(patch);
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/contracts/{id}") { Content = JsonContent.Create(new { title = "x" }) };
        stale.Headers.IfMatch.ParseAdd(etag);
        using var second = await host.Admin.SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal([600.01m, 800.01m, 500.01m, 100.00m], Amounts(await first.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
    }

    [Fact]
    public async Task A_cs_manager_may_read_but_not_change_a_plan()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid(), region: "华南");
        var id = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();
        using var cs = host.ClientFor(Guid.NewGuid(), Roles.CsManager, "华南");

        using var read = await cs.GetAsync($"/api/contracts/{id}");
        using var write = await cs.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones = Standard });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    private static object Custom(decimal percent) => new { kind = "custom", percent, dueRule = new { type = "days_after_signing", value = 30 } };

    private static decimal[] Amounts(JsonElement contract) =>
        contract.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("amount").GetDecimal()).ToArray();

    private static string?[] DueDates(JsonElement contract) =>
        contract.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("dueDate").GetString()).ToArray();

    private static string?[] Statuses(JsonElement contract) =>
        contract.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("status").GetString()).ToArray();
}
