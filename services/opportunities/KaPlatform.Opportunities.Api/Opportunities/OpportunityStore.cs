using Dapper;
using KaPlatform.Opportunities.Api.DealExecution;
using KaPlatform.Messaging;
using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.Opportunities.IntegrationEvents;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Problems;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record NewOpportunity(
    Guid AccountId, string Name, string Type, decimal Amount, string Currency, DateOnly? ExpectedCloseDate, Guid OwnerId,
    Guid? LeadId = null, Guid? SourceContractId = null, DateOnly? SourceTermEnd = null, Guid? SourceNeedId = null);

/// <summary>The writes every path shares (API, lead qualification, bid outcomes, consumed events): one history, one set of events.</summary>
internal static class OpportunityStore
{
    // FOR SHARE: a region move waits for this insert to commit, so the directory's trigger (migration 0009) sees the new
    // opportunity; an insert behind a move reads the moved region.
    private const string Insert = $"""
        INSERT INTO opportunities AS o (id, account_id, name, type, amount, currency, expected_close_date, stage, probability,
                                        owner_id, lead_id, source_contract_id, source_term_end, source_need_id, account_region, account_region_as_of)
        SELECT @Id, @AccountId, @Name, @Type, @Amount, @Currency, @ExpectedCloseDate, 'initiation', @Probability,
               @OwnerId, @LeadId, @SourceContractId, @SourceTermEnd, @SourceNeedId, d.region, d.as_of
        FROM account_directory d WHERE d.id = @AccountId FOR SHARE OF d
        ON CONFLICT DO NOTHING
        RETURNING {OpportunityRow.Columns}
        """;

    private const string History = """
        INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, probability, overridden, override_reason, failed, actor_id)
        VALUES (@Id, @OpportunityId, @FromStage, @ToStage, @Probability, @Overridden, @OverrideReason, @Failed, @ActorId)
        """;

    private const string Close = $"""
        UPDATE opportunities o SET stage = @Stage, probability = @Probability, probability_reason = NULL,
               amount = @Amount, close_date = @CloseDate, loss_reason = @LossReason, loss_competitor = @LossCompetitor,
               updated_at = clock_timestamp(), version = version + 1
        WHERE id = @Id
        RETURNING {OpportunityRow.Columns}
        """;

