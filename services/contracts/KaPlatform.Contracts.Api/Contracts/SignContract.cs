using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Erp;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

public sealed record SignContractRequest(DateOnly? SignedAt, DateOnly? StartDate, DateOnly? EndDate);

/// <summary>POST /api/contracts/{id}/sign: draft → signed; starts the milestones due after signing; ContractSigned to the bus and the ERP.</summary>
public static class SignContract
{
    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, SignContractRequest request, ClaimsPrincipal user, HttpRequest http, HttpResponse response,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.SalesWriters);
        Concurrency.Check(http, contract.Version);
        new FieldErrors()
            .Check(request.SignedAt is not null, "signedAt", "required (YYYY-MM-DD)")
            .Check(request.StartDate is not null, "startDate", "required (YYYY-MM-DD)")
            .Check(request.EndDate is null || request.StartDate is null || request.EndDate >= request.StartDate, "endDate", "on or after startDate")
            .ThrowIfAny();
        if (!contract.IsDraft)
        {
            throw new BusinessRuleException("contract_not_draft", $"Contract {contract.Number} is already {contract.Status}.");
        }

        await work.Connection.ExecuteAsync(
            "UPDATE contracts SET signed_at = @SignedAt, start_date = @StartDate, end_date = @EndDate WHERE id = @id",
            new { id, request.SignedAt, request.StartDate, request.EndDate }, work.Transaction);
        await MilestoneStore.StartDueDatesAsync(work, contract, request.SignedAt, null, null);
        await ContractAccess.TouchAsync(work, id, ContractStatus.Signed);
        await work.AuditAsync(caller, "contract", id, "signed", request, cancellationToken);
        await ErpOutbound.PublishAsync(work, new ContractSigned(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, contract.AccountId, id, contract.OpportunityId, contract.Number,
            contract.Amount, contract.Currency, request.SignedAt!.Value, request.StartDate!.Value, request.EndDate), cancellationToken);

        return await GetContract.CommitAndReadAsync(work, caller, id, response, cancellationToken);
    }
}
