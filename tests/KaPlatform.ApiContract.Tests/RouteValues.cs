using System.Text.RegularExpressions;

namespace KaPlatform.ApiContract.Tests;

/// <summary>Fills a path template with the seeded resource its route values name, so requests reach the handler.</summary>
public static partial class RouteValues
{
    public static string Fill(string template, Seed seed) =>
        Value().Replace(template, match =>
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            var before = template[..match.Index];
            return name switch
            {
                "bidid" => seed.Bid.ToString(),
                "sid" => seed.Stakeholder.ToString(),
                "mid" => seed.Milestone.ToString(),
                "fiscalyear" => seed.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ when before.EndsWith("/api/accounts/", StringComparison.Ordinal) || before.EndsWith("/success/accounts/", StringComparison.Ordinal)
                    || before.EndsWith("/opportunities/accounts/", StringComparison.Ordinal) || before.EndsWith("/contracts/accounts/", StringComparison.Ordinal) => seed.Account.ToString(),
                _ when before.EndsWith("/api/leads/", StringComparison.Ordinal) => seed.Lead.ToString(),
                _ when before.EndsWith("/api/opportunities/", StringComparison.Ordinal) => seed.Opportunity.ToString(),
                _ when before.EndsWith("/api/contracts/", StringComparison.Ordinal) => seed.Contract.ToString(),
                _ when before.EndsWith("/api/targets/", StringComparison.Ordinal) => seed.Target.ToString(),
                _ => Guid.NewGuid().ToString(),
            };
        });

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex Value();
}
