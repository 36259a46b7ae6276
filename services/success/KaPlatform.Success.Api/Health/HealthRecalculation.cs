using System.Globalization;
using System.Text.Json;
using Dapper;
using KaPlatform.Messaging;
using KaPlatform.ServiceDefaults;
using KaPlatform.ServiceDefaults.Texts;
using KaPlatform.Success.Api.Alerts;
using KaPlatform.Success.Api.Shared;
using KaPlatform.Success.IntegrationEvents;

namespace KaPlatform.Success.Api.Health;

/// <summary>
/// Recomputes one account's health inside the caller's transaction (an event consumer, a review, the daily scan),
/// keeps history, announces band changes and opens the alerts that follow from the new state.
/// </summary>
public static class HealthRecalculation
{
    public const int DropPoints = 15;
    public const int DropWindowDays = 30;
    public const int RenewalRiskDays = 90;

    private const string Load = """
        SELECT class, registered_at FROM success_accounts WHERE account_id = @accountId;
        SELECT max(occurred_at) FROM interactions WHERE account_id = @accountId;
        SELECT name, buying_roles, influence, stance, composite_closeness, departed_at FROM stakeholders WHERE account_id = @accountId;
        SELECT m.overdue_outstanding - coalesce((SELECT sum(p.amount) FROM payments p
                                                 WHERE p.milestone_id = m.id AND p.recorded_at > m.overdue_as_of), 0) AS outstanding,
               m.due_date
        FROM milestones m WHERE m.account_id = @accountId AND m.overdue_outstanding IS NOT NULL;
        SELECT coalesce(sum(amount), 0) FROM contracts WHERE account_id = @accountId AND status <> 'draft';
        SELECT satisfaction FROM reviews WHERE account_id = @accountId ORDER BY date DESC, id DESC LIMIT 1;
        SELECT score, band FROM health_scores WHERE account_id = @accountId;
        """;

    private const string Save = """
        INSERT INTO health_scores (account_id, score, band, components, computed_at)
        VALUES (@accountId, @score, @band, @components::jsonb, clock_timestamp())
        ON CONFLICT (account_id) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band,
            components = EXCLUDED.components, computed_at = EXCLUDED.computed_at
        """;

    private const string AddHistory = """
        INSERT INTO health_history (id, account_id, score, band, components, computed_at)
        VALUES (@id, @accountId, @score, @band, @components::jsonb, clock_timestamp())
        """;

    // The highest score the account had in the window: rows inside it plus the one in force when it began.
    private const string Peak = """
        SELECT max(score) FROM (
            SELECT score FROM health_history WHERE account_id = @accountId AND computed_at >= now() - make_interval(days => @DropWindowDays)
            UNION ALL
            (SELECT score FROM health_history WHERE account_id = @accountId AND computed_at < now() - make_interval(days => @DropWindowDays)
             ORDER BY computed_at DESC LIMIT 1)) s
        """;

    private const string RenewalSoon = """
        SELECT min(end_date) FROM renewals
        WHERE account_id = @accountId AND status IN ('upcoming', 'opportunity_open') AND end_date BETWEEN @asOf AND @until
        """;

