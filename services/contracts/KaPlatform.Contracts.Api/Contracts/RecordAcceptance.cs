using System.Security.Claims;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>
/// POST /api/contracts/{id}/acceptance: the customer's acceptance with its certificate; once per contract. Accepting
/// what was never recorded as delivered counts as its delivery too (the customer evidently has it).
/// </summary>
public static class RecordAcceptance
{
    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, ExecutionStepRequest request, ClaimsPrincipal user, HttpResponse response, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.SalesWriters);
        if (contract.AcceptedAt is not null)
        {
            throw new BusinessRuleException("already_accepted", $"Contract {contract.Number} was accepted on {contract.AcceptedAt:yyyy-MM-dd}.");
        }

        await ExecutionStep.RecordAsync(work, caller, contract, request, "acceptance", "acceptance_certificate",
            contract.DeliveredAt ?? request.Date, request.Date, cancellationToken);
        return await GetContract.CommitAndReadAsync(work, caller, id, response, cancellationToken);
    }
}
