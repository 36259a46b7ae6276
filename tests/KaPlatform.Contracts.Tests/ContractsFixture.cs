using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KaPlatform.Contracts.Tests;

/// <summary>
/// One contracts-api per test class (own database and virtual host). Tests feed it the events other services would
/// send — AccountRegistered, OpportunityWon — through the real broker, and each creates its own accounts and contracts.
/// </summary>
public sealed class ContractsFixture(InfrastructureFixture infra) : IAsyncLifetime
{
    public ServiceFactory<Program> Service { get; private set; } = null!;
    public HttpClient Finance { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The nightly scan stays off: tests run the scan for the dates they choose, two milestones per transaction so
        // that every scan goes through several chunks.
        Service = await ServiceFactory<Program>.StartAsync(infra, "contractsdb", new Dictionary<string, string?> { ["Collections:SchedulerEnabled"] = "false", ["Collections:OverdueScanChunk"] = "2" });
        Finance = Service.ClientFor(Guid.NewGuid(), Roles.Finance);
        Admin = Service.ClientFor(Guid.NewGuid(), Roles.Admin);
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    public IBus Bus => Service.Services.GetRequiredService<IBus>();

    public NpgsqlConnection Database() => new(Service.DatabaseConnectionString);

    public HttpClient ClientFor(Guid userId, string role, string? region = null) => Service.ClientFor(userId, role, region);

    /// <summary>An account as accounts-api would announce it; returns once this service's directory has it.</summary>
    public async Task<Guid> RegisterAccountAsync(Guid ownerId, string region = "华东", Guid? parentId = null, string name = "浙江移动", params Guid[] team)
    {
        var evt = new AccountRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(), name, region, ownerId, parentId, [ownerId, .. team]);
        await Bus.Publish(evt, c => c.MessageId = evt.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Database();
            return await db.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM account_directory WHERE id = @AccountId)", new { evt.AccountId });
        }, what: "account in the directory");
        return evt.AccountId;
    }

    /// <summary>A person of the account as accounts-api would announce it; returns once this service knows them.</summary>
    public async Task<Guid> StakeholderAsync(Guid accountId)
    {
        var evt = new StakeholderAdded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, Guid.CreateVersion7(), "财务总监", null, ["economic_buyer"], 4, "neutral", 50m);
        await Bus.Publish(evt, c => c.MessageId = evt.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Database();
            return await db.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM stakeholders WHERE id = @StakeholderId)", new { evt.StakeholderId });
        }, what: "stakeholder in the directory");
        return evt.StakeholderId;
    }

    public OpportunityWon Won(Guid accountId, decimal amount, string currency = "CNY", Guid? opportunityId = null) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, opportunityId ?? Guid.CreateVersion7(), Guid.NewGuid(), "new_business",
            amount, currency, new DateOnly(2026, 3, 1), "核心网扩容项目");

    public async Task PublishAsync(OpportunityWon won) => await Bus.Publish(won, c => c.MessageId = won.EventId);

    /// <summary>The draft contract drafted from a won opportunity, once it exists.</summary>
    public async Task<JsonElement> DraftAsync(Guid accountId, decimal amount, string currency = "CNY")
    {
        var won = Won(accountId, amount, currency);
        await PublishAsync(won);
        return await ContractOfAsync(won.OpportunityId);
    }

    public async Task<JsonElement> ContractOfAsync(Guid opportunityId)
    {
        var id = await Eventually.GetAsync(async () =>
        {
            await using var db = Database();
            return await db.ExecuteScalarAsync<Guid?>("SELECT id FROM contracts WHERE opportunity_id = @opportunityId", new { opportunityId });
        }, what: "draft contract");
        return await GetContractAsync(id!.Value);
    }

    public async Task<JsonElement> GetContractAsync(Guid id) => await Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/{id}");

    /// <summary>A draft with the given plan, signed on signedAt.</summary>
    public async Task<JsonElement> SignedAsync(Guid accountId, decimal amount, object[] milestones, DateOnly signedAt, string currency = "CNY")
    {
        var draft = await DraftAsync(accountId, amount, currency);
        var id = draft.GetProperty("id").GetGuid();
        (await Finance.PutAsJsonAsync($"/api/contracts/{id}/payment-plan", new { milestones })).EnsureSuccessStatusCode();
        return await SignAsync(id, signedAt);
    }

    public async Task<JsonElement> SignAsync(Guid id, DateOnly signedAt)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/contracts/{id}/sign", new { signedAt, startDate = signedAt, endDate = signedAt.AddYears(1) });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static object Fixed(decimal percent, DateOnly due, string kind = "custom") =>
        new { kind, percent, dueRule = new { type = "fixed_date", value = due.ToString("yyyy-MM-dd") } };

    public async Task<HttpResponseMessage> PayAsync(Guid contractId, decimal amount, string externalRef, DateOnly receivedAt, Guid? milestoneId = null, HttpClient? client = null) =>
        await (client ?? Finance).PostAsJsonAsync("/api/payments", new { contractId, amount, currency = "CNY", receivedAt, externalRef, milestoneId });
}
