using System.Globalization;
using System.Text.Json;
using Dapper;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// A KAM's visit search (GET /api/interactions?q=) tries a 90-day window, then a rare word's trigram index, then the
/// walk over every team account (Interactions/VisitSearchPlan.cs). Whichever answers, the pages must be the walk's:
/// newest first, every match of the KAM's accounts exactly once across cursors, nobody else's. Checked against
/// PostgreSQL's own ORDER BY for a word with recent and old matches (window, then trigram index for the older pages)
/// and a two-character word with old matches only (the walk).
/// </summary>
public sealed class VisitSearchPlanTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Every_plan_pages_the_kams_matches_newest_first_exactly_once()
    {
        var tag = Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        var (_, kam) = host.NewKam();
        var (_, other) = host.NewKam();
        var mine = new[] { await RegisterIdAsync(kam, $"访客甲 {tag}"), await RegisterIdAsync(kam, $"访客乙 {tag}") };
        var theirs = await RegisterIdAsync(other, $"访客丙 {tag}");
        var word = $"词{tag}";

        // Recent and old matches on both accounts, one recent match elsewhere, and non-matching visits in between.
        var days = new[] { 1, 2, 3, 4, 5, 200, 201, 400 };
        for (var i = 0; i < days.Length; i++)
        {
            await LogAsync(kam, mine[i % 2], days[i], $"谈到{word}的进展");
            await LogAsync(kam, mine[i % 2], days[i], "例行拜访");
        }

        await LogAsync(other, theirs, 1, $"别人的{word}");
        foreach (var d in new[] { 150, 300, 500 })
        {
            await LogAsync(kam, mine[d % 2], d, "提到稀词一次");
        }

        foreach (var (q, limit) in new[] { (word, 2), (word, 3), ("稀词", 1), ("稀词", 2) })
        {
            var expected = await ExpectedAsync(mine, q);
            Assert.Equal(q == word ? days.Length : 3, expected.Count);
            Assert.Equal(expected, (await PagesAsync(kam, $"/api/interactions?q={Uri.EscapeDataString(q)}", limit)).Select(i => i.GetProperty("id").GetGuid()));
        }
    }

    private static Task<JsonElement> LogAsync(HttpClient client, Guid account, int daysAgo, string summary) =>
        PostAsync(client, $"/api/accounts/{account}/interactions", new
        {
            kind = "visit", occurredAt = DateTime.UtcNow.AddDays(-daysAgo).ToString("O", CultureInfo.InvariantCulture), summary,
        });

    private async Task<List<Guid>> ExpectedAsync(Guid[] accounts, string q)
    {
        await using var db = host.Database();
        return (await db.QueryAsync<Guid>(
            """
            SELECT id FROM interactions WHERE account_id = ANY(@accounts) AND search_text ILIKE '%' || @q || '%'
            ORDER BY occurred_at DESC, id DESC
            """, new { accounts, q })).AsList();
    }
}