    /// <summary>The visible opportunity, or null; FOR UPDATE serialises writers of one opportunity.</summary>
    public static Task<OpportunityRow?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Caller caller, Guid id, bool forUpdate = false) =>
        Access.FindVisibleAsync<OpportunityRow>(connection, transaction, caller, "opportunities", "o", OpportunityRow.Columns, id, forUpdate);

    /// <summary>404 when unseen, 403 when seen but the role only reads, 422 when already closed.</summary>
    public static async Task<OpportunityRow> FindOpenForWriteAsync(UnitOfWork work, Caller caller, Guid id)
    {
        var row = Access.Found(await FindAsync(work.Connection, work.Transaction, caller, id, forUpdate: true));
        caller.Require(Access.Sellers);
        if (!Stages.IsOpen(row.Stage))
        {
            throw new BusinessRuleException("opportunity_closed", $"The opportunity is already {row.Stage}.");
        }

        return row;
    }

    /// <summary>Null when an opportunity from the same contract term or need already exists (a repeated event).</summary>
    public static async Task<OpportunityRow?> OpenAsync(UnitOfWork work, Caller caller, NewOpportunity opportunity, CancellationToken cancellationToken)
    {
        var probability = Stages.DefaultProbability(Stages.Initiation);
        var row = await work.Connection.QuerySingleOrDefaultAsync<OpportunityRow>(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            opportunity.AccountId,
            opportunity.Name,
            opportunity.Type,
            opportunity.Amount,
            opportunity.Currency,
            opportunity.ExpectedCloseDate,
            Probability = probability,
            opportunity.OwnerId,
            opportunity.LeadId,
            opportunity.SourceContractId,
            opportunity.SourceTermEnd,
            opportunity.SourceNeedId,
        }, work.Transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        await RecordStageAsync(work, caller, row.Id, null, Stages.Initiation, probability, null, [], cancellationToken);
        await work.AuditAsync(caller, "opportunity", row.Id, "opened", opportunity, cancellationToken);
        await work.PublishAsync(new OpportunityOpened(Guid.CreateVersion7(), DateTimeOffset.UtcNow, row.AccountId, row.Id, row.OwnerId, row.Type,
            row.Amount, row.Currency, row.ExpectedCloseDate, row.Stage, row.SourceContractId, row.SourceNeedId), cancellationToken);
        return row;
    }

    /// <summary>Moves an open opportunity to another open stage; the probability returns to the new stage's default.</summary>
    public static async Task<OpportunityRow> MoveAsync(UnitOfWork work, Caller caller, OpportunityRow row, string to, string? overrideReason,
        string[] failed, CancellationToken cancellationToken)
    {
        var probability = Stages.DefaultProbability(to);
        var moved = await work.Connection.QuerySingleAsync<OpportunityRow>(new CommandDefinition(
            $"""
            UPDATE opportunities o SET stage = @to, probability = @probability, probability_reason = NULL,
                   updated_at = clock_timestamp(), version = version + 1
            WHERE id = @Id RETURNING {OpportunityRow.Columns}
            """, new { to, probability, row.Id }, work.Transaction, cancellationToken: cancellationToken));
        var overridden = failed.Length > 0;
        await RecordStageAsync(work, caller, row.Id, row.Stage, to, probability, overrideReason, failed, cancellationToken);
        await work.AuditAsync(caller, "opportunity", row.Id, overridden ? "stage_overridden" : "stage_changed",
            new { from = row.Stage, to, probability, overrideReason, failed }, cancellationToken);
        await PublishStageChangedAsync(work, row, moved, overridden, cancellationToken);
        return moved;
    }

    public static async Task<OpportunityRow> WinAsync(UnitOfWork work, Caller caller, OpportunityRow row, DateOnly closeDate, decimal amount, CancellationToken cancellationToken)
    {
        var won = await CloseAsync(work, caller, row, Stages.Won, amount, closeDate, null, null, cancellationToken);
        await work.PublishAsync(new OpportunityWon(Guid.CreateVersion7(), DateTimeOffset.UtcNow, won.AccountId, won.Id, won.OwnerId, won.Type,
            won.Amount, won.Currency, closeDate, won.Name), cancellationToken);
        return won;
    }

    public static async Task<OpportunityRow> LoseAsync(UnitOfWork work, Caller caller, OpportunityRow row, DateOnly closeDate, string reason, string? competitor,
        CancellationToken cancellationToken)
    {
        var lost = await CloseAsync(work, caller, row, Stages.Lost, row.Amount, closeDate, reason, competitor, cancellationToken);
        await work.PublishAsync(new OpportunityLost(Guid.CreateVersion7(), DateTimeOffset.UtcNow, lost.AccountId, lost.Id, lost.OwnerId, reason,
            competitor, closeDate, lost.Name, lost.Type, lost.Amount, lost.Currency), cancellationToken);
        return lost;
    }

    /// <summary>The answer for one opportunity: the row plus its readiness and, when asked, its stage history.</summary>
    public static async Task<OpportunityResponse> RespondAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OpportunityRow row, bool withHistory = false)
    {
        var readiness = await StageGates.ReadinessAsync(connection, transaction, row);
        var history = withHistory
            ? (await connection.QueryAsync<StageChange>(
                """
                SELECT from_stage, to_stage, probability, overridden, override_reason, failed, actor_id, at
                FROM opportunity_stage_history WHERE opportunity_id = @Id ORDER BY at, id
                """, new { row.Id }, transaction)).ToList()
            : null;
        return await StuckDeals.WithReasonsAsync(connection, transaction,
            row.ToResponse(readiness, history) with { Lines = await Lines.OpportunityLines.LoadAsync(connection, transaction, row.Id) });
    }

    private static async Task<OpportunityRow> CloseAsync(UnitOfWork work, Caller caller, OpportunityRow row, string stage, decimal amount, DateOnly closeDate,
        string? lossReason, string? lossCompetitor, CancellationToken cancellationToken)
    {
        var probability = Stages.DefaultProbability(stage);
        var closed = await work.Connection.QuerySingleAsync<OpportunityRow>(new CommandDefinition(Close, new
        {
            row.Id,
            Stage = stage,
            Probability = probability,
            Amount = amount,
            CloseDate = closeDate,
            LossReason = lossReason,
            LossCompetitor = lossCompetitor,
        }, work.Transaction, cancellationToken: cancellationToken));
        await RecordStageAsync(work, caller, row.Id, row.Stage, stage, probability, null, [], cancellationToken);
        await work.AuditAsync(caller, "opportunity", row.Id, stage, new { from = row.Stage, amount, closeDate, lossReason, lossCompetitor }, cancellationToken);
        await PublishStageChangedAsync(work, row, closed, false, cancellationToken);
        return closed;
    }

    private static Task RecordStageAsync(UnitOfWork work, Caller caller, Guid opportunityId, string? from, string to, int probability,
        string? overrideReason, string[] failed, CancellationToken cancellationToken) =>
        work.Connection.ExecuteAsync(new CommandDefinition(History, new
        {
            Id = Guid.CreateVersion7(),
            OpportunityId = opportunityId,
            FromStage = from,
            ToStage = to,
            Probability = probability,
            Overridden = failed.Length > 0,
            OverrideReason = overrideReason,
            Failed = failed,
            ActorId = caller.UserId,
        }, work.Transaction, cancellationToken: cancellationToken));

    private static Task PublishStageChangedAsync(UnitOfWork work, OpportunityRow before, OpportunityRow after, bool overridden, CancellationToken cancellationToken) =>
        work.PublishAsync(new OpportunityStageChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, after.AccountId, after.Id, before.Stage, after.Stage,
            after.Probability, overridden), cancellationToken);
}
