using Dapper;
using Npgsql;

namespace KaPlatform.Opportunities.Api.Opportunities;

/// <summary>
/// docs/product.md §2.2 stage gates, read from this service's own projection of the decision chain and visit log (kept from
/// accounts-api's events), so a stage move never waits on another service.
/// </summary>
public static class StageGates
{
    public const string NoCoachOrAlly = "no_coach_or_ally";
    public const string EconomicBuyerNotEngaged = "economic_buyer_not_engaged";
    public const string CompetitionUnknown = "competition_unknown";
    public const string BidNotWon = "bid_not_won";

    /// <summary>How recent an economic buyer's or decision maker's last interaction must be.</summary>
    public static readonly TimeSpan EngagementWindow = TimeSpan.FromDays(90);

    private const string AccountFactsSql = """
        SELECT a.account_id,
               EXISTS (SELECT 1 FROM stakeholders s
                       WHERE s.account_id = a.account_id AND s.active
                         AND (s.stance = 'ally' OR ('coach' = ANY (s.buying_roles) AND s.stance IN ('ally', 'supporter')))) AS coach_or_ally,
               EXISTS (SELECT 1 FROM stakeholders s
                       JOIN interactions i ON i.account_id = s.account_id AND s.id = ANY (i.stakeholder_ids)
                       WHERE s.account_id = a.account_id AND s.active
                         AND s.buying_roles && ARRAY['economic_buyer', 'decision_maker']
                         AND i.occurred_at >= now() - @EngagementWindow) AS buyer_engaged
        FROM unnest(@AccountIds) AS a (account_id)
        """;

    // A cancelled tender (or one we declined) is no bid: the deal goes on by direct negotiation or a new tender.
    private const string LatestBidSql = """
        SELECT DISTINCT ON (opportunity_id) opportunity_id, status FROM bids
        WHERE opportunity_id = ANY (@OpportunityIds) AND status <> 'cancelled'
        ORDER BY opportunity_id, created_at DESC, id DESC
        """;

    /// <summary>Every gate rule with passed, for each opportunity, in two queries whatever the number of rows.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<GateRule>>> ReadinessAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<OpportunityRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var facts = (await connection.QueryAsync<(Guid AccountId, bool CoachOrAlly, bool BuyerEngaged)>(AccountFactsSql,
            new { AccountIds = rows.Select(r => r.AccountId).Distinct().ToArray(), EngagementWindow }, transaction))
            .ToDictionary(f => f.AccountId);
        var bids = (await connection.QueryAsync<(Guid OpportunityId, string Status)>(LatestBidSql,
            new { OpportunityIds = rows.Select(r => r.Id).ToArray() }, transaction))
            .ToDictionary(b => b.OpportunityId, b => b.Status);

        return rows.ToDictionary(r => r.Id, r => (IReadOnlyList<GateRule>)
        [
            new GateRule(Stages.DeepEngagement, NoCoachOrAlly, facts[r.AccountId].CoachOrAlly),
            new GateRule(Stages.CommercialNegotiation, EconomicBuyerNotEngaged, facts[r.AccountId].BuyerEngaged),
            new GateRule(Stages.CommercialNegotiation, CompetitionUnknown,
                r.CompetitorList.Count > 0 || r.InfoPointList.Single(p => p.Key == "competition").Known),
            new GateRule(Stages.Signing, BidNotWon, !bids.TryGetValue(r.Id, out var status) || status == "won"),
        ]);
    }

    public static async Task<IReadOnlyList<GateRule>> ReadinessAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OpportunityRow row) =>
        (await ReadinessAsync(connection, transaction, [row]))[row.Id];

    /// <summary>The failed rules of every gate a forward move crosses (skipping a stage does not skip its gate).</summary>
    public static string[] FailedBetween(IEnumerable<GateRule> readiness, string from, string to) =>
        readiness.Where(r => !r.Passed && Stages.Rank(r.Stage) > Stages.Rank(from) && Stages.Rank(r.Stage) <= Stages.Rank(to))
            .Select(r => r.Rule).ToArray();
}
