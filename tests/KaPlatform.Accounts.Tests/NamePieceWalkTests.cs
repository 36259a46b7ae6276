using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// An admin's or a director's name search walks the accounts listed under q's rarest name piece (migration 0010,
/// Accounts/NamePieceWalk.cs). The pages must be exactly what PostgreSQL's own ORDER BY over the accounts gives, in both
/// directions and for the director only their region; the piece list must follow inserts and renames.
/// </summary>
public sealed class NamePieceWalkTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Admin_and_director_pages_are_the_accounts_own_order_in_both_directions()
    {
        var tag = "W" + Random.Shared.Next(100_000, 1_000_000);
        var (_, kam) = host.NewKam();
        var template = await RegisterIdAsync(kam, $"{tag} 鼎盛 99999");
        // 400 copies, every third in 华南, inserted in the reverse of name order; half carry 科技 as well.
        await host.CopyAccountAsync(template, 400,
            """
            'region', CASE WHEN n % 3 = 0 THEN '华南' ELSE '华东' END,
            'name', @tag || CASE WHEN n % 2 = 0 THEN ' 鼎盛科技 ' ELSE ' 鼎盛 ' END || lpad((500 - n)::text, 5, '0')
            """, new { tag });

        var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华东");
        foreach (var (client, region) in new[] { (host.Admin, (string?)null), (director, "华东") })
        {
            foreach (var q in new[] { tag, $"{tag} 鼎盛科", $"{tag} 鼎盛 0" })
            {
                foreach (var descending in new[] { false, true })
                {
                    var path = $"/api/accounts?q={Uri.EscapeDataString(q)}" + (descending ? "&sort=-name" : "");
                    var pages = Ids(await PagesAsync(client, path, limit: 37));
                    var expected = await ExpectedAsync(q, region, descending, 1000);
                    Assert.NotEmpty(expected);
                    Assert.Equal(expected, pages);
                }
            }
        }

        // The walk never shows the director another region's match.
        var south = await ExpectedAsync(tag, "华南", false, 1000);
        Assert.NotEmpty(south);
        Assert.Empty(south.Intersect(Ids(await PagesAsync(director, $"/api/accounts?q={tag}", limit: 100))));
    }

    [Fact]
    public async Task A_director_who_sees_few_of_the_pieces_accounts_gets_them_across_rounds_and_after_the_walk()
    {
        // 25,000 matches in 华东 and five in 西北, spread in name order so the walk finds them in its first round,
        // in later rounds (800, 3,200 … rows) and, past its 20,000 rows, through the sorting plan.
        var tag = "F" + Random.Shared.Next(100_000, 1_000_000);
        var (_, kam) = host.NewKam();
        var template = await RegisterIdAsync(kam, $"{tag} 00000");
        await host.CopyAccountAsync(template, 25000,
            """
            'region', CASE WHEN n IN (5, 1000, 5000, 24000, 24990) THEN '西北' ELSE '华东' END,
            'name', @tag || ' ' || lpad(n::text, 5, '0')
            """, new { tag });

        var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "西北");
        foreach (var descending in new[] { false, true })
        {
            var path = $"/api/accounts?q={tag}" + (descending ? "&sort=-name" : "");
            var pages = Ids(await PagesAsync(director, path, limit: 2));
            Assert.Equal(5, pages.Count);
            Assert.Equal(await ExpectedAsync(tag, "西北", descending, 100), pages);
        }
    }

    [Fact]
    public async Task A_rename_moves_the_account_to_its_new_pieces()
    {
        var tag = "R" + Random.Shared.Next(100_000, 1_000_000);
        var (_, kam) = host.NewKam();
        var id = await RegisterIdAsync(kam, $"旧名{tag}华信");
        Assert.Equal([id], Ids(await PagesAsync(host.Admin, $"/api/accounts?q={Uri.EscapeDataString($"旧名{tag}")}", limit: 10)));

        using var get = await kam.GetAsync($"/api/accounts/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{id}") { Content = JsonContent.Create(new { name = $"新名{tag}鼎盛" }) };
        request.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        using var renamed = await kam.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        Assert.Empty(Ids(await PagesAsync(host.Admin, $"/api/accounts?q={Uri.EscapeDataString($"旧名{tag}")}", limit: 10)));
        Assert.Equal([id], Ids(await PagesAsync(host.Admin, $"/api/accounts?q={Uri.EscapeDataString($"新名{tag}")}", limit: 10)));
        // Every piece of the new name lists the account under the new name, and nothing lists it under the old one.
        await using var db = host.Database();
        var listed = (await db.QueryAsync<(string Piece, string Name)>(
            "SELECT piece, name FROM account_name_pieces WHERE account_id = @id ORDER BY piece", new { id })).AsList();
        var expected = (await db.QueryAsync<string>("SELECT p FROM unnest(name_bigrams(@name)) AS p ORDER BY p", new { name = $"新名{tag}鼎盛" })).AsList();
        Assert.Equal(expected, listed.Select(l => l.Piece));
        Assert.All(listed, l => Assert.Equal($"新名{tag}鼎盛", l.Name));
    }

    /// <summary>Names whose order or pieces a collation or a case fold could change: accents, full-width, Greek, emoji, case pairs.</summary>
    private static readonly string[] AwkwardNames =
        ["Éclair 鼎盛", "eclair 鼎盛", "ECLAIR 鼎盛", "Zeta 鼎盛", "ärger 鼎盛", "Ärger 鼎盛", "ｆｕｌｌ 鼎盛", "Ωmega 鼎盛", "ωmega 鼎盛",
         "😀 鼎盛", "a-b 鼎盛", "ab 鼎盛", "AB 鼎盛", "鼎盛鼎盛 鼎盛", "İstanbul 鼎盛", "ß 鼎盛", "0 鼎盛", "~ 鼎盛"];

    [Fact]
    public async Task The_walk_orders_names_of_every_script_as_the_accounts_own_order_does()
    {
        // The piece list compares bytes (COLLATE "C", migration 0011), accounts.name the database's C.UTF-8 collation.
        var tag = "C" + Random.Shared.Next(100_000, 1_000_000);
        var (_, kam) = host.NewKam();
        foreach (var name in AwkwardNames)
        {
            await RegisterIdAsync(kam, $"{tag} {name}");
        }

        foreach (var q in new[] { tag, $"{tag} " })
        {
            foreach (var descending in new[] { false, true })
            {
                var path = $"/api/accounts?q={Uri.EscapeDataString(q)}" + (descending ? "&sort=-name" : "");
                var expected = await ExpectedAsync(q, null, descending, 1000);
                Assert.Equal(AwkwardNames.Length, expected.Count);
                Assert.Equal(expected, Ids(await PagesAsync(host.Admin, path, limit: 5)));
            }
        }
    }

    [Fact]
    public async Task Name_pieces_are_the_distinct_two_character_pieces_of_the_lower_cased_name()
    {
        // The definition of migration 0009, written out here: 0011 computes the same set without a sub-select.
        await using var db = host.Database();
        foreach (var name in AwkwardNames.Concat(["", "x", "鼎", "aaaa", "AaAa", "中国中车集团有限公司", "Honeywell (China) Co., Ltd."]))
        {
            var pieces = (await db.QueryAsync<string>("SELECT p FROM unnest(name_bigrams(@name)) AS p ORDER BY p COLLATE \"C\"", new { name })).AsList();
            var reference = (await db.QueryAsync<string>(
                """
                SELECT d.p FROM (SELECT DISTINCT substr(lower(@name), i, 2) AS p FROM generate_series(1, char_length(@name) - 1) AS i) d
                ORDER BY d.p COLLATE "C"
                """, new { name })).AsList();
            Assert.Equal(reference, pieces);
        }
    }

    private async Task<List<Guid>> ExpectedAsync(string q, string? region, bool descending, int take)
    {
        var direction = descending ? "DESC" : "ASC";
        await using var db = host.Database();
        return (await db.QueryAsync<Guid>(
            $"""
            SELECT id FROM accounts WHERE name ILIKE '%' || @q || '%' AND (@region::text IS NULL OR region = @region)
            ORDER BY name {direction}, id {direction} LIMIT @take
            """, new { q, region, take })).AsList();
    }

    private static List<Guid> Ids(List<JsonElement> rows) => rows.Select(a => a.GetProperty("id").GetGuid()).ToList();
}
