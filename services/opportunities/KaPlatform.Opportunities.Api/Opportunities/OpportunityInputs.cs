using KaPlatform.Opportunities.Api.Shared;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;

namespace KaPlatform.Opportunities.Api.Opportunities;

public sealed record TeamMemberInput(Guid? UserId, [property: OneOf(typeof(OpportunityInputs), nameof(OpportunityInputs.TeamRoles))] string? Role);

public sealed record CompetitorInput(string? Name, string? Strengths, string? Weaknesses, [property: OneOf(typeof(OpportunityInputs), nameof(OpportunityInputs.Threats))] string? Threat, bool? Incumbent);

public sealed record InfoPointInput(string? Key, bool? Known, string? Notes);

/// <summary>Validation and conversion of the list fields an opportunity is created or patched with.</summary>
internal static class OpportunityInputs
{
    public static readonly string[] TeamRoles = ["business", "technical", "delivery"];
    public static readonly string[] Threats = ["low", "medium", "high"];

    public static FieldErrors Team(this FieldErrors v, IReadOnlyList<TeamMemberInput?>? team)
    {
        for (var i = 0; i < (team?.Count ?? 0); i++)
        {
            v.Check(team![i] is not null, $"team[{i}]", "A team member is required.");
            v.Id($"team[{i}].userId", team[i]?.UserId).Choice($"team[{i}].role", team[i]?.Role, TeamRoles);
        }

        return v;
    }

    public static FieldErrors Competitors(this FieldErrors v, IReadOnlyList<CompetitorInput?>? competitors)
    {
        for (var i = 0; i < (competitors?.Count ?? 0); i++)
        {
            var c = competitors![i];
            v.Check(c is not null, $"competitors[{i}]", "A competitor is required.")
                .Length($"competitors[{i}].name", c?.Name)
                .Length($"competitors[{i}].strengths", c?.Strengths, 2000, required: false)
                .Length($"competitors[{i}].weaknesses", c?.Weaknesses, 2000, required: false)
                .Choice($"competitors[{i}].threat", c?.Threat, Threats);
        }

        return v;
    }

    public static FieldErrors InfoPoints(this FieldErrors v, IReadOnlyList<InfoPointInput?>? points)
    {
        for (var i = 0; i < (points?.Count ?? 0); i++)
        {
            v.Choice($"infoPoints[{i}].key", points![i]?.Key, OpportunityRow.InfoPointKeys)
                .Check(points[i]?.Known is not null, $"infoPoints[{i}].known", "true or false.")
                .Length($"infoPoints[{i}].notes", points[i]?.Notes, 4000, required: false);
        }

        return v;
    }

    public static string? TeamJson(IReadOnlyList<TeamMemberInput?>? team) =>
        team is null ? null : JsonColumn.Write(team.Select(t => new TeamMember(t!.UserId!.Value, t.Role!)).ToList());

    public static string? CompetitorsJson(IReadOnlyList<CompetitorInput?>? competitors) =>
        competitors is null ? null : JsonColumn.Write(competitors.Select(c =>
            new Competitor(c!.Name!.Trim(), c.Strengths, c.Weaknesses, c.Threat!, c.Incumbent ?? false)).ToList());

    /// <summary>Keyed object, merged into the stored one: a patch names only the points it changes.</summary>
    public static string? InfoPointsJson(IReadOnlyList<InfoPointInput?>? points) =>
        points is null ? null : JsonColumn.Write(points.GroupBy(p => p!.Key!).ToDictionary(g => g.Key, g => new StoredInfoPoint(g.Last()!.Known!.Value, g.Last()!.Notes)));
}
