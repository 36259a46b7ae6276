using System.Security.Claims;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Leads;

public sealed record RegisterLeadRequest(
    Guid? AccountId, string? Title, [property: OneOf(typeof(LeadResponse), nameof(LeadResponse.Sources))] string? Source, [property: OneOf(typeof(LeadResponse), nameof(LeadResponse.PurchaseTypes))] string? PurchaseType, decimal? EstimatedValue, string? Currency, Guid? OwnerId,
    ReferredBy? ReferredBy = null);

/// <summary>POST /api/leads: a lead (线索) on a visible account, owned by the caller unless an owner is named.</summary>
public static class RegisterLead
{
    public static async Task<Created<LeadResponse>> HandleAsync(
        RegisterLeadRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        caller.Require(Access.Sellers);
        new FieldErrors()
            .Id("accountId", request.AccountId)
            .Length("title", request.Title)
            .Choice("source", request.Source, LeadResponse.Sources, required: request.ReferredBy is null)
            .Choice("purchaseType", request.PurchaseType, LeadResponse.PurchaseTypes)
            .Money("estimatedValue", request.EstimatedValue, required: false)
            .Currency("currency", request.Currency)
            .Id("ownerId", request.OwnerId, required: false)
            .ReferredBy(request.ReferredBy, request.AccountId, request.Source)
            .ThrowIfAny();

        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        await Access.RequireAccountAsync(work.Connection, work.Transaction, caller, request.AccountId!.Value);
        if (request.ReferredBy is not null)
        {
            await Referral.CheckAsync(work.Connection, work.Transaction, caller, request.ReferredBy);
        }

        var id = Guid.CreateVersion7();
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO leads (id, account_id, title, source, purchase_type, estimated_value, currency, owner_id, created_by,
                               referred_by_account_id, referred_by_stakeholder_id)
            VALUES (@id, @AccountId, @Title, @Source, @PurchaseType, @EstimatedValue, @Currency, @OwnerId, @CreatedBy,
                    @ReferredByAccountId, @ReferredByStakeholderId)
            """,
            new
            {
                id,
                request.AccountId,
                Title = request.Title!.Trim(),
                Source = request.Source ?? "referral",
                request.PurchaseType,
                request.EstimatedValue,
                Currency = request.Currency ?? "CNY",
                OwnerId = request.OwnerId ?? caller.UserId,
                CreatedBy = caller.UserId,
                ReferredByAccountId = request.ReferredBy?.AccountId,
                ReferredByStakeholderId = request.ReferredBy?.StakeholderId,
            }, work.Transaction);
        await work.AuditAsync(caller, "lead", id, "registered", request, cancellationToken);
        var lead = await LeadStore.ReloadAsync(work.Connection, work.Transaction, id);
        if (request.ReferredBy is { } referral)
        {
            await work.PublishAsync(new LeadReferred(Guid.CreateVersion7(), DateTimeOffset.UtcNow, lead.AccountId, id, referral.AccountId!.Value,
                referral.StakeholderId, lead.OwnerId, DateOnly.FromDateTime(lead.CreatedAt)), cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/leads/{id}", lead);
    }
}
