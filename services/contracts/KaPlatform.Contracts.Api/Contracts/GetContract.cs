using System.Security.Claims;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Data;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

/// <summary>GET /api/contracts/{id}: the contract with its payment plan; ETag for a later PATCH.</summary>
public static class GetContract
{
    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, ClaimsPrincipal user, HttpResponse response, [FromKeyedServices(DatabaseSetup.PointLookups)] NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.FindAsync(work, Caller.From(user), id) ?? throw ContractAccess.NotFound();
        var result = await ReadAsync(work, contract);
        response.Headers.ETag = Concurrency.ETag(contract.Version);
        return TypedResults.Ok(result);
    }

    /// <summary>The answer of every contract write: the contract as committed, with its new ETag.</summary>
    public static async Task<Ok<ContractResponse>> CommitAndReadAsync(
        UnitOfWork work, Caller caller, Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var contract = (await ContractAccess.FindAsync(work, caller, id))!;
        var result = await ReadAsync(work, contract);
        await work.CommitAsync(cancellationToken);
        response.Headers.ETag = Concurrency.ETag(contract.Version);
        return TypedResults.Ok(result);
    }

    public static async Task<ContractResponse> ReadAsync(UnitOfWork work, ContractRow contract) =>
        ContractResponse.From(contract, await MilestoneStore.ListAsync(work, contract.Id));
}
