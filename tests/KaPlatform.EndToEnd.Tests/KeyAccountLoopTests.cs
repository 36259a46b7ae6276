using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using Aspire.Hosting.Testing;
using KaPlatform.LocalInfra;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.EndToEnd.Tests;

/// <summary>
/// The whole key-account loop — plan → acquire → win → collect → renew — through the gateway across all four
/// services on real processes, PostgreSQL and RabbitMQ; then again with contracts-api down for a while in the middle.
/// </summary>
public sealed class KeyAccountLoopTests(PlatformFixture fixture)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public Task The_key_account_loop_runs_end_to_end() => RunLoopAsync(withContractsOutage: false);

    [Fact]
    public Task The_loop_loses_and_doubles_nothing_while_contracts_api_is_down_for_a_while() => RunLoopAsync(withContractsOutage: true);

    private async Task RunLoopAsync(bool withContractsOutage)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var region = "loop-" + Guid.NewGuid().ToString("N")[..6];
        var kamId = Guid.NewGuid();
        using var kam = await fixture.SignInAsync(kamId, Roles.KeyAccountManager, region);
        using var cs = await fixture.SignInAsync(Guid.NewGuid(), Roles.CsManager, region);
        using var finance = await fixture.SignInAsync(Guid.NewGuid(), Roles.Finance);
        using var admin = await fixture.SignInAsync(Guid.NewGuid(), Roles.Admin);

        // Plan: a group account, its subsidiary, the decision chain, a visit, the classification and the year's plan.
        var group = Id(await SendAsync(kam, HttpMethod.Post, "/api/accounts", new { name = "中国移动通信集团", region, category = "group" }, HttpStatusCode.Created));
        var account = Id(await SendAsync(kam, HttpMethod.Post, "/api/accounts",
            new { name = "中国移动通信集团浙江有限公司", region, parentId = group, category = "strategic" }, HttpStatusCode.Created));
        foreach (var area in new[] { "opportunities", "contracts", "success" })
        {
            await Eventually.TrueAsync(async () => (await kam.GetAsync($"/api/{area}/accounts/{account}")).StatusCode == HttpStatusCode.OK, Patience, $"{area} knows the account");
        }

        var buyer = Id(await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/stakeholders", new
        {
            name = "王建国", title = "副总经理", buyingRoles = new[] { "economic_buyer", "decision_maker" }, influence = 5, stance = "ally",
            relationshipCloseness = 80, solutionAcceptance = 70, priceAcceptance = 60,
        }, HttpStatusCode.Created));
        var coach = Id(await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/stakeholders", new
        {
            name = "李敏", title = "网络部经理", buyingRoles = new[] { "coach", "technical_gatekeeper" }, influence = 3, stance = "supporter",
            relationshipCloseness = 75, solutionAcceptance = 80, priceAcceptance = 50,
        }, HttpStatusCode.Created));
        await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/interactions", new
        {
            kind = "visit", occurredAt = DateTimeOffset.UtcNow.AddHours(-2), stakeholderIds = new[] { buyer, coach },
            summary = "与王总讨论5G专网二期，预算已批", topics = new[] { "5G专网" }, nextSteps = "提交方案",
        }, HttpStatusCode.Created);
        await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/assessments", new
        {
            fiscalYear = Today.Year, contribution = 12_000_000m, potential = 40_000_000m, marginPct = 25m, purchaseGrowthPct = 15m,
            avgPaymentDelayDays = 20, creditRating = "A", strategicFit = 5, openness = 4,
        }, HttpStatusCode.Created);
        await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/plans", new
        {
            fiscalYear = Today.Year,
            targets = new { opportunitiesIncubated = 2, opportunitiesCaptured = 1, contractAmount = 5_000_000m, collectionAmount = 3_000_000m },
        }, HttpStatusCode.Created);

        // Acquire: lead → BANT → opportunity → stage gates → bid won.
        var lead = Id(await SendAsync(kam, HttpMethod.Post, "/api/leads", new
        {
            accountId = account, title = "5G专网二期", source = "existing_customer", purchaseType = "occasional", estimatedValue = 3_000_000m,
        }, HttpStatusCode.Created));
        var qualified = await SendAsync(kam, HttpMethod.Post, $"/api/leads/{lead}/qualify", new
        {
            budget = new { confirmed = true, amount = 3_000_000m },
            authority = new { confirmed = true, stakeholderId = buyer },
            need = new { confirmed = true, description = "园区5G专网覆盖" },
            timeline = new { confirmed = true, decisionDate = Today.AddDays(30) },
        }, HttpStatusCode.Created);
        var opportunity = qualified.GetProperty("opportunityId").GetGuid();

        await MoveAsync(kam, opportunity, "solution_design");
        await MoveAsync(kam, opportunity, "deep_engagement");
        await MoveAsync(kam, opportunity, "product_confirmation");
        await SendAsync(kam, HttpMethod.Patch, $"/api/opportunities/{opportunity}", new
        {
            competitors = new[] { new { name = "华为", strengths = "价格", weaknesses = "服务", threat = "high", incumbent = false } },
            infoPoints = new[] { new { key = "competition", known = true, notes = "华为参与" } },
        }, HttpStatusCode.OK);
        await MoveAsync(kam, opportunity, "commercial_negotiation");

        var bid = Id(await SendAsync(kam, HttpMethod.Post, $"/api/opportunities/{opportunity}/bids", new
        {
            tenderRef = "ZJYD-2026-" + Guid.NewGuid().ToString("N")[..6], issuer = "浙江移动采购中心", submissionDeadline = DateTimeOffset.UtcNow.AddDays(10),
            price = 3_000_000m, documents = new[] { new { name = "技术方案", status = "done" } },
        }, HttpStatusCode.Created));
        await SendAsync(kam, HttpMethod.Post, $"/api/bids/{bid}/decision", new { decision = "bid", reason = "战略客户" }, HttpStatusCode.OK);
        await SendAsync(kam, HttpMethod.Post, $"/api/bids/{bid}/submit", null, HttpStatusCode.OK);
        await SendAsync(kam, HttpMethod.Post, $"/api/bids/{bid}/outcome", new { outcome = "won", reason = "综合评分第一" }, HttpStatusCode.OK);
        Assert.Equal("signing", (await GetAsync(kam, $"/api/opportunities/{opportunity}")).GetProperty("stage").GetString());

        if (withContractsOutage)
        {
            await fixture.StopAsync(PlatformLayout.Contracts.Name);
        }

        // Win: the draft contract appears (after contracts-api is back, from the OpportunityWon that waited in its queue).
        await SendAsync(kam, HttpMethod.Post, $"/api/opportunities/{opportunity}/win", new { closeDate = Today }, HttpStatusCode.OK);
        if (withContractsOutage)
        {
            await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/interactions",
                new { kind = "call", occurredAt = DateTimeOffset.UtcNow, stakeholderIds = new[] { buyer }, summary = "确认签约时间" }, HttpStatusCode.Created);
            await fixture.StartAsync(PlatformLayout.Contracts.Name);
        }

        var draft = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            using var response = await kam.GetAsync($"/api/contracts?accountId={account}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToArray();
            return items.Length > 0 ? items[0] : null;
        }, Patience, "draft contract") ?? throw new InvalidOperationException();
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        var contract = draft.GetProperty("id").GetGuid();
        var amount = draft.GetProperty("amount").GetDecimal();

        // Collect: payment plan, signing, delivery and acceptance, then the ERP posts a payment as raw JSON.
        await SendAsync(kam, HttpMethod.Put, $"/api/contracts/{contract}/payment-plan", new
        {
            milestones = new object[]
            {
                new { kind = "down_payment", percent = 30, dueRule = new { type = "days_after_signing", value = 15 } },
                new { kind = "delivery", percent = 40, dueRule = new { type = "days_after_delivery", value = 30 } },
                new { kind = "acceptance", percent = 25, dueRule = new { type = "days_after_acceptance", value = 30 } },
                new { kind = "warranty", percent = 5, dueRule = new { type = "months_after_acceptance", value = 12 } },
            },
        }, HttpStatusCode.OK);
        var endDate = Today.AddDays(365);
        var signed = await SendAsync(kam, HttpMethod.Post, $"/api/contracts/{contract}/sign",
            new { signedAt = Today, startDate = Today, endDate }, HttpStatusCode.OK);
        var number = signed.GetProperty("number").GetString()!;
        await SendAsync(kam, HttpMethod.Post, $"/api/contracts/{contract}/deliveries", new { date = Today, evidence = "DN-001 到货签收单" }, HttpStatusCode.OK);
        await SendAsync(kam, HttpMethod.Post, $"/api/contracts/{contract}/acceptance", new { date = Today, evidence = "AC-001 验收证书" }, HttpStatusCode.OK);

        var downPayment = Math.Round(amount * 0.30m, 2);
        var erpPayment = new
        {
            eventId = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, schemaVersion = 1, externalRef = "ICBC-" + Guid.NewGuid().ToString("N")[..10],
            contractNumber = number, amount = downPayment, currency = "CNY", receivedAt = Today,
        };
        if (withContractsOutage)
        {
            await fixture.StopAsync(PlatformLayout.Contracts.Name);
        }

        await PublishErpPaymentAsync(erpPayment);
        if (withContractsOutage)
        {
            await PublishErpPaymentAsync(erpPayment); // the ERP retried while nobody answered
            await fixture.StartAsync(PlatformLayout.Contracts.Name);
        }

        // Aging (group rolls up its subsidiary) and the battle map reflect the payment.
        var aging = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var body = await GetAsync(finance, $"/api/collections/aging?asOf={Today:yyyy-MM-dd}&accountId={group}&includeSubsidiaries=true");
            return body.GetProperty("overall").GetProperty("total").GetDecimal() == amount - downPayment ? body : null;
        }, Patience, "aging reflects the payment") ?? throw new InvalidOperationException();
        Assert.Equal(amount - downPayment, aging.GetProperty("overall").GetProperty("total").GetDecimal());
        var map = await GetAsync(kam, $"/api/collections/battle-map?ownerId={kamId}");
        var row = Assert.Single(map.GetProperty("items").EnumerateArray(), c => c.GetProperty("contractId").GetGuid() == contract);
        Assert.Equal(downPayment, row.GetProperty("collected").GetDecimal());
        Assert.Equal(amount - downPayment, row.GetProperty("outstanding").GetDecimal());

        // The account plan's progress counts the won opportunity, the signed contract and the payment.
        var progress = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var body = await GetAsync(kam, $"/api/accounts/{account}/plans/{Today.Year}/progress");
            var t = body.GetProperty("targets");
            return t.GetProperty("opportunitiesCaptured").GetProperty("actual").GetDecimal() == 1
                   && t.GetProperty("contractAmount").GetProperty("actual").GetDecimal() == amount
                   && t.GetProperty("collectionAmount").GetProperty("actual").GetDecimal() == downPayment ? body : null;
        }, Patience, "plan progress") ?? throw new InvalidOperationException();
        Assert.Equal(1m, progress.GetProperty("targets").GetProperty("opportunitiesIncubated").GetProperty("actual").GetDecimal());

        // Health is computed from what success-api learnt through events.
        var health = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var body = await GetAsync(cs, $"/api/success/accounts/{account}/health");
            return Component(body, "relationship") > 0 ? body : null;
        }, Patience, "health") ?? throw new InvalidOperationException();
        Assert.Equal(100, Component(health, "payment"));
        Assert.Equal(100, Component(health, "sponsor_stability"));

        // The coach leaves: champion_departed.
        await SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/stakeholders/{coach}/departure", new { leftAt = Today, note = "调往集团总部" }, HttpStatusCode.OK);
        var alert = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var items = (await GetAsync(cs, $"/api/success/alerts?accountId={account}&kind=champion_departed")).GetProperty("items").EnumerateArray().ToArray();
            return items.Length == 1 ? items[0] : null;
        }, Patience, "champion_departed") ?? throw new InvalidOperationException();
        Assert.Contains("李敏", alert.GetProperty("reason").GetString());

        // Renew: at the lead time RenewalDue goes out and opportunities-api opens the renewal opportunity.
        await SendAsync(admin, HttpMethod.Post, $"/api/success/renewals/due-scan?asOf={endDate.AddDays(-120):yyyy-MM-dd}", null, HttpStatusCode.OK);
        var renewalOpportunity = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var items = (await GetAsync(kam, $"/api/opportunities?accountId={account}&type=renewal")).GetProperty("items").EnumerateArray().ToArray();
            return items.Length > 0 ? items[0] : null;
        }, Patience, "renewal opportunity") ?? throw new InvalidOperationException();
        var renewal = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var items = (await GetAsync(cs, $"/api/success/renewals?accountId={account}")).GetProperty("items").EnumerateArray().ToArray();
            return items.Length == 1 && items[0].GetProperty("status").GetString() == "opportunity_open" ? items[0] : null;
        }, Patience, "renewal opportunity_open") ?? throw new InvalidOperationException();
        Assert.Equal(renewalOpportunity.GetProperty("id").GetGuid(), renewal.GetProperty("renewalOpportunityId").GetGuid());

        // Nothing lost, nothing doubled: one contract, one payment application, one renewal opportunity.
        Assert.Single((await GetAsync(kam, $"/api/contracts?accountId={account}")).GetProperty("items").EnumerateArray());
        Assert.Single((await GetAsync(kam, $"/api/opportunities?accountId={account}&type=renewal")).GetProperty("items").EnumerateArray());
        Assert.Equal(downPayment, (await GetAsync(kam, $"/api/collections/battle-map?ownerId={kamId}")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("contractId").GetGuid() == contract).GetProperty("collected").GetDecimal());
        Assert.Equal(amount, (await GetAsync(cs, $"/api/success/revenue?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}&accountId={account}")).GetProperty("revenue").GetDecimal());

        // Figures for the record (printed with --output detailed), never asserted: the machine is shared.
        TestContext.Current.TestOutputHelper?.WriteLine($"loop (outage: {withContractsOutage}) took {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task MoveAsync(HttpClient client, Guid opportunity, string stage) =>
        // Gates read the accounts-api events (coach, engaged economic buyer) from opportunities-api's projection.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.PostAsJsonAsync($"/api/opportunities/{opportunity}/stage", new { stage });
            return response.StatusCode == HttpStatusCode.OK;
        }, Patience, $"stage {stage}");

    private static int Component(JsonElement health, string name) =>
        health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("score").GetInt32();

    private static Guid Id(JsonElement body) => body.GetProperty("id").GetGuid();

    private static Task<JsonElement> GetAsync(HttpClient client, string path) => ApiCall.SendAsync(client, HttpMethod.Get, path);

    private static Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected) =>
        ApiCall.SendAsync(client, method, path, body, expected);

    /// <summary>
    /// What the ERP does: a plain JSON body on queue ka.erp.inbound.payments (default exchange, persistent), here through
    /// the broker's HTTP publish API since this test assembly carries no AMQP client.
    /// </summary>
    /// <summary>As the ERP does it: plain AMQP, raw JSON, no MassTransit envelope, persistent, to the inbound queue.</summary>
    private async Task PublishErpPaymentAsync(object payment)
    {
        var bus = new Uri(await fixture.App.GetConnectionStringAsync("eventbus") ?? throw new InvalidOperationException("no eventbus"));
        var credentials = bus.UserInfo.Split(':', 2);
        var factory = new ConnectionFactory
        {
            HostName = bus.Host,
            Port = bus.Port,
            VirtualHost = Uri.UnescapeDataString(bus.AbsolutePath.TrimStart('/')),
            UserName = Uri.UnescapeDataString(credentials[0]),
            Password = Uri.UnescapeDataString(credentials[1]),
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var body = JsonSerializer.SerializeToUtf8Bytes(payment, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, Type = "erp_payment_posted" };
        await channel.BasicPublishAsync("", "ka.erp.inbound.payments", mandatory: true, properties, body);
    }
}
