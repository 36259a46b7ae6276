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
/// Recomputes an account's health inside the caller's transaction (an event consumer, a review; the daily scan a chunk of them),
/// keeps history, announces band changes and opens the alerts that follow from the new state.
/// </summary>
public static class HealthRecalculation
{
    public const int DropPoints = 15;
    public const int DropWindowDays = 30;
    public const int RenewalRiskDays = 90;

    // Every input of a set of accounts in one round trip, each statement keyed by account: the daily scan scores its
    // accounts a chunk at a time, a consumer one. The peak is read before this run's score is saved; the run adds itself.
    private const string Load = """
        SELECT account_id, class, registered_at FROM success_accounts WHERE account_id = ANY(@ids);
        SELECT account_id, max(occurred_at) FROM interactions WHERE account_id = ANY(@ids) GROUP BY account_id;
        SELECT account_id, name, buying_roles, influence, stance, composite_closeness, departed_at FROM stakeholders WHERE account_id = ANY(@ids);
        SELECT m.account_id, m.overdue_outstanding - coalesce((SELECT sum(p.amount) FROM payments p
                                                 WHERE p.milestone_id = m.id AND p.recorded_at > m.overdue_as_of), 0) AS outstanding,
               m.due_date
        FROM milestones m WHERE m.account_id = ANY(@ids) AND m.overdue_outstanding IS NOT NULL;
        SELECT account_id, sum(amount) FROM contracts WHERE account_id = ANY(@ids) AND status <> 'draft' GROUP BY account_id;
        SELECT DISTINCT ON (account_id) account_id, satisfaction FROM reviews WHERE account_id = ANY(@ids) ORDER BY account_id, date DESC, id DESC;
        SELECT account_id, score, band FROM health_scores WHERE account_id = ANY(@ids);
        SELECT a.id, greatest(
            (SELECT max(score) FROM health_history h WHERE h.account_id = a.id AND h.computed_at >= now() - make_interval(days => @DropWindowDays)),
            (SELECT score FROM health_history h WHERE h.account_id = a.id AND h.computed_at < now() - make_interval(days => @DropWindowDays)
             ORDER BY h.computed_at DESC LIMIT 1))
        FROM unnest(@ids) AS a (id);
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

    private const string RenewalSoon = """
        SELECT min(end_date) FROM renewals
        WHERE account_id = @accountId AND status IN ('upcoming', 'opportunity_open') AND end_date BETWEEN @asOf AND @until
        """;

    public static async Task<int> RecomputeAsync(UnitOfWork work, Guid accountId, DateOnly asOf, SuccessOptions options, CancellationToken cancellationToken)
    {
        var loaded = await LockAndLoadAsync(work, [accountId], cancellationToken);
        return await ApplyAsync(work, accountId, loaded[accountId], asOf, options, cancellationToken);
    }

    /// <summary>Scores many accounts in the caller's transaction (the daily scan's chunk); returns how many.</summary>
    public static async Task<int> RecomputeManyAsync(UnitOfWork work, IEnumerable<Guid> accountIds, DateOnly asOf, SuccessOptions options, CancellationToken cancellationToken)
    {
        Guid[] ids = [.. accountIds.Distinct()];
        var loaded = await LockAndLoadAsync(work, ids, cancellationToken);
        foreach (var id in ids)
        {
            await ApplyAsync(work, id, loaded[id], asOf, options, cancellationToken);
        }

        return ids.Length;
    }

    /// <summary>
    /// The accounts' locks first, always in id order (a batch of consumer messages takes its accounts in the same order,
    /// InboxBatcher, so two scorers never wait on each other in a circle), then every input in one round trip.
    /// </summary>
    private static async Task<Dictionary<Guid, Loaded>> LockAndLoadAsync(UnitOfWork work, Guid[] ids, CancellationToken cancellationToken)
    {
        // Consumers and the daily scan may score the same account at once; one at a time keeps band events exact.
        await work.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('health:' || id::text, 0)) FROM (SELECT id FROM unnest(@ids) AS a (id) ORDER BY id) l",
            new { ids }, work.Transaction, cancellationToken: cancellationToken));
        return await LoadAsync(work, ids, cancellationToken);
    }

    private static async Task<int> ApplyAsync(UnitOfWork work, Guid accountId, Loaded loaded, DateOnly asOf, SuccessOptions options, CancellationToken cancellationToken)
    {
        var (inputs, previous) = (loaded.Inputs, loaded.Previous);
        var (score, components) = HealthScore.Compute(inputs, options, asOf);
        var band = HealthScore.Band(score);
        var json = JsonSerializer.Serialize(components, Json.Options);

        var args = new { accountId, score, band, components = json, id = Guid.CreateVersion7() };
        await work.Connection.ExecuteAsync(new CommandDefinition(Save, args, work.Transaction, cancellationToken: cancellationToken));
        var peak = loaded.Peak;
        if (previous is null || previous.Value.Score != score || previous.Value.Band != band)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(AddHistory, args, work.Transaction, cancellationToken: cancellationToken));
            peak = peak is { } p ? Math.Max(p, score) : score;
        }

        if (previous?.Band != band)
        {
            await work.PublishAsync(new HealthScoreChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, accountId, score, band, previous?.Band), cancellationToken);
        }

        await RaiseAlertsAsync(work, accountId, asOf, options, inputs, score, band, peak, cancellationToken);
        return score;
    }

    private static async Task RaiseAlertsAsync(UnitOfWork work, Guid accountId, DateOnly asOf, SuccessOptions options,
        HealthInputs inputs, int score, string band, int? peak, CancellationToken cancellationToken)
    {
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

    /// <summary>What one account's score is computed from, its score before this run and its peak in the drop window.</summary>
    private sealed record Loaded(HealthInputs Inputs, (int Score, string Band)? Previous, int? Peak);

    private static async Task<Dictionary<Guid, Loaded>> LoadAsync(UnitOfWork work, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var grid = await work.Connection.QueryMultipleAsync(new CommandDefinition(
            Load, new { ids, DropWindowDays }, work.Transaction, cancellationToken: cancellationToken));
        var accounts = (await grid.ReadAsync<(Guid AccountId, string? Class, DateTime? RegisteredAt)>()).ToDictionary(a => a.AccountId);
        var lastInteraction = (await grid.ReadAsync<(Guid AccountId, DateTime? At)>()).ToDictionary(i => i.AccountId, i => i.At);
        var stakeholders = (await grid.ReadAsync<StakeholderRow>()).ToLookup(s => s.AccountId, s => new StakeholderFact(
            s.Name, s.BuyingRoles, s.Influence, s.Stance, s.CompositeCloseness, s.DepartedAt is { } d ? DateOnly.FromDateTime(d) : null));
        var overdue = (await grid.ReadAsync<(Guid AccountId, decimal Outstanding, DateTime DueDate)>())
            .ToLookup(o => o.AccountId, o => new OverdueFact(o.Outstanding, DateOnly.FromDateTime(o.DueDate)));
        var contractValue = (await grid.ReadAsync<(Guid AccountId, decimal Value)>()).ToDictionary(c => c.AccountId, c => c.Value);
        var satisfaction = (await grid.ReadAsync<(Guid AccountId, int? Satisfaction)>()).ToDictionary(r => r.AccountId, r => r.Satisfaction);
        var previous = (await grid.ReadAsync<(Guid AccountId, int Score, string Band)>()).ToDictionary(h => h.AccountId, h => (h.Score, h.Band));
        var peaks = (await grid.ReadAsync<(Guid AccountId, int? Peak)>()).ToDictionary(p => p.AccountId, p => p.Peak);

        var loaded = new Dictionary<Guid, Loaded>(ids.Length);
        foreach (var id in ids)
        {
            var account = accounts.GetValueOrDefault(id);
            var inputs = new HealthInputs(account.Class, Utc(account.RegisteredAt), Utc(lastInteraction.GetValueOrDefault(id)),
                [.. stakeholders[id]], [.. overdue[id]], contractValue.GetValueOrDefault(id), satisfaction.GetValueOrDefault(id));
            loaded[id] = new Loaded(inputs, previous.TryGetValue(id, out var p) ? p : null, peaks.GetValueOrDefault(id));
        }

        return loaded;
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private sealed class StakeholderRow
    {
        public Guid AccountId { get; init; }
        public string Name { get; init; } = "";
        public string[] BuyingRoles { get; init; } = [];
        public int Influence { get; init; }
        public string Stance { get; init; } = "";
        public decimal CompositeCloseness { get; init; }
        public DateTime? DepartedAt { get; init; }
    }
}
