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
        await InsertAsync(work, contractId, accountId, currency, plan);
    }

    /// <summary>
    /// The plan of a contract that has none yet, in one statement: Dapper runs a list parameter as one INSERT per
    /// milestone, four round trips per drafted contract where one does (issue 18: every won opportunity drafts one).
    /// </summary>
    public static Task InsertAsync(UnitOfWork work, Guid contractId, Guid accountId, string currency, IReadOnlyList<PlannedMilestone> plan) =>
        work.Connection.ExecuteAsync(
            """
            INSERT INTO milestones (id, contract_id, account_id, currency, seq, kind, percent, amount, due_rule_type, due_rule_value)
            SELECT m.id, @ContractId, @AccountId, @Currency, m.seq, m.kind, m.percent, m.amount, m.rule_type, m.rule_value
            FROM unnest(@Ids, @Seqs, @Kinds, @Percents, @Amounts, @RuleTypes, @RuleValues)
                 AS m (id, seq, kind, percent, amount, rule_type, rule_value)
            """,
            new
            {
                ContractId = contractId,
                AccountId = accountId,
                Currency = currency,
                Ids = plan.Select(_ => Guid.CreateVersion7()).ToArray(),
                Seqs = Enumerable.Range(1, plan.Count).ToArray(),
                Kinds = plan.Select(m => m.Kind).ToArray(),
                Percents = plan.Select(m => m.Percent).ToArray(),
                Amounts = plan.Select(m => m.Amount).ToArray(),
                RuleTypes = plan.Select(m => m.DueRule.Type).ToArray(),
                RuleValues = plan.Select(m => m.DueRule.Value).ToArray(),
            },
            work.Transaction);

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
