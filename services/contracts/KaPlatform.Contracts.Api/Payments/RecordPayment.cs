using KaPlatform.ServiceDefaults;
using System.Security.Claims;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Input;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Contracts.Api.Payments;

public sealed record RecordPaymentRequest(Guid? ContractId, decimal? Amount, string? Currency, DateOnly? ReceivedAt, string? ExternalRef, Guid? MilestoneId);

/// <summary>POST /api/payments: finance records money received. externalRef is unique: a repeat changes nothing and answers the first payment.</summary>
public static class RecordPayment
{
    public static async Task<Results<Created<PaymentResponse>, Ok<PaymentResponse>>> HandleAsync(
        RecordPaymentRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        new FieldErrors()
            .Check(request.ContractId is not null && request.ContractId != Guid.Empty, "contractId", "required")
            .Check(request.Amount is > 0 && Money.IsCents(request.Amount.Value), "amount", "more than 0, at most 2 decimals")
            .Check(Money.IsCurrencyCode(request.Currency), "currency", "a 3-letter ISO code like CNY")
            .Check(request.ReceivedAt is not null, "receivedAt", "required (YYYY-MM-DD)")
            .Check(!string.IsNullOrWhiteSpace(request.ExternalRef) && request.ExternalRef.Length <= 200, "externalRef", "1 to 200 characters")
            .ThrowIfAny();

        try
        {
            return await RecordAsync(request, caller, db, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "payments_external_ref_key")
        {
            // The same externalRef recorded concurrently on another contract: the first one stands.
            await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
            return TypedResults.Ok((await PaymentLedger.FindAsync(work, request.ExternalRef!.Trim()))!);
        }
    }

    private static async Task<Results<Created<PaymentResponse>, Ok<PaymentResponse>>> RecordAsync(
        RecordPaymentRequest request, Caller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var contract = await ContractAccess.LoadForUpdateAsync(work, caller, request.ContractId!.Value, ContractAccess.MoneyWriters);
        if (await PaymentLedger.FindAsync(work, request.ExternalRef!.Trim()) is { } first)
        {
            return TypedResults.Ok(first);
        }

        var payment = await PaymentLedger.ApplyAsync(work, caller, contract, new IncomingPayment(
            request.Amount!.Value, request.Currency!, request.ReceivedAt!.Value, request.ExternalRef!.Trim(), request.MilestoneId, "api"), cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/payments/{payment.Id}", payment);
    }
}
