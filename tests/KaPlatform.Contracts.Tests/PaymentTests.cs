using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

public sealed class PaymentTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    private static readonly DateOnly Signed = new(2026, 1, 1);

    [Fact]
    public async Task Money_goes_to_the_earliest_due_milestones_first_and_an_overpayment_becomes_unapplied_credit()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        // Listed out of due order on purpose: allocation follows due dates, not plan order.
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(50, new DateOnly(2026, 3, 1)), ContractsFixture.Fixed(20, new DateOnly(2026, 1, 15)), ContractsFixture.Fixed(30, new DateOnly(2026, 2, 1))], Signed);
        var id = contract.GetProperty("id").GetGuid();
        var m = contract.GetProperty("milestones").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()).ToArray();

        using var partial = await host.PayAsync(id, 350m, "BANK-" + Guid.NewGuid(), new DateOnly(2026, 2, 5));
        var afterPartial = await host.GetContractAsync(id);
        Assert.Equal(HttpStatusCode.Created, partial.StatusCode);
        Assert.Equal([(0m, "due"), (200m, "paid"), (150m, "partially_paid")], PaidAndStatus(afterPartial));

        using var over = await host.PayAsync(id, 800m, "BANK-" + Guid.NewGuid(), new DateOnly(2026, 3, 2));
        var payment = await over.Content.ReadFromJsonAsync<JsonElement>();
        var done = await host.GetContractAsync(id);

        Assert.Equal([(500m, "paid"), (200m, "paid"), (300m, "paid")], PaidAndStatus(done));
        Assert.Equal(150m, payment.GetProperty("unappliedAmount").GetDecimal());
        Assert.Equal([(m[2], 150m), (m[0], 500m)], payment.GetProperty("applications").EnumerateArray()
            .Select(a => (a.GetProperty("milestoneId").GetGuid(), a.GetProperty("amount").GetDecimal())).ToArray());
        Assert.Equal(150m, done.GetProperty("unappliedCredit").GetDecimal());
        Assert.Equal(1150m, done.GetProperty("collected").GetDecimal());
        Assert.Equal(0m, done.GetProperty("outstanding").GetDecimal());
        Assert.Equal("completed", done.GetProperty("status").GetString());

        await using var db = host.Database();
        var received = (await db.QueryAsync<decimal>(
            "SELECT (body->>'amount')::numeric FROM outbox WHERE message_type LIKE '%PaymentReceived%' AND body->>'contractId' = @Id ORDER BY seq",
            new { Id = id.ToString() })).ToArray();
        Assert.Equal([200m, 150m, 150m, 500m, 150m], received); // one per application, the credit included
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE '%ContractCompleted%' AND body->>'contractId' = @Id", new { Id = id.ToString() }));
    }

    [Fact]
    public async Task A_payment_naming_a_milestone_pays_that_one_first()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m,
            [ContractsFixture.Fixed(50, new DateOnly(2026, 2, 1)), ContractsFixture.Fixed(50, new DateOnly(2026, 3, 1))], Signed);
        var id = contract.GetProperty("id").GetGuid();
        var later = contract.GetProperty("milestones")[1].GetProperty("id").GetGuid();

        (await host.PayAsync(id, 600m, "BANK-" + Guid.NewGuid(), new DateOnly(2026, 2, 1), later)).EnsureSuccessStatusCode();

        Assert.Equal([(100m, "partially_paid"), (500m, "paid")], PaidAndStatus(await host.GetContractAsync(id)));
    }

    [Fact]
    public async Task A_repeated_external_ref_changes_nothing_and_answers_the_first_payment()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, new DateOnly(2026, 2, 1))], Signed)).GetProperty("id").GetGuid();
        var reference = "BANK-" + Guid.NewGuid();

        using var first = await host.PayAsync(id, 300m, reference, new DateOnly(2026, 2, 1));
        using var repeat = await host.PayAsync(id, 999m, reference, new DateOnly(2026, 2, 2));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await repeat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.Equal(300m, b.GetProperty("amount").GetDecimal());
        Assert.Equal([(300m, "partially_paid")], PaidAndStatus(await host.GetContractAsync(id)));
    }

    [Fact]
    public async Task Payments_are_refused_on_a_draft_in_another_currency_and_for_non_finance_roles()
    {
        var owner = Guid.NewGuid();
        var account = await host.RegisterAccountAsync(owner);
        var draft = (await host.DraftAsync(account, 1000m)).GetProperty("id").GetGuid();
        var signed = (await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, new DateOnly(2026, 2, 1))], Signed)).GetProperty("id").GetGuid();
        using var kam = host.ClientFor(owner, Roles.KeyAccountManager);

        using var onDraft = await host.PayAsync(draft, 10m, "R-" + Guid.NewGuid(), Signed);
        using var usd = await host.Finance.PostAsJsonAsync("/api/payments", new { contractId = signed, amount = 10m, currency = "USD", receivedAt = "2026-02-01", externalRef = "R-" + Guid.NewGuid() });
        using var byKam = await host.PayAsync(signed, 10m, "R-" + Guid.NewGuid(), Signed, client: kam);
        using var bad = await host.Finance.PostAsJsonAsync("/api/payments", new { contractId = signed, amount = -1m, currency = "cny" });

        Assert.Equal("contract_not_signed", (await onDraft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("currency_mismatch", (await usd.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byKam.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(["amount", "currency", "receivedAt", "externalRef"], f => Assert.True(errors.TryGetProperty(f, out _), f));
    }

    [Fact]
    public async Task An_invoice_request_marks_the_milestone_invoiced_and_goes_out_once()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(40, new DateOnly(2026, 2, 1)), ContractsFixture.Fixed(60, new DateOnly(2026, 3, 1))], Signed);
        var id = contract.GetProperty("id").GetGuid();
        var milestone = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();

        using var first = await host.Finance.PostAsync($"/api/contracts/{id}/milestones/{milestone}/invoices", null);
        using var second = await host.Finance.PostAsync($"/api/contracts/{id}/milestones/{milestone}/invoices", null);
        using var unknown = await host.Finance.PostAsync($"/api/contracts/{id}/milestones/{Guid.NewGuid()}/invoices", null);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(400m, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("amount").GetDecimal());
        Assert.Equal("already_invoiced", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal([(0m, "invoiced"), (0m, "due")], PaidAndStatus(await host.GetContractAsync(id)));
    }

    private static (decimal, string?)[] PaidAndStatus(JsonElement contract) =>
        contract.GetProperty("milestones").EnumerateArray().Select(m => (m.GetProperty("paid").GetDecimal(), m.GetProperty("status").GetString())).ToArray();
}
