using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.Messaging;

namespace KaPlatform.Contracts.Api.PaymentPlans;

internal static class MilestoneStore
{
    public static async Task<IReadOnlyList<MilestoneRow>> ListAsync(UnitOfWork work, Guid contractId) =>
        (await work.Connection.QueryAsync<MilestoneRow>(
            $"SELECT {MilestoneRow.Columns} FROM milestones m WHERE m.contract_id = @contractId ORDER BY m.seq",
            new { contractId }, work.Transaction)).AsList();

    /// <summary>Replaces the whole plan (only possible while draft: nothing can reference a draft's milestones yet).</summary>
    public static async Task ReplaceAsync(UnitOfWork work, Guid contractId, Guid accountId, string currency, IReadOnlyList<PlannedMilestone> plan)
    {
        await work.Connection.ExecuteAsync("DELETE FROM milestones WHERE contract_id = @contractId", new { contractId }, work.Transaction);
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO milestones (id, contract_id, account_id, currency, seq, kind, percent, amount, due_rule_type, due_rule_value)
            VALUES (@Id, @ContractId, @AccountId, @Currency, @Seq, @Kind, @Percent, @Amount, @RuleType, @RuleValue)
            """,
            plan.Select((m, i) => new
            {
                Id = Guid.CreateVersion7(),
                ContractId = contractId,
                AccountId = accountId,
                Currency = currency,
                Seq = i + 1,
                m.Kind,
                m.Percent,
                m.Amount,
                RuleType = m.DueRule.Type,
                RuleValue = m.DueRule.Value,
            }),
            work.Transaction);
    }

    /// <summary>Gives a due date to every milestone whose trigger (signing, delivery, acceptance) has now happened.</summary>
    public static async Task<int> StartDueDatesAsync(UnitOfWork work, ContractRow contract, DateOnly? signedAt, DateOnly? deliveredAt, DateOnly? acceptedAt)
    {
        var updates = (await ListAsync(work, contract.Id))
            .Where(m => m.DueDate is null)
            .Select(m => new { m.Id, DueDate = PaymentPlan.DueDate(m.DueRuleType, m.DueRuleValue, signedAt, deliveredAt, acceptedAt) })
            .Where(u => u.DueDate is not null)
            .ToList();
        await work.Connection.ExecuteAsync("UPDATE milestones SET due_date = @DueDate WHERE id = @Id", updates, work.Transaction);
        return updates.Count;
    }
}
