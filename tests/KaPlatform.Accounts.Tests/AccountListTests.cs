using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

/// <summary>
/// GET /api/accounts with ?sort= and ?includeTotal=, and GET /api/accounts/export (docs/workspace.md "Lists"): every
/// sort is ordered and pages visit every row once, totals and exports count only what the caller may see.
/// </summary>
public sealed class AccountListTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static readonly string[] Sorts = ["name", "class", "region", "owner", "industry", "category", "lifecycleStage", "createdAt", "updatedAt"];

    /// <summary>A fresh KAM's own accounts; the distinguishing part of each text is ASCII, so any collation orders them alike.</summary>
    private async Task<(HttpClient Client, List<Guid> Ids, string Tag)> SevenAccountsAsync()
    {
        var tag = "L" + Guid.NewGuid().ToString("N")[..6];
        var (_, kam) = host.NewKam();
        var specs = new (string Name, string Region, string? Industry, string Category, string Lifecycle)[]
        {
            ($"{tag} C 中国移动通信集团浙江有限公司", "华东", "IND-B", "strategic", "growth"),
            ($"{tag} A 国网\"江苏\"电力, 有限公司", "华东", "IND-A", "economic", "stable"),
            ($"{tag} E =HYPERLINK(\"x\")", "华东", null, "group", "acquisition"),
            ($"{tag} B 华为技术有限公司", "华北", "IND-C", "important", "decline"),
            ($"{tag} G +1 招商银行", "华东", "IND-A", "strategic", "stable"),
            ($"{tag} D 上海浦东发展银行", "华东", "IND-B", "economic", "growth"),
            ($"{tag} F @中国电信", "华北", "IND-C", "group", "growth"),
        };
        var ids = new List<Guid>();
        foreach (var s in specs)
        {
            ids.Add(await RegisterIdAsync(kam, s.Name, s.Region, new { industry = s.Industry, category = s.Category, lifecycleStage = s.Lifecycle }));
        }

        return (kam, ids, tag);
    }

    private static string Text(JsonElement row, string property) =>
        row.GetProperty(property).ValueKind == JsonValueKind.Null ? "" : row.GetProperty(property).GetString()!;

    /// <summary>The row's value for a sort, as a comparable (the service's own NULL replacement for class and texts).</summary>
    private static IComparable Key(JsonElement row, string sort) => sort switch
    {
        "class" => row.GetProperty("class").ValueKind == JsonValueKind.Null ? "Z" : row.GetProperty("class").GetString()!,
        "owner" => row.GetProperty("ownerId").GetString()!,
        "createdAt" or "updatedAt" => row.GetProperty(sort).GetDateTime(),
        _ => Text(row, sort),
    };

    [Fact]
    public async Task Every_sort_is_ordered_both_ways_and_its_pages_visit_each_row_once()
    {
        var (kam, ids, _) = await SevenAccountsAsync();
        foreach (var sort in Sorts)
        {
            foreach (var descending in new[] { false, true })
            {
                var value = (descending ? "-" : "") + sort;
                var rows = await PagesAsync(kam, $"/api/accounts?sort={value}", limit: 2);
                var seen = rows.Select(r => r.GetProperty("id").GetGuid()).ToList();
                Assert.True(seen.Order().SequenceEqual(ids.Order()), $"{value}: every account exactly once, got {seen.Count}");
                for (var i = 1; i < rows.Count; i++)
                {
                    var (a, b) = (Key(rows[i - 1], sort), Key(rows[i], sort));
                    // Texts with an ASCII difference compare ordinally alike in every collation; regions are Chinese, so
                    // for them only grouping is checked (equal regions are neighbours).
                    var order = sort == "region" ? 0 : a is string sa ? string.CompareOrdinal(sa, (string)b) : a.CompareTo(b);
                    Assert.True(descending ? order >= 0 : order <= 0, $"{value}: row {i} ({b}) after ({a})");
                    if (a.Equals(b))
                    {
                        // Ties go by id, in the same direction (PostgreSQL orders uuids as their hex text).
                        var ids2 = string.CompareOrdinal(rows[i - 1].GetProperty("id").GetString(), rows[i].GetProperty("id").GetString());
                        Assert.True(descending ? ids2 > 0 : ids2 < 0, $"{value}: tie at row {i} not by id");
                    }
                }

                if (sort == "region")
                {
                    var regions = rows.Select(r => Text(r, "region")).ToList();
                    Assert.Equal(regions.Distinct().Count(), regions.Where((r, i) => i == 0 || regions[i - 1] != r).Count());
                }
            }
        }

        // The order the list always had (name), and its cursor works as before for a client that never sends ?sort=.
        var byName = await PagesAsync(kam, "/api/accounts?q=", limit: 3);
        Assert.Equal(byName.Select(r => Text(r, "name")).Order(StringComparer.Ordinal), byName.Select(r => Text(r, "name")));
        Assert.Equal([$"A", "B", "C", "D", "E", "F", "G"], byName.Select(r => Text(r, "name").Split(' ')[1]));
    }

    [Fact]
    public async Task The_total_counts_what_the_caller_sees_under_the_same_filters_and_another_kam_counts_none_of_mine()
    {
        var (kam, ids, tag) = await SevenAccountsAsync();
        var page = await GetAsync(kam, "/api/accounts?limit=2&includeTotal=true&sort=-name");
        Assert.Equal(7, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, (await GetAsync(kam, "/api/accounts?includeTotal=true&category=strategic")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await GetAsync(kam, $"/api/accounts?includeTotal=true&q={Uri.EscapeDataString("华为")}")).GetProperty("total").GetInt64());
        // Without the flag the answer keeps its old shape: no count is run.
        Assert.Equal(JsonValueKind.Null, (await GetAsync(kam, "/api/accounts")).GetProperty("total").ValueKind);

        // Another KAM and a rep on none of these accounts: their totals and exports hold their own rows only (docs/product.md §6).
        var (_, other) = host.NewKam();
        await RegisterIdAsync(other, $"{tag} 别人的客户");
        Assert.Equal(1, (await GetAsync(other, "/api/accounts?includeTotal=true")).GetProperty("total").GetInt64());
        var theirs = ExportedFile.FromCsv(await (await other.GetAsync("/api/accounts/export?format=csv")).Content.ReadAsByteArrayAsync());
        Assert.Equal([$"{tag} 别人的客户"], theirs.Column("Name"));
        var rep = host.ClientFor(Guid.NewGuid(), Roles.SalesRep, "华东");
        Assert.Equal(0, (await GetAsync(rep, "/api/accounts?includeTotal=true")).GetProperty("total").GetInt64());
        Assert.Empty(ExportedFile.FromXlsx(await (await rep.GetAsync("/api/accounts/export?format=xlsx")).Content.ReadAsByteArrayAsync()).Rows);

        // A director of 华北 sees the two of mine in her region and not the five in 华东.
        var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华北");
        Assert.Equal(2, (await GetAsync(director, $"/api/accounts?includeTotal=true&q={tag}")).GetProperty("total").GetInt64());
        Assert.Contains(ids[3], (await GetAsync(director, $"/api/accounts?q={tag}")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_csv_has_the_bom_round_trips_chinese_quotes_commas_and_guards_formulas_and_the_xlsx_holds_the_same_rows()
    {
        var (kam, _, tag) = await SevenAccountsAsync();
        var list = (await PagesAsync(kam, "/api/accounts?sort=-name", 50)).Select(r => Text(r, "name")).ToList();

        using var csvAnswer = await kam.GetAsync("/api/accounts/export?format=csv&sort=-name&lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, csvAnswer.StatusCode);
        Assert.Equal("text/csv", csvAnswer.Content.Headers.ContentType?.MediaType);
        var disposition = csvAnswer.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith("客户列表-", Uri.UnescapeDataString(disposition.FileNameStar!));
        var bytes = await csvAnswer.Content.ReadAsByteArrayAsync();
        var csv = ExportedFile.FromCsv(bytes);
        Assert.Equal("客户名称", csv.Header[0]);
        // The same rows in the same order as the list, Chinese intact.
        Assert.Equal(list, csv.Column("客户名称"));
        Assert.Contains($"{tag} A 国网\"江苏\"电力, 有限公司", csv.Column("客户名称"));
        Assert.Contains("\"" + $"{tag} A 国网\"\"江苏\"\"电力, 有限公司" + "\"", Encoding.UTF8.GetString(bytes));

        // A cell that starts with = + - @ is one a spreadsheet would run as a formula: it starts with a quote instead.
        var formula = await RegisterIdAsync(kam, $"{tag} H 公式", extra: new { industry = "=1+2" });
        var guarded = ExportedFile.FromCsv(await (await kam.GetAsync($"/api/accounts/export?q={Uri.EscapeDataString(tag + " H")}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(["'=1+2"], guarded.Column("Industry"));
        Assert.Equal([formula.ToString()], guarded.Column("Id"));

        using var xlsxAnswer = await kam.GetAsync("/api/accounts/export?format=xlsx&sort=-name");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxAnswer.Content.Headers.ContentType?.MediaType);
        var xlsx = ExportedFile.FromXlsx(await xlsxAnswer.Content.ReadAsByteArrayAsync());
        Assert.Equal("Name", xlsx.Header[0]);
        Assert.Equal([$"{tag} H 公式", .. list], xlsx.Column("Name"));
        Assert.Equal(csv.Rows.Count + 1, xlsx.Rows.Count);
    }

    [Theory]
    [InlineData("sort=nope")]
    [InlineData("sort=-")]
    [InlineData("sort=name;DROP TABLE accounts")]
    [InlineData("sort=health")]
    public async Task An_unknown_sort_is_a_400_naming_sort(string query)
    {
        var (_, kam) = host.NewKam();
        var problem = await GetAsync(kam, $"/api/accounts?{query}", HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("sort", out _));
        var export = await GetAsync(kam, $"/api/accounts/export?{query}", HttpStatusCode.BadRequest);
        Assert.True(export.GetProperty("errors").TryGetProperty("sort", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await kam.GetAsync("/api/accounts/export?format=pdf")).StatusCode);
    }

    /// <summary>The visit log and influence-link lists read the same (instant, id) keyset cursor: a forged one is 400 invalid_cursor, never a 500.</summary>
    [Theory]
    [InlineData("not a time\u001f{id}")]
    [InlineData("2026-01-01T00:00:00Z\u001fnot-a-uuid")]
    [InlineData("no separator at all")]
    public async Task A_forged_visit_or_influence_link_cursor_is_a_400(string key)
    {
        var (kam, ids, _) = await SevenAccountsAsync();
        var forged = KaPlatform.ServiceDefaults.Http.Paging.Encode(key.Replace("{id}", Guid.NewGuid().ToString()));
        foreach (var path in new[] { $"/api/accounts/{ids[0]}/interactions", "/api/interactions", $"/api/accounts/{ids[0]}/influence-links" })
        {
            var problem = await GetAsync(kam, $"{path}?cursor={Uri.EscapeDataString(forged)}", HttpStatusCode.BadRequest);
            Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.OK, (await kam.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task A_cursor_of_another_sort_or_a_forged_key_is_a_400()
    {
        var (kam, _, _) = await SevenAccountsAsync();
        var cursor = (await GetAsync(kam, "/api/accounts?sort=region&limit=2")).GetProperty("nextCursor").GetString()!;
        foreach (var other in new[] { "name", "-region", "createdAt" })
        {
            var problem = await GetAsync(kam, $"/api/accounts?sort={other}&limit=2&cursor={cursor}", HttpStatusCode.BadRequest);
            Assert.Equal("invalid_cursor", problem.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await kam.GetAsync($"/api/accounts?sort=region&limit=2&cursor={cursor}")).StatusCode);
        var forged = KaPlatform.ServiceDefaults.Http.Paging.Encode($"createdAt\u001fnot a time\u001f{Guid.NewGuid()}");
        Assert.Equal("invalid_cursor", (await GetAsync(kam, $"/api/accounts?sort=createdAt&cursor={forged}", HttpStatusCode.BadRequest)).GetProperty("code").GetString());
    }
    [Fact]
    public async Task Saved_views_are_the_callers_own_replaced_by_name_deleted_and_validated()
    {
        var (_, kam) = host.NewKam();
        var (_, colleague) = host.NewKam();
        static async Task<JsonElement> PutAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.OK)
        {
            using var response = await client.PutAsJsonAsync("/api/users/me/views", body);
            return await ReadAsync(response, expected);
        }

        static async Task<string[]> NamesAsync(HttpClient client, string list) =>
            [.. (await GetAsync(client, $"/api/users/me/views?list={list}")).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];

        var saved = await PutAsync(kam, new { list = "accounts", name = "华东大客户", query = new Dictionary<string, string?> { ["q"] = "移动", ["sort"] = "-name", ["class"] = "" } });
        Assert.Equal("华东大客户", saved.GetProperty("name").GetString());
        // Empty values are not kept: the view is the address query the list would have.
        Assert.Equal(["q", "sort"], saved.GetProperty("query").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("移动", saved.GetProperty("query").GetProperty("q").GetString());
        await PutAsync(kam, new { list = "accounts", name = "A类", query = new { @class = "A" } });
        await PutAsync(kam, new { list = "opportunities", name = "大单", query = new { sort = "-amount", open = "true" } });
        Assert.Equal(["A类", "华东大客户"], (await NamesAsync(kam, "accounts")).Order(StringComparer.Ordinal));
        Assert.Equal(["大单"], await NamesAsync(kam, "opportunities"));
        Assert.Empty(await NamesAsync(colleague, "accounts"));

        // The same name replaces the view; deleting it (twice) leaves the other; a colleague deletes nothing of hers.
        await PutAsync(kam, new { list = "accounts", name = "华东大客户", query = new { q = "电力" } });
        var views = (await GetAsync(kam, "/api/users/me/views?list=accounts")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("电力", views.Single(v => v.GetProperty("name").GetString() == "华东大客户").GetProperty("query").GetProperty("q").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await colleague.DeleteAsync($"/api/users/me/views?list=accounts&name={Uri.EscapeDataString("A类")}")).StatusCode);
        Assert.Equal(2, (await NamesAsync(kam, "accounts")).Length);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await kam.DeleteAsync($"/api/users/me/views?list=accounts&name={Uri.EscapeDataString("A类")}")).StatusCode);
        }

        Assert.Equal(["华东大客户"], await NamesAsync(kam, "accounts"));

        // Refusals store nothing.
        await PutAsync(kam, new { list = "leads", name = "x", query = new { } }, HttpStatusCode.BadRequest);
        await PutAsync(kam, new { list = "accounts", name = " ", query = new { } }, HttpStatusCode.BadRequest);
        await PutAsync(kam, new { list = "accounts", name = new string('名', 81), query = new { } }, HttpStatusCode.BadRequest);
        await PutAsync(kam, new { list = "accounts", name = "太多", query = Enumerable.Range(0, 21).ToDictionary(i => $"k{i}", i => "v") }, HttpStatusCode.BadRequest);
        await GetAsync(kam, "/api/users/me/views", HttpStatusCode.BadRequest);
        Assert.Equal(["华东大客户"], await NamesAsync(kam, "accounts"));
    }
}
