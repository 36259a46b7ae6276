using KaPlatform.Accounts.Api.Shared;
using KaPlatform.Accounts.IntegrationEvents;
using KaPlatform.ServiceDefaults.Input;
using KaPlatform.ServiceDefaults.OpenApi;

namespace KaPlatform.Accounts.Api.Accounts;

public sealed record TeamMemberInput(Guid? UserId, [property: OneOf(typeof(Values), nameof(Values.TeamRoles))] string? Role);

/// <summary>The account team: exactly one `owner` entry (the account's ownerId), one role per user.</summary>
internal static class AccountTeam
{
    public const int MaxMembers = 100;

    /// <summary>The owner named by an `owner` entry (if any) and the other members.</summary>
    public static (Guid? Owner, List<TeamMember> Members) Validate(FieldErrors errors, IReadOnlyList<TeamMemberInput?>? team, string field = "team")
    {
        var members = new List<TeamMember>();
        Guid? owner = null;
        if (team is null)
        {
            return (owner, members);
        }

        errors.Count(field, team, MaxMembers);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < team.Count && i < MaxMembers; i++)
        {
            var at = $"{field}[{i}]";
            if (team[i] is not { UserId: { } userId } member || userId == Guid.Empty)
            {
                errors.Add($"{at}.userId", "is required (a non-empty UUID).");
                continue;
            }

            if (errors.OneOf($"{at}.role", team[i]!.Role, Values.TeamRoles, required: true) is not { } role || !Values.TeamRoles.Contains(role))
            {
                continue;
            }

            if (!seen.Add(userId))
            {
                errors.Add($"{at}.userId", "appears twice; a member has one role on the team.");
            }
            else if (role == "owner")
            {
                errors.Check(owner is null, $"{at}.role", "the team has one owner.");
                owner ??= userId;
            }
            else
            {
                members.Add(new TeamMember(userId, role));
            }
        }

        return (owner, members);
    }

    public static TeamMember[] Compose(Guid ownerId, IEnumerable<TeamMember> members) =>
        [new TeamMember(ownerId, "owner"), .. members.Where(m => m.UserId != ownerId)];

    /// <summary>What AccountScope and the downstream directories read: owner plus every member.</summary>
    public static Guid[] UserIds(IEnumerable<TeamMember> team) => team.Select(m => m.UserId).Distinct().ToArray();
}