    public static async Task<int> RecomputeAsync(UnitOfWork work, Guid accountId, DateOnly asOf, SuccessOptions options, CancellationToken cancellationToken)
    {
        // Consumers and the daily scan may score the same account at once; one at a time keeps band events exact.
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = "health:" + accountId }, work.Transaction, cancellationToken: cancellationToken));
        var (inputs, previous) = await LoadAsync(work, accountId, cancellationToken);
        var (score, components) = HealthScore.Compute(inputs, options, asOf);
        var band = HealthScore.Band(score);
        var json = JsonSerializer.Serialize(components, Json.Options);

        var args = new { accountId, score, band, components = json, id = Guid.CreateVersion7() };
        await work.Connection.ExecuteAsync(new CommandDefinition(Save, args, work.Transaction, cancellationToken: cancellationToken));
        if (previous is null || previous.Value.Score != score || previous.Value.Band != band)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(AddHistory, args, work.Transaction, cancellationToken: cancellationToken));
        }

        if (previous?.Band != band)
        {
            await work.PublishAsync(new HealthScoreChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, score, band, previous?.Band), cancellationToken);
        }

        await RaiseAlertsAsync(work, accountId, asOf, options, inputs, score, band, cancellationToken);
        return score;
    }

    private static async Task RaiseAlertsAsync(UnitOfWork work, Guid accountId, DateOnly asOf, SuccessOptions options,
        HealthInputs inputs, int score, string band, CancellationToken cancellationToken)
    {
        var peak = await work.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            Peak, new { accountId, DropWindowDays }, work.Transaction, cancellationToken: cancellationToken));
        if (peak - score >= DropPoints)
        {
            await RiskAlerts.RaiseAsync(work, accountId, "health_drop", "high",
                ServerText.Of("health_fell", $"Health fell from {peak} to {score} within {DropWindowDays} days.",
                    ("from", peak), ("to", score), ("windowDays", DropWindowDays)), cancellationToken);
        }

        var cadence = options.Cadence(inputs.AccountClass);
        if (HealthScore.SilentDays(inputs, asOf) is { } silent && silent > cadence)
        {
            await RiskAlerts.RaiseAsync(work, accountId, "engagement_gap", silent > 2 * cadence ? "high" : "medium",
                ServerText.Of("engagement_gap",
                    $"No interaction for {silent} days; the cadence for {(inputs.AccountClass is null ? "an unclassified account" : "class " + inputs.AccountClass)} is {cadence} days.",
                    ("days", silent), ("accountClass", inputs.AccountClass), ("cadenceDays", cadence)),
                cancellationToken);
        }

        if (band == "at_risk")
        {
            var endDate = await work.Connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                RenewalSoon, new { accountId, asOf, until = asOf.AddDays(RenewalRiskDays) }, work.Transaction, cancellationToken: cancellationToken));
            if (endDate is { } end)
            {
                await RiskAlerts.RaiseAsync(work, accountId, "renewal_at_risk", "high",
                    ServerText.Of("renewal_at_risk", string.Create(CultureInfo.InvariantCulture, $"A contract ends on {end:yyyy-MM-dd} and health is at_risk ({score})."),
                        ("endDate", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("score", score), ("band", "at_risk")), cancellationToken);
            }
        }
    }

    private static async Task<(HealthInputs, (int Score, string Band)?)> LoadAsync(UnitOfWork work, Guid accountId, CancellationToken cancellationToken)
    {
        await using var grid = await work.Connection.QueryMultipleAsync(new CommandDefinition(
            Load, new { accountId }, work.Transaction, cancellationToken: cancellationToken));
        var account = await grid.ReadSingleOrDefaultAsync<(string? Class, DateTime? RegisteredAt)>();
        var lastInteraction = await grid.ReadSingleAsync<DateTime?>();
        var stakeholders = (await grid.ReadAsync<StakeholderRow>())
            .Select(s => new StakeholderFact(s.Name, s.BuyingRoles, s.Influence, s.Stance, s.CompositeCloseness,
                s.DepartedAt is { } d ? DateOnly.FromDateTime(d) : null)).ToList();
        var overdue = (await grid.ReadAsync<(decimal Outstanding, DateTime DueDate)>())
            .Select(o => new OverdueFact(o.Outstanding, DateOnly.FromDateTime(o.DueDate))).ToList();
        var contractValue = await grid.ReadSingleAsync<decimal>();
        var satisfaction = await grid.ReadSingleOrDefaultAsync<int?>();
        var previous = await grid.ReadSingleOrDefaultAsync<(int Score, string Band)?>();
        return (new HealthInputs(account.Class, Utc(account.RegisteredAt), Utc(lastInteraction), stakeholders, overdue, contractValue, satisfaction), previous);
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed class StakeholderRow
    {
        public string Name { get; init; } = "";
        public string[] BuyingRoles { get; init; } = [];
        public int Influence { get; init; }
        public string Stance { get; init; } = "";
        public decimal CompositeCloseness { get; init; }
        public DateTime? DepartedAt { get; init; }
    }
}
