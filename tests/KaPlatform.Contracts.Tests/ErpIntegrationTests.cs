using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KaPlatform.Testing;

namespace KaPlatform.Contracts.Tests;

/// <summary>docs/product.md §3.5 from the ERP's side of the wire: plain AMQP and JSON, no MassTransit.</summary>
public sealed class ErpIntegrationTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    [Fact]
    public async Task Finance_events_reach_ka_erp_outbound_as_plain_json_with_snake_case_routing_keys()
    {
        await using var erp = await ErpClient.ConnectAsync(host.Service.EventBusConnectionString);
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, new DateOnly(2026, 1, 31))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var milestone = contract.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        (await host.Finance.PostAsync($"/api/contracts/{id}/milestones/{milestone}/invoices", null)).EnsureSuccessStatusCode();
        (await host.Finance.PostAsync("/api/collections/overdue-scan?asOf=2026-02-01", null)).EnsureSuccessStatusCode();
        (await host.PayAsync(id, 1000m, "BANK-" + Guid.NewGuid(), new DateOnly(2026, 2, 3))).EnsureSuccessStatusCode();

        string[] expected = ["contract_signed", "invoice_requested", "milestone_overdue", "payment_received", "contract_completed"];
        var mine = await Eventually.GetAsync(async () =>
        {
            await Task.Yield();
            var found = erp.Outbound.Where(m => m.Body.TryGetProperty("contractId", out var c) && c.GetGuid() == id).ToList();
            return expected.All(k => found.Any(m => m.RoutingKey == k)) ? found : null;
        }, what: "all five finance events on ka.erp.outbound");

        Assert.All(mine, m =>
        {
            Assert.Equal(JsonValueKind.String, m.Body.GetProperty("eventId").ValueKind);
            Assert.Equal(m.Body.GetProperty("eventId").GetString(), m.Properties.MessageId);
            Assert.True(DateTimeOffset.TryParse(m.Body.GetProperty("occurredAt").GetString(), out _));
            Assert.Equal(1, m.Body.GetProperty("schemaVersion").GetInt32());
            Assert.Equal("application/json", m.Properties.ContentType);
            Assert.Equal(RabbitMQ.Client.DeliveryModes.Persistent, m.Properties.DeliveryMode);
            Assert.False(m.Body.TryGetProperty("message", out _)); // no MassTransit envelope
        });
        Assert.All(mine, m => Assert.Empty(MissingRequiredFields(m.RoutingKey, m.Body)));
        var signed = mine.Single(m => m.RoutingKey == "contract_signed").Body;
        Assert.Equal(contract.GetProperty("number").GetString(), signed.GetProperty("number").GetString());
        Assert.Equal("2026-01-01", signed.GetProperty("signedAt").GetString());
        var payment = mine.Single(m => m.RoutingKey == "payment_received").Body;
        Assert.Equal(1000m, payment.GetProperty("amount").GetDecimal());
        Assert.Equal(milestone, payment.GetProperty("milestoneId").GetGuid());
        Assert.Equal(0, mine.Single(m => m.RoutingKey == "milestone_overdue").Body.GetProperty("daysOverdueThreshold").GetInt32());
    }

    [Fact]
    public async Task An_erp_payment_is_applied_once_however_often_it_is_delivered_or_reposted()
    {
        await using var erp = await ErpClient.ConnectAsync(host.Service.EventBusConnectionString);
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(60, new DateOnly(2026, 2, 1)), ContractsFixture.Fixed(40, new DateOnly(2026, 3, 1))], new DateOnly(2026, 1, 1));
        var id = contract.GetProperty("id").GetGuid();
        var posted = Posted(contract.GetProperty("number").GetString()!, 700m, "ERP-" + Guid.NewGuid());

        await erp.PublishAsync(posted, type: "erp_payment_posted");
        await erp.PublishAsync(posted);                                                  // the same message again
        await erp.PublishAsync(posted with { eventId = Guid.NewGuid().ToString() });     // reposted under a new id

        await Eventually.TrueAsync(async () => (await host.GetContractAsync(id)).GetProperty("collected").GetDecimal() == 700m, what: "ERP payment applied");
        // A later payment proves the queue moved past all three before we look.
        await erp.PublishAsync(Posted(contract.GetProperty("number").GetString()!, 1m, "ERP-" + Guid.NewGuid()));
        await Eventually.TrueAsync(async () => (await host.GetContractAsync(id)).GetProperty("collected").GetDecimal() == 701m, what: "marker payment applied");

        var after = await host.GetContractAsync(id);
        Assert.Equal([600m, 101m], after.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("paid").GetDecimal()).ToArray());
        Assert.Null(await erp.NextErrorAsync());
        var payment = await host.Finance.GetFromJsonAsync<JsonElement>($"/api/payments/{await PaymentIdAsync(posted.externalRef)}");
        Assert.Equal("erp", payment.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Malformed_unknown_or_refused_messages_go_to_the_error_queue_with_a_reason_and_never_block_the_queue()
    {
        await using var erp = await ErpClient.ConnectAsync(host.Service.EventBusConnectionString);
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var contract = await host.SignedAsync(account, 1000m, [ContractsFixture.Fixed(100, new DateOnly(2026, 2, 1))], new DateOnly(2026, 1, 1));
        var number = contract.GetProperty("number").GetString()!;

        await erp.PublishRawAsync(Encoding.UTF8.GetBytes("{ this is not json"));
        await erp.PublishAsync(new { eventId = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, schemaVersion = 1, amount = 5 });
        await erp.PublishAsync(Posted(number, 5m, "ERP-" + Guid.NewGuid()), type: "erp_invoice_posted");
        await erp.PublishAsync(Posted(number, 5m, "ERP-" + Guid.NewGuid()) with { schemaVersion = 7 });
        await erp.PublishAsync(Posted("KA-0000-000000", 5m, "ERP-" + Guid.NewGuid()));
        await erp.PublishAsync(Posted(number, 5m, "ERP-" + Guid.NewGuid()) with { currency = "USD" });
        await erp.PublishAsync(Posted(number, 250m, "ERP-" + Guid.NewGuid())); // a good one behind the bad ones

        await Eventually.TrueAsync(async () => (await host.GetContractAsync(contract.GetProperty("id").GetGuid())).GetProperty("collected").GetDecimal() == 250m,
            what: "the valid payment behind six bad ones applied");
        var reasons = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            while (await erp.NextErrorAsync() is { } error)
            {
                reasons.Add(error.Reason);
            }

            return reasons.Count >= 6;
        }, what: "six messages in the error queue");

        Assert.Collection(reasons,
            r => Assert.StartsWith("malformed_json", r),
            r => Assert.Contains("externalRef is missing", r),
            r => Assert.StartsWith("unknown_message_type", r),
            r => Assert.StartsWith("unsupported_schema_version", r),
            r => Assert.StartsWith("unknown_contract", r),
            r => Assert.StartsWith("currency_mismatch", r));
    }

    /// <summary>Keeps docs/erp honest: every field its JSON Schema requires is in the body actually sent.</summary>
    private static string[] MissingRequiredFields(string routingKey, JsonElement body)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "docs", "erp")))
        {
            dir = dir.Parent;
        }

        var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "docs", "erp", routingKey + ".schema.json"))).RootElement;
        return schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Where(f => !body.TryGetProperty(f, out _)).ToArray();
    }

    private async Task<Guid> PaymentIdAsync(string externalRef)
    {
        await using var db = host.Database();
        return await Dapper.SqlMapper.ExecuteScalarAsync<Guid>(db, "SELECT id FROM payments WHERE external_ref = @externalRef", new { externalRef });
    }

    private static ErpPayment Posted(string contractNumber, decimal amount, string externalRef) =>
        new(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.ToString("O"), 1, externalRef, contractNumber, amount, "CNY", "2026-02-10");

#pragma warning disable IDE1006, SA1300 // the wire format is camelCase JSON, written here as the ERP would
    private sealed record ErpPayment(string eventId, string occurredAt, int schemaVersion, string externalRef, string contractNumber, decimal amount, string currency, string receivedAt);
#pragma warning restore IDE1006, SA1300
}
