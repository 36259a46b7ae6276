using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class InfluenceLinkTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    private static async Task<Guid> AddAsync(HttpClient client, Guid account, object body) =>
        (await PostAsync(client, $"/api/accounts/{account}/stakeholders", body)).GetProperty("id").GetGuid();

    private async Task<long> LinkCountAsync(Guid account)
    {
        await using var db = host.Database();
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM influence_links WHERE account_id = @account", new { account });
    }

    [Fact]
    public async Task Links_are_drawn_on_the_power_map_beside_reporting_lines_and_can_be_removed()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动湖州分公司");
        var gm = await AddAsync(client, account, new { name = "总经理", influence = 5, stance = "neutral", department = "总经理办公室" });
        var cto = await AddAsync(client, account, new { name = "副总", influence = 4, stance = "ally", reportsToId = gm, department = "公司领导" });
        var engineer = await AddAsync(client, account, new { name = "老工程师", influence = 2, stance = "supporter", department = "网络部" });

        var link = await PostAsync(client, $"/api/accounts/{account}/influence-links",
            new { fromId = engineer, toId = gm, kind = "trusted_advisor", strength = 3, note = "总经理的老同学" });
        Assert.Equal("trusted_advisor", link.GetProperty("kind").GetString());
        await PostAsync(client, $"/api/accounts/{account}/influence-links", new { fromId = cto, toId = engineer, kind = "rival", strength = 1 });

        var map = await GetAsync(client, $"/api/accounts/{account}/power-map");
        var edges = map.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetGuid(), e.GetProperty("to").GetGuid(), e.GetProperty("type").GetString(),
                e.GetProperty("strength").ValueKind == JsonValueKind.Null ? (int?)null : e.GetProperty("strength").GetInt32()))
            .ToHashSet();
        Assert.Equal([(cto, gm, "reportsTo", null), (engineer, gm, "trusted_advisor", 3), (cto, engineer, "rival", 1)], edges);

        var listed = await GetAsync(client, $"/api/accounts/{account}/influence-links");
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        Assert.Equal("总经理的老同学", listed.GetProperty("items")[0].GetProperty("note").GetString());

        using var removed = await client.DeleteAsync($"/api/accounts/{account}/influence-links/{link.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await client.DeleteAsync($"/api/accounts/{account}/influence-links/{link.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(1, await LinkCountAsync(account));

        // Departments (部门紧密度): every active person counted once under their department.
        var departments = map.GetProperty("departments").EnumerateArray()
            .Select(d => (d.GetProperty("department").GetString(), d.GetProperty("stakeholders").GetInt32(), d.GetProperty("influence").GetInt32(),
                d.GetProperty("supportSurface").GetDecimal())).ToList();
        Assert.Equal([("总经理办公室", 1, 5, 0m), ("公司领导", 1, 4, 1m), ("网络部", 1, 2, 1m)], departments);
    }

    [Fact]
    public async Task Bad_links_are_refused_with_codes_and_nothing_is_stored()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动丽水分公司");
        var a = await AddAsync(client, account, new { name = "甲", influence = 3, stance = "neutral" });
        var b = await AddAsync(client, account, new { name = "乙", influence = 3, stance = "neutral" });
        var left = await AddAsync(client, account, new { name = "已离职", influence = 3, stance = "ally" });
        await PostAsync(client, $"/api/accounts/{account}/stakeholders/{left}/departure", new { leftAt = "2026-06-01" }, HttpStatusCode.OK);
        var otherAccount = await RegisterIdAsync(client, "浙江移动衢州分公司");
        var stranger = await AddAsync(client, otherAccount, new { name = "外人", influence = 3, stance = "neutral" });
        var path = $"/api/accounts/{account}/influence-links";

        Assert.Equal("link_across_accounts", (await PostAsync(client, path, new { fromId = a, toId = stranger, kind = "influences", strength = 2 },
            HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("link_across_accounts", (await PostAsync(client, path, new { fromId = a, toId = Guid.NewGuid(), kind = "influences", strength = 2 },
            HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("stakeholder_departed", (await PostAsync(client, path, new { fromId = left, toId = a, kind = "ally_of", strength = 2 },
            HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("self_link", (await PostAsync(client, path, new { fromId = a, toId = a, kind = "influences", strength = 2 },
            HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var unknownKind = await PostAsync(client, path, new { fromId = a, toId = b, kind = "friend", strength = 2 }, HttpStatusCode.BadRequest);
        Assert.True(unknownKind.GetProperty("errors").TryGetProperty("kind", out _));
        foreach (var strength in new[] { 0, 4 })
        {
            var outOfRange = await PostAsync(client, path, new { fromId = a, toId = b, kind = "influences", strength }, HttpStatusCode.BadRequest);
            Assert.True(outOfRange.GetProperty("errors").TryGetProperty("strength", out _));
        }

        var missing = await PostAsync(client, path, new { kind = "influences" }, HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("fromId", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("strength", out _));
        Assert.Equal(0, await LinkCountAsync(account));

        await PostAsync(client, path, new { fromId = a, toId = b, kind = "informal_reports_to", strength = 2 });
        Assert.Equal("duplicate_link", (await PostAsync(client, path, new { fromId = a, toId = b, kind = "informal_reports_to", strength = 3 },
            HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal(1, await LinkCountAsync(account));

        // Someone who cannot see the account cannot link in it, nor read its links.
        var outsider = host.NewKam().Client;
        await PostAsync(outsider, path, new { fromId = a, toId = b, kind = "influences", strength = 2 }, HttpStatusCode.NotFound);
        await GetAsync(outsider, path, HttpStatusCode.NotFound);
        // A finance reader sees the links but may not write them.
        var finance = host.ClientFor(Guid.NewGuid(), Roles.Finance);
        await GetAsync(finance, path);
        await PostAsync(finance, path, new { fromId = b, toId = a, kind = "influences", strength = 2 }, HttpStatusCode.Forbidden);
        Assert.Equal(1, await LinkCountAsync(account));
    }

    [Fact]
    public async Task Behaviour_styles_carry_their_tips_and_every_change_enters_the_history()
    {
        var (_, client) = host.NewKam();
        var account = await RegisterIdAsync(client, "浙江移动金华分公司");
        var added = await PostAsync(client, $"/api/accounts/{account}/stakeholders",
            new { name = "钱总", influence = 5, stance = "neutral", behaviorStyle = "driver", preferences = "一页纸汇报" });
        var id = added.GetProperty("id").GetGuid();
        var tips = added.GetProperty("communicationTips").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.Equal(["driver.lead_with_results", "driver.offer_options", "driver.be_punctual"], tips);
        Assert.False(string.IsNullOrEmpty(added.GetProperty("communicationTips")[0].GetProperty("zh").GetString()));

        var wrongStyle = await PostAsync(client, $"/api/accounts/{account}/stakeholders", new { name = "某人", influence = 3, stance = "neutral", behaviorStyle = "结果导向" },
            HttpStatusCode.BadRequest);
        Assert.True(wrongStyle.GetProperty("errors").TryGetProperty("behaviorStyle", out _));

        using var patched = await AccountTests.PatchAsync(client, account,
            new { behaviorStyle = "analytical", preferences = "详细书面方案", interestsAtStake = "年度考核" }, $"/stakeholders/{id}");
        var updated = await ReadAsync(patched, HttpStatusCode.OK);
        Assert.Equal("analytical.bring_evidence", updated.GetProperty("communicationTips")[0].GetProperty("code").GetString());

        var history = (await GetAsync(client, $"/api/accounts/{account}/stakeholders/{id}/history")).EnumerateArray()
            .Select(h => (h.GetProperty("field").GetString(), h.GetProperty("oldValue").GetString(), h.GetProperty("newValue").GetString())).ToList();
        Assert.Equal(
        [
            ("stance", null, "neutral"), ("influence", null, "5"), ("behaviorStyle", "driver", "analytical"),
            ("preferences", "一页纸汇报", "详细书面方案"), ("interestsAtStake", null, "年度考核"),
        ], history);

        // The tips are configurable (admin): the answer follows the settings.
        var admin = host.Admin;
        using var current = await admin.GetAsync("/api/accounts/settings/behavior-styles");
        var settings = await ReadAsync(current, HttpStatusCode.OK);
        Assert.Equal(4, settings.GetProperty("tips").EnumerateObject().Count());
        var replacement = new { tips = new Dictionary<string, object[]> { ["analytical"] = [new { code = "analytical.custom", en = "Send the data first.", zh = "先发数据。" }] } };
        using var refused = await client.PutAsJsonAsync("/api/accounts/settings/behavior-styles", replacement);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var badPut = await admin.PutAsJsonAsync("/api/accounts/settings/behavior-styles", new { tips = new Dictionary<string, object[]> { ["boss"] = [] } });
        Assert.Equal(HttpStatusCode.BadRequest, badPut.StatusCode);
        using var put = await admin.PutAsJsonAsync("/api/accounts/settings/behavior-styles", replacement);
        await ReadAsync(put, HttpStatusCode.OK);
        var reread = await GetAsync(client, $"/api/accounts/{account}/stakeholders/{id}");
        Assert.Equal(["analytical.custom"], reread.GetProperty("stakeholder").GetProperty("communicationTips").EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        await using var db = host.Database();
        await db.ExecuteAsync("DELETE FROM account_settings WHERE key = 'behavior_styles'");
    }
}
