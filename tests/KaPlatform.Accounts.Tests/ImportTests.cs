using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class ImportTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv) =>
        await client.PostAsync("/api/accounts/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task Good_lines_are_created_and_each_bad_line_is_reported_without_touching_the_others()
    {
        var (kam, client) = host.NewKam();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var parent = await RegisterIdAsync(client, $"浙江移动{tag}");
        var hiddenParent = await RegisterIdAsync(host.NewKam().Client, $"别人的{tag}");
        var csv = new StringBuilder("name,region,industry,category,purchasePattern,lifecycleStage,parentId\r\n")
            .Append($"杭州分公司{tag},华东,telecom,important,continuous,growth,{parent}\r\n")          // line 2 ok
            .Append($"宁波分公司{tag},华东,telecom,vip,continuous,growth,\r\n")                        // line 3 bad category
            .Append($",华东,,,,,\r\n")                                                                  // line 4 no name
            .Append($"\"温州分公司, {tag} \"\"南\"\"\",华东,,,,,\r\n")                                  // line 5 ok, quoted
            .Append($"绍兴分公司{tag},华东,,,,,{hiddenParent}\r\n")                                    // line 6 parent not visible
            .Append($"湖州分公司{tag},华东,,,,,not-a-uuid\r\n")                                         // line 7 bad uuid
            .Append($"嘉兴分公司{tag},华东\r\n")                                                         // line 8 field count
            .Append($"Jinhua Branch {tag},华东,,,occasional,acquisition,\r\n");                         // line 9 ok

        using var response = await ImportAsync(client, csv.ToString());
        var result = await ReadAsync(response, HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("created").GetInt32());
        var failed = result.GetProperty("failed").EnumerateArray().ToDictionary(f => f.GetProperty("line").GetInt32(), f => f.GetProperty("error").GetString()!);
        Assert.Equal([3, 4, 6, 7, 8], failed.Keys.Order().ToList());
        Assert.Contains("category", failed[3]);
        Assert.Contains("name", failed[4]);
        Assert.Contains("parentId", failed[6]);

        var mine = await GetAsync(client, $"/api/accounts?q={tag}&limit=50");
        var names = mine.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Contains($"温州分公司, {tag} \"南\"", names);
        Assert.Contains($"Jinhua Branch {tag}", names);
        var hangzhou = mine.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("name").GetString() == $"杭州分公司{tag}");
        Assert.Equal(parent, hangzhou.GetProperty("parentId").GetGuid());
        Assert.Equal(kam, hangzhou.GetProperty("ownerId").GetGuid());
        Assert.Equal("important", hangzhou.GetProperty("category").GetString());
        Assert.DoesNotContain(names, n => n!.StartsWith("宁波", StringComparison.Ordinal) || n.StartsWith("绍兴", StringComparison.Ordinal));

        var id = hangzhou.GetProperty("id").GetGuid();
        var registered = Assert.Single(await host.PublishedAsync("AccountRegistered", id));
        Assert.Equal(parent, registered.GetProperty("parentId").GetGuid());
        var trail = await GetAsync(host.Admin, $"/api/accounts/audit?entityId={id}");
        Assert.Equal("imported", trail.GetProperty("items")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Imports_keep_the_callers_scope_a_rep_registering_for_someone_else_stays_on_the_team_and_a_director_stays_in_region()
    {
        var rep = Guid.NewGuid();
        using var repClient = host.ClientFor(rep, Roles.SalesRep, "华北");
        var owner = Guid.NewGuid();
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var response = await ImportAsync(repClient, $"name,region,ownerId\n河北移动{tag},华北,{owner}\n");
        Assert.Equal(1, (await ReadAsync(response, HttpStatusCode.OK)).GetProperty("created").GetInt32());
        var imported = Assert.Single((await GetAsync(repClient, $"/api/accounts?q={tag}")).GetProperty("items").EnumerateArray());
        Assert.Equal(owner, imported.GetProperty("ownerId").GetGuid());
        Assert.Contains(rep, imported.GetProperty("teamUserIds").EnumerateArray().Select(u => u.GetGuid()));

        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华北");
        using var mixed = await ImportAsync(director, $"name,region\n山西移动{tag},华北\n上海移动{tag},华东\n");
        var result = await ReadAsync(mixed, HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal(3, result.GetProperty("failed")[0].GetProperty("line").GetInt32());

        using var finance = host.ClientFor(Guid.NewGuid(), Roles.Finance);
        using var refused = await ImportAsync(finance, "name,region\nx,华北\n");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_malformed_file_is_refused_whole_with_a_400()
    {
        var (_, client) = host.NewKam();
        foreach (var (csv, field) in new[]
        {
            ("", "file"),
            ("name,region,colour\nx,华东,red\n", "header"),
            ("name,name,region\nx,y,华东\n", "header"),
            ("industry\ntelecom\n", "header"),
        })
        {
            using var response = await ImportAsync(client, csv);
            var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} for {csv}");
        }

        var latin1 = new ByteArrayContent([.. "name,region\n"u8, 0xC4, 0xE3, .. ",华东\n"u8]);
        latin1.Headers.ContentType = new("text/csv");
        using var notUtf8 = await client.PostAsync("/api/accounts/import", latin1);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);

        // ~21 MB: past the 20 MB limit of an import.
        var line = new string('长', 200) + ",华东\n";
        var big = "name,region\n" + string.Concat(Enumerable.Repeat(line, 21 * 1024 * 1024 / Encoding.UTF8.GetByteCount(line) + 1));

        using var oversized = await ImportAsync(client, big);
        var tooBig = await ReadAsync(oversized, HttpStatusCode.BadRequest);
        Assert.True(tooBig.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Ten_thousand_lines_go_in_with_one_copy()
    {
        var (_, client) = host.NewKam();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("name,region,category\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append($"批量客户{tag}-{i:D5},华东,{(i % 1000 == 999 ? "bogus" : "economic")}\n");
        }

        using var response = await ImportAsync(client, csv.ToString());
        var result = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal(9_990, result.GetProperty("created").GetInt32());
        Assert.Equal(10, result.GetProperty("failed").GetArrayLength());

        await using var db = host.Database();
        Assert.Equal(9_990, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM accounts WHERE name LIKE @p", new { p = $"批量客户{tag}%" }));
        Assert.Equal(9_990, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox o JOIN accounts a ON a.id = (o.body->>'accountId')::uuid WHERE a.name LIKE @p", new { p = $"批量客户{tag}%" }));
    }
}
