using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Contracts.Api.Payments;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Contracts.Api.Erp;

/// <summary>
/// ErpPaymentPosted does what POST /api/payments does (docs/product.md §3.3), through the same ledger. The inbox keyed by the
/// message's eventId drops a redelivery; the unique externalRef drops the same payment posted again under a new
/// eventId. Answers null when applied (or already known), else the reason for the error queue.
/// </summary>
public static class ApplyErpPayment
{
    private const string Consumer = "erp-inbound-payments";

    public static async Task<string?> ApplyAsync(NpgsqlDataSource db, ErpPaymentPosted message, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var claimed = await work.Connection.ExecuteAsync(
            "INSERT INTO inbox (message_id, consumer) VALUES (@EventId, @Consumer) ON CONFLICT DO NOTHING",
            new { message.EventId, Consumer }, work.Transaction);
        if (claimed == 0)
        {
            return null;
        }

        var contract = await work.Connection.QuerySingleOrDefaultAsync<ContractRow>(
            $"SELECT {ContractRow.Columns} FROM contracts c WHERE c.number = @ContractNumber FOR UPDATE", new { message.ContractNumber }, work.Transaction);
        if (contract is null)
        {
            return $"unknown_contract: no contract numbered '{message.ContractNumber}'";
        }

        if (await PaymentLedger.FindAsync(work, message.ExternalRef) is null)
        {
            try
            {
                await PaymentLedger.ApplyAsync(work, ErpPaymentListener.Erp, contract, new IncomingPayment(
                    message.Amount, message.Currency, message.ReceivedAt, message.ExternalRef, null, "erp"), cancellationToken);
            }
            catch (BusinessRuleException refused)
            {
                return $"{refused.Code}: {refused.Message}";
            }
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }
}
