using Dapper;
using KaPlatform.Opportunities.Api.Opportunities;
using KaPlatform.ServiceDefaults.Texts;
using Npgsql;

namespace KaPlatform.Opportunities.Api.DealExecution;

/// <summary>
/// The facts behind <see cref="StuckRules"/> in SQL: the list filters on them (so paging stays right) and every answer
/// carries the reasons computed from them.
/// </summary>
internal static class StuckDeals
{
    /// <summary>The UTC day the deal (alias o) last entered its current stage; the opening counts as entering initiation.</summary>
    internal const string EnteredOn = """
        ((coalesce((SELECT max(h.at) FROM opportunity_stage_history h WHERE h.opportunity_id = o.id AND h.to_stage = o.stage), o.created_at)
          AT TIME ZONE 'UTC')::date)
        """;

    internal const string NormDays = "(SELECT n.days FROM stage_norms n WHERE n.stage = o.stage)";

    internal const string OverdueTasks = """
        (SELECT count(*)::int FROM deal_tasks t
         WHERE t.opportunity_id = o.id AND t.stage = o.stage AND t.status = 'open' AND t.due_date < @stuck_today::date)
        """;

    private sealed class Facts
    {
        public Guid Id { get; init; }
        public string Stage { get; init; } = "";
        public DateOnly EnteredOn { get; init; }
        public int? NormDays { get; init; }
        public int OverdueTasks { get; init; }
    }

    /// <summary>SQL: the deal (alias o) is stuck today. Adds its parameters.</summary>
    public static string Predicate(DynamicParameters parameters)
    {
        AddParameters(parameters);
        return $"(o.stage = ANY(@stuck_open) AND ((@stuck_today::date - {EnteredOn}) > {NormDays} OR {OverdueTasks} > 0))";
    }

    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ServerText>>> ReasonsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<Guid> ids)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<ServerText>>();
        }

        var parameters = new DynamicParameters(new { ids = ids.ToArray() });
        AddParameters(parameters);
        var today = StuckRules.Today();
        var facts = await connection.QueryAsync<Facts>(
            $"""
            SELECT o.id, o.stage, {EnteredOn} AS enteredon, {NormDays} AS normdays, {OverdueTasks} AS overduetasks
            FROM opportunities o WHERE o.id = ANY(@ids)
            """, parameters, transaction);
        return facts.ToDictionary(f => f.Id,
            f => StuckRules.Explain(f.Stage, f.EnteredOn, today, f.NormDays, f.OverdueTasks));
    }

    public static async Task<OpportunityResponse> WithReasonsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OpportunityResponse response) =>
        response with { StuckDetails = (await ReasonsAsync(connection, transaction, [response.Id])).GetValueOrDefault(response.Id) ?? [] };

    private static void AddParameters(DynamicParameters parameters)
    {
        parameters.Add("stuck_today", StuckRules.Today());
        parameters.Add("stuck_open", Stages.Open);
    }
}
