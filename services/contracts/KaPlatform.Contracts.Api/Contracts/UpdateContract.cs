using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.PaymentPlans;
using KaPlatform.Contracts.Api.Stakeholders;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Contracts;

public sealed record UpdateContractRequest(string? Title, decimal? Amount, string? Currency, DateOnly? StartDate, DateOnly? EndDate, Guid[]? PaymentApproverIds);

/// <summary>
/// PATCH /api/contracts/{id} (If-Match): title, dates and payment approvers at any time; amount and currency only
/// while draft — after signing they are what the customer signed, and the plan's amounts follow them.
/// </summary>
public static class UpdateContract
{
    public static async Task<Ok<ContractResponse>> HandleAsync(
        Guid id, UpdateContractRequest request, ClaimsPrincipal user, HttpRequest http, HttpResponse response,
        NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.SalesWriters);
        Concurrency.Check(http, contract.Version);
        var start = request.StartDate ?? contract.StartDate;
        var end = request.EndDate ?? contract.EndDate;
        new FieldErrors()
            .Check(request.Title is null || (request.Title.Trim().Length is > 0 and <= 300), "title", "1 to 300 characters")
            .Check(request.Amount is null || (request.Amount >= 0 && Money.IsCents(request.Amount.Value)), "amount", "zero or more, at most 2 decimals")
            .Check(request.Currency is null || Money.IsCurrencyCode(request.Currency), "currency", "a 3-letter ISO code like CNY")
            .Check(start is null || end is null || end >= start, "endDate", "on or after startDate")
            .Check(request.PaymentApproverIds is null || request.PaymentApproverIds.All(a => a != Guid.Empty), "paymentApproverIds", "non-empty UUIDs")
            .ThrowIfAny();
        if ((request.Amount is { } a && a != contract.Amount || request.Currency is { } cur && cur != contract.Currency) && !contract.IsDraft)
        {
            throw new BusinessRuleException("contract_not_draft", "Amount and currency can only change while the contract is a draft.");
        }

        await StakeholderDirectory.RequireOfAccountAsync(work, contract.AccountId, request.PaymentApproverIds ?? [], "paymentApproverIds");

        await work.Connection.ExecuteAsync(
            """
            UPDATE contracts SET title = coalesce(@Title, title), amount = coalesce(@Amount, amount), currency = coalesce(@Currency, currency),
                   start_date = @start, end_date = @end, payment_approver_ids = coalesce(@PaymentApproverIds, payment_approver_ids)
            WHERE id = @id
            """,
            new { id, Title = request.Title?.Trim(), request.Amount, request.Currency, start, end, PaymentApproverIds = request.PaymentApproverIds?.Distinct().ToArray() },
            work.Transaction);
        if (request.Amount is { } amount && amount != contract.Amount || request.Currency is { } currency && currency != contract.Currency)
        {
            var plan = await MilestoneStore.ListAsync(work, id);
            await MilestoneStore.ReplaceAsync(work, id, contract.AccountId, request.Currency ?? contract.Currency,
                PaymentPlan.Allocate(request.Amount ?? contract.Amount, plan.Select(m => (m.Kind, m.Percent, new DueRule(m.DueRuleType, m.DueRuleValue))).ToList()));
        }

        await ContractAccess.TouchAsync(work, id);
        await work.AuditAsync(caller, "contract", id, "updated", request, cancellationToken);
        return await GetContract.CommitAndReadAsync(work, caller, id, response, cancellationToken);
    }
}
