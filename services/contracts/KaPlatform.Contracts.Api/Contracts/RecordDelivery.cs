using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>
/// POST /api/contracts/{id}/deliveries: a (partial) delivery with its delivery note. The first delivery starts the
/// days_after_delivery milestones: finance collects against the first goods on site, not the last.
/// </summary>
public static class RecordDelivery
{
    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, ExecutionStepRequest request, ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.SalesWriters);
        var deliveredAt = contract.DeliveredAt ?? request.Date;
        await ExecutionStep.RecordAsync(work, caller, contract, request, "delivery", "delivery_note", deliveredAt, contract.AcceptedAt, cancellationToken);
        return await GetContract.CommitAndReadAsync(work, caller, id, response, cancellationToken);
    }
}
