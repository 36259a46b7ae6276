using System.Security.Claims;
using Dapper;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace KaPlatform.Accounts.Api.Plans;

public sealed record PlanReviewScanResult(DateOnly AsOf, int ReviewsDue);

/// <summary>
/// An approved plan is reviewed every quarter (docs/product.md §1.6). The review of a quarter is due from the first day of the
/// quarter's last month until it is recorded; the team is reminded once, and not at all once 30 days past the
/// quarter's end (by then it shows as missing on the plan, and a reminder would only be noise). Fiscal years are
/// calendar years (docs/accounts.md).
/// </summary>
internal sealed class PlanReviewReminders(NpgsqlDataSource db, ILogger<PlanReviewReminders> logger) : RecurringScan(TimeSpan.FromHours(1), logger)
{
    private sealed class DueReview
    {
        public Guid PlanId { get; init; }
        public Guid AccountId { get; init; }
        public int FiscalYear { get; init; }
        public int Quarter { get; init; }
        public DateOnly DueDate { get; init; }
    }

    private const string Claim = """
        WITH quarters AS (
            SELECT p.id AS plan_id, p.account_id, p.fiscal_year, q.quarter,
                   make_date(p.fiscal_year, q.quarter * 3, 1) AS window_opens,
                   (make_date(p.fiscal_year, q.quarter * 3, 1) + interval '1 month' - interval '1 day')::date AS due_date
            FROM account_plans p CROSS JOIN generate_series(1, 4) AS q (quarter)
            WHERE p.status = 'approved' AND p.fiscal_year BETWEEN extract(year FROM @asOf::date)::int - 1 AND extract(year FROM @asOf::date)::int
        ), due AS (
            SELECT q.* FROM quarters q
            WHERE @asOf::date BETWEEN q.window_opens AND q.due_date + 30
              AND NOT EXISTS (SELECT 1 FROM plan_reviews r WHERE r.plan_id = q.plan_id AND r.quarter = q.quarter)
        ), claimed AS (
            INSERT INTO reminder_notices (kind, subject_id, occurrence)
            SELECT 'plan_review_due', d.plan_id, 'Q' || d.quarter FROM due d
            ON CONFLICT DO NOTHING
            RETURNING subject_id, occurrence
        )
        SELECT d.plan_id, d.account_id, d.fiscal_year, d.quarter, d.due_date
        FROM due d JOIN claimed c ON c.subject_id = d.plan_id AND c.occurrence = 'Q' || d.quarter
        ORDER BY d.due_date, d.plan_id
        """;

    /// <summary>POST /api/accounts/plan-review-scan?asOf= (admin): run it now, or for a given business day.</summary>
    public static async Task<Ok<PlanReviewScanResult>> HandleAsync(DateOnly? asOf, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        Caller.From(user).Require(Roles.Admin);
        var day = asOf ?? BusinessCalendar.Current.Today;
        return TypedResults.Ok(new PlanReviewScanResult(day, await RunAsync(db, day, cancellationToken)));
    }

    public static async Task<int> RunAsync(NpgsqlDataSource db, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, cancellationToken);
        var due = await work.Connection.QueryAsync<DueReview>(new CommandDefinition(Claim, new { asOf }, work.Transaction, cancellationToken: cancellationToken));
        var sent = 0;
        foreach (var r in due)
        {
            await work.PublishAsync(new AccountPlanReviewDue(Guid.CreateVersion7(), DateTimeOffset.UtcNow, r.AccountId, r.PlanId, r.FiscalYear, r.Quarter, r.DueDate),
                cancellationToken);
            sent++;
        }

        await work.CommitAsync(cancellationToken);
        return sent;
    }

    protected override Task<int> ScanAsync(CancellationToken cancellationToken) => RunAsync(db, BusinessCalendar.Current.Today, cancellationToken);
}
