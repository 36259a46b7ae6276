using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Contracts.Api.Erp;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Invoices;

public sealed class InvoiceResponse
{
    public Guid Id { get; init; }
    public Guid ContractId { get; init; }
    public Guid MilestoneId { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "";
    public Guid RequestedBy { get; init; }
    public DateTime RequestedAt { get; init; }
}

/// <summary>
/// POST /api/contracts/{id}/milestones/{mid}/invoices: asks the ERP to invoice what is still open on a milestone
/// (InvoiceRequested). One invoice per milestone: a second would bill the customer twice.
/// </summary>
public static class RequestInvoice
{
    public static async Task<Created<InvoiceResponse>> HandleAsync(
        Guid id, Guid mid, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, id, ContractAccess.MoneyWriters);
        var milestone = await work.Connection.QuerySingleOrDefaultAsync<(string? Kind, decimal Outstanding, DateTime? InvoicedAt)>(
            "SELECT kind, amount - paid_amount, invoiced_at FROM milestones WHERE id = @mid AND contract_id = @id", new { id, mid }, work.Transaction);
        if (milestone.Kind is null)
        {
            throw ContractAccess.NotFound("milestone");
        }

        ContractAccess.RequireSigned(contract);
        if (milestone.Outstanding <= 0)
        {
            throw new BusinessRuleException("milestone_paid", "This milestone is paid; there is nothing to invoice.");
        }

        if (milestone.InvoicedAt is not null)
        {
            throw new BusinessRuleException("already_invoiced", $"This milestone was invoiced on {milestone.InvoicedAt:yyyy-MM-dd}.");
        }

        var invoice = await work.Connection.QuerySingleAsync<InvoiceResponse>(
            """
            INSERT INTO invoices (id, contract_id, milestone_id, amount, currency, requested_by)
            VALUES (@InvoiceId, @id, @mid, @Outstanding, @Currency, @UserId)
            RETURNING id, contract_id, milestone_id, amount, currency, requested_by, requested_at;
            """,
            new { InvoiceId = Guid.CreateVersion7(), id, mid, milestone.Outstanding, contract.Currency, caller.UserId }, work.Transaction);
        await work.Connection.ExecuteAsync("UPDATE milestones SET invoiced_at = @RequestedAt WHERE id = @mid", new { invoice.RequestedAt, mid }, work.Transaction);
        await ContractAccess.TouchAsync(work, id);
        await work.AuditAsync(caller, "invoice", invoice.Id, "requested", new { contractId = id, milestoneId = mid, invoice.Amount }, cancellationToken);
        await ErpOutbound.PublishAsync(work, new InvoiceRequested(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, contract.AccountId, id, contract.Number, mid, milestone.Kind, invoice.Amount, contract.Currency), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/contracts/{id}/milestones/{mid}/invoices/{invoice.Id}", invoice);
    }
}
