using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Contracts.Api.Erp;
using KaPlatform.Contracts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.Problems;

namespace KaPlatform.Contracts.Api.Payments;

public sealed record IncomingPayment(decimal Amount, string Currency, DateOnly ReceivedAt, string ExternalRef, Guid? MilestoneId, string Source);

/// <summary>
/// The one code path for money received, whether keyed in (POST /api/payments) or posted by the ERP (docs/product.md §3.3).
/// The named milestone first (if any), then the earliest-due unpaid milestones; whatever is left is unapplied credit.
/// Each application — the credit included — emits PaymentReceived, so their amounts add up to the payment.
/// </summary>
public static class PaymentLedger
{
    /// <summary>The payment already recorded under this external reference, if any (a repeat answers the first).</summary>
    public static async Task<PaymentResponse?> FindAsync(UnitOfWork work, string externalRef)
    {
        var payment = await work.Connection.QuerySingleOrDefaultAsync<PaymentResponse>(
            $"SELECT {PaymentResponse.Columns} FROM payments p JOIN contracts c ON c.id = p.contract_id WHERE p.external_ref = @externalRef",
            new { externalRef }, work.Transaction);
        if (payment is not null)
        {
            payment.Applications = (await work.Connection.QueryAsync<PaymentApplicationResponse>(
                "SELECT milestone_id, amount FROM payment_applications WHERE payment_id = @Id ORDER BY id", new { payment.Id }, work.Transaction)).AsList();
        }

        return payment;
    }

    /// <summary>Records and allocates a payment on a contract the caller holds locked; answers the stored payment.</summary>
    public static async Task<PaymentResponse> ApplyAsync(UnitOfWork work, Caller caller, ContractRow contract, IncomingPayment payment, CancellationToken cancellationToken)
    {
        ContractAccess.RequireSigned(contract);
        if (!string.Equals(payment.Currency, contract.Currency, StringComparison.Ordinal))
        {
            throw new BusinessRuleException("currency_mismatch", $"Contract {contract.Number} is in {contract.Currency}, the payment in {payment.Currency}.");
        }

        var milestones = (await work.Connection.QueryAsync<(Guid Id, decimal Outstanding)>(
            """
            SELECT id, amount - paid_amount FROM milestones WHERE contract_id = @Id AND paid_amount < amount
            ORDER BY id = @MilestoneId DESC, due_date NULLS LAST, seq
            """, new { contract.Id, payment.MilestoneId }, work.Transaction)).AsList();
        if (payment.MilestoneId is { } named && !await Evidence.RecordEvidence.MilestoneOfAsync(work, contract.Id, named))
        {
            throw FieldErrors.Invalid("milestoneId", "not a milestone of this contract");
        }

        var paymentId = Guid.CreateVersion7();
        var remaining = payment.Amount;
        var applications = new List<PaymentApplicationResponse>();
        foreach (var (milestoneId, outstanding) in milestones.TakeWhile(_ => remaining > 0))
        {
            var applied = Math.Min(remaining, outstanding);
            remaining -= applied;
            applications.Add(new PaymentApplicationResponse(milestoneId, applied));
        }

        await work.Connection.ExecuteAsync(
            """
            INSERT INTO payments (id, contract_id, external_ref, amount, currency, received_at, milestone_id, unapplied_amount, source, recorded_by)
            VALUES (@paymentId, @ContractId, @ExternalRef, @Amount, @Currency, @ReceivedAt, @MilestoneId, @remaining, @Source, @UserId)
            """,
            new { paymentId, ContractId = contract.Id, payment.ExternalRef, payment.Amount, payment.Currency, payment.ReceivedAt, payment.MilestoneId, remaining, payment.Source, caller.UserId },
            work.Transaction);
        foreach (var application in applications)
        {
            await work.Connection.ExecuteAsync(
                """
                INSERT INTO payment_applications (id, payment_id, milestone_id, amount, received_at)
                VALUES (@Id, @paymentId, @MilestoneId, @Amount, @ReceivedAt);
                UPDATE milestones SET paid_amount = paid_amount + @Amount,
                       settled_on = CASE WHEN paid_amount + @Amount >= amount THEN @ReceivedAt ELSE settled_on END
                WHERE id = @MilestoneId
                """,
                new { Id = Guid.CreateVersion7(), paymentId, application.MilestoneId, application.Amount, payment.ReceivedAt }, work.Transaction);
            await PublishReceivedAsync(work, contract, paymentId, application.MilestoneId, application.Amount, payment, cancellationToken);
        }

        if (remaining > 0)
        {
            await work.Connection.ExecuteAsync("UPDATE contracts SET unapplied_credit = unapplied_credit + @remaining WHERE id = @Id",
                new { remaining, contract.Id }, work.Transaction);
            await PublishReceivedAsync(work, contract, paymentId, null, remaining, payment, cancellationToken);
        }

        var completes = milestones.Count > 0 && applications.Count == milestones.Count && applications[^1].Amount == milestones[^1].Outstanding;
        await ContractAccess.TouchAsync(work, contract.Id, completes ? ContractStatus.Completed : null);
        if (completes)
        {
            await ErpOutbound.PublishAsync(work, new ContractCompleted(
                Guid.CreateVersion7(), DateTimeOffset.UtcNow, contract.AccountId, contract.Id, contract.Number, contract.Amount, contract.Currency), cancellationToken);
        }

        await work.AuditAsync(caller, "payment", paymentId, "recorded", new { contractId = contract.Id, payment, applications, unapplied = remaining }, cancellationToken);
        return (await FindAsync(work, payment.ExternalRef))!;
    }

    private static Task PublishReceivedAsync(
        UnitOfWork work, ContractRow contract, Guid paymentId, Guid? milestoneId, decimal amount, IncomingPayment payment, CancellationToken cancellationToken) =>
        ErpOutbound.PublishAsync(work, new PaymentReceived(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, contract.AccountId, contract.Id, contract.Number, paymentId, milestoneId,
            amount, payment.Currency, payment.ReceivedAt, payment.ExternalRef), cancellationToken);
}
