using System.Security.Claims;
using Dapper;
using KaPlatform.Contracts.Api.Contracts;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KaPlatform.Contracts.Api.Collections;

public sealed record LastFollowUp(DateOnly Date, string Action, string? Result, DateOnly? PromisedDate);

public sealed record BattleMapMilestone(
    Guid Id, string Kind, decimal Percent, decimal Amount, DateOnly? DueDate, string Status, decimal Paid, int EvidenceCount,
    LastFollowUp? LastFollowUp, string? NextAction, IReadOnlyDictionary<string, object>? NextActionParams);

public sealed record BattleMapContract(
    Guid ContractId, Guid AccountId, string? AccountName, string Number, decimal Amount, string Currency, string Status,
    DateOnly? SignedAt, decimal Collected, decimal Outstanding, IReadOnlyList<BattleMapMilestone> Milestones);

/// <summary>
/// GET /api/collections/battle-map?ownerId=&amp;accountId= (作战地图): every signed contract the caller may see, with
/// each milestone's money, proof, last follow-up and the next thing to do. ownerId matches the contract's owner (who
/// won it is who collects it) or the account's owner.
/// </summary>
public static class BattleMap
{
    private sealed class ContractLine
    {
        public Guid Id { get; init; }
        public Guid AccountId { get; init; }
        public string? AccountName { get; init; }
        public string Number { get; init; } = "";
        public decimal Amount { get; init; }
        public string Currency { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly? SignedAt { get; init; }
        public decimal UnappliedCredit { get; init; }
    }

    private sealed class MilestoneLine
    {
        public Guid Id { get; init; }
        public Guid ContractId { get; init; }
        public string Kind { get; init; } = "";
        public decimal Percent { get; init; }
        public decimal Amount { get; init; }
        public DateOnly? DueDate { get; init; }
        public string Status { get; init; } = "";
        public decimal PaidAmount { get; init; }
        public int EvidenceCount { get; init; }
        public DateOnly? FollowUpDate { get; init; }
        public string? FollowUpAction { get; init; }
        public string? FollowUpResult { get; init; }
        public DateOnly? PromisedDate { get; init; }
    }

    public static async Task<Ok<Page<BattleMapContract>>> HandleAsync(
        Guid? ownerId, Guid? accountId, int? limit, string? cursor, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<CollectionsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var take = Paging.Limit(limit);
        var parameters = new DynamicParameters(new { ownerId, accountId, after = Paging.DecodeId(cursor), take = take + 1 });
        var caller = Caller.From(user);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var contracts = (await connection.QueryAsync<ContractLine>(ContractsSql(caller, parameters), parameters)).AsList();
        var page = Paging.ToPage(contracts, take, c => c.Id.ToString());
        var milestones = (await connection.QueryAsync<MilestoneLine>(
            """
            SELECT m.id, m.contract_id, m.kind, m.percent, m.amount, m.due_date, m.status, m.paid_amount,
                   (SELECT count(*) FROM evidence e WHERE e.milestone_id = m.id) AS evidence_count,
                   f.date AS follow_up_date, f.action AS follow_up_action, f.result AS follow_up_result, f.promised_date
            FROM milestones m
            LEFT JOIN LATERAL (SELECT date, action, result, promised_date FROM follow_ups
                               WHERE milestone_id = m.id ORDER BY date DESC, id DESC LIMIT 1) f ON TRUE
            WHERE m.contract_id = ANY(@Ids)
            ORDER BY m.contract_id, m.seq
            """, new { Ids = page.Items.Select(c => c.Id).ToArray() })).ToLookup(m => m.ContractId);

        var today = options.Value.Today(clock);
        var items = page.Items.Select(c =>
        {
            var lines = milestones[c.Id].Select(m => new BattleMapMilestone(
                m.Id, m.Kind, m.Percent, m.Amount, m.DueDate, m.Status, m.PaidAmount, m.EvidenceCount,
                m.FollowUpDate is { } date ? new LastFollowUp(date, m.FollowUpAction!, m.FollowUpResult, m.PromisedDate) : null,
                NextAction(m, today), NextActionParams(m, c.Currency, today))).ToList();
            return new BattleMapContract(c.Id, c.AccountId, c.AccountName, c.Number, c.Amount, c.Currency, c.Status, c.SignedAt,
                lines.Sum(l => l.Paid) + c.UnappliedCredit, lines.Sum(l => l.Amount - l.Paid), lines);
        }).ToList();
        return TypedResults.Ok(new Page<BattleMapContract>(items, page.NextCursor));
    }

    private const string Filters = """
        c.status <> 'draft'
          AND (@ownerId::uuid IS NULL OR c.owner_id = @ownerId OR d.owner_id = @ownerId)
          AND (@accountId::uuid IS NULL OR c.account_id = @accountId)
          AND (@after::uuid IS NULL OR c.id < @after)
        """;

    /// <summary>
    /// Newest contracts first. A key account manager's accounts are a small share of the directory, and walking every
    /// contract newest first until a page of theirs turned up took p95 216 ms at 50,000 contracts (issue 18,
    /// docs/benchmarks/2026-12-02.md §9): for team-only callers the page starts from their accounts and takes each
    /// account's newest contracts from `contracts_account (account_id, id)`. Same rows, same order, same cursor.
    /// </summary>
    private static string ContractsSql(Caller caller, DynamicParameters parameters)
    {
        const string Columns = "c.id, c.account_id, d.name AS account_name, c.number, c.amount, c.currency, c.status, c.signed_at, c.unapplied_credit";
        return AccountScope.IsTeamOnly(caller)
            ? $"""
              SELECT {Columns}
              FROM account_directory d CROSS JOIN LATERAL (
                  SELECT c.* FROM contracts c WHERE c.account_id = d.id AND {Filters}
                  ORDER BY c.id DESC LIMIT @take) c
              WHERE {AccountScope.Predicate(caller, parameters, "d")}
              ORDER BY c.id DESC LIMIT @take
              """
            : $"SELECT {Columns} FROM {ContractAccess.VisibleFrom(caller, parameters)} AND {Filters} ORDER BY c.id DESC LIMIT @take";
    }

    /// <summary>
    /// The figures a reader needs beside the code, so a client can say "chase ¥1,200,000, 45 days late" in its own
    /// language: the open amount and currency always, the due date, the days late once late, the promised date.
    /// </summary>
    private static Dictionary<string, object>? NextActionParams(MilestoneLine m, string currency, DateOnly today)
    {
        if (m.Status == "paid")
        {
            return null;
        }

        var values = new Dictionary<string, object> { ["outstanding"] = m.Amount - m.PaidAmount, ["currency"] = currency, ["milestoneKind"] = m.Kind };
        if (m.DueDate is { } due)
        {
            values["dueDate"] = due;
            if (due < today)
            {
                values["daysOverdue"] = today.DayNumber - due.DayNumber;
            }
        }

        if (m.PromisedDate is { } promised && promised >= today)
        {
            values["promisedDate"] = promised;
        }

        return values;
    }

    /// <summary>What a collector does next with a milestone, as a snake_case code.</summary>
    private static string? NextAction(MilestoneLine m, DateOnly today) => m.Status switch
    {
        "paid" => null,
        "planned" => "await_trigger",
        "due" => "request_invoice",
        "overdue" when m.PromisedDate is { } promised && promised >= today => "await_promised_payment",
        "overdue" when m.DueDate is { } due && today.DayNumber - due.DayNumber > 60 => "escalate",
        "overdue" => "chase_payment",
        _ => m.DueDate is { } d && d < today ? "chase_payment" : "confirm_payment_on_due_date",
    };
}
