using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class AccountTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Every_request_counts_as_work_served_for_the_idle_trim_a_refused_one_too()
    {
        var served = host.Service.Services.GetRequiredService<ServedCount>();
        var before = served.Started;
        using var anonymous = host.Service.CreateClient();
        using (var refused = await anonymous.GetAsync("/api/accounts"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var answered = await host.Admin.GetAsync("/api/accounts?limit=1"))
        {
            answered.EnsureSuccessStatusCode();
        }

        Assert.True(served.Started - before >= 2, $"{served.Started - before} served for 2 requests");
    }

    [Fact]
    public async Task An_account_keeps_every_spec_field_and_its_team_decides_who_sees_it()
    {
        var (kam, client) = host.NewKam();
        var engineer = Guid.NewGuid();
        var account = await RegisterAsync(client, "中国移动通信集团浙江有限公司", extra: new
        {
            industry = "telecom",
            category = "strategic",
            purchasePattern = "continuous",
            lifecycleStage = "growth",
            team = new[] { new { userId = engineer, role = "technical" } },
        });
        var id = account.GetProperty("id").GetGuid();

        Assert.Equal("telecom", account.GetProperty("industry").GetString());
        Assert.Equal("strategic", account.GetProperty("category").GetString());
        Assert.Equal("continuous", account.GetProperty("purchasePattern").GetString());
        Assert.Equal("growth", account.GetProperty("lifecycleStage").GetString());
        Assert.Equal(kam, account.GetProperty("ownerId").GetGuid());
        var team = account.GetProperty("team").EnumerateArray().Select(m => (m.GetProperty("userId").GetGuid(), m.GetProperty("role").GetString())).ToList();
        Assert.Equal([(kam, "owner"), (engineer, "technical")], team);
        Assert.Equal([kam, engineer], account.GetProperty("teamUserIds").EnumerateArray().Select(u => u.GetGuid()).ToList());

        using var engineerClient = host.ClientFor(engineer, Roles.SalesRep);
        await GetAsync(engineerClient, $"/api/accounts/{id}");
        var delivery = Guid.NewGuid();
        using var deliveryClient = host.ClientFor(delivery, Roles.SalesRep);
        await GetAsync(deliveryClient, $"/api/accounts/{id}", HttpStatusCode.NotFound);

        using var put = await client.PutAsJsonAsync($"/api/accounts/{id}/team", new { team = new[] { new { userId = delivery, role = "delivery" } } });
        var replaced = await ReadAsync(put, HttpStatusCode.OK);
        Assert.Equal([kam, delivery], replaced.GetProperty("teamUserIds").EnumerateArray().Select(u => u.GetGuid()).ToList());
        await GetAsync(deliveryClient, $"/api/accounts/{id}");
        await GetAsync(engineerClient, $"/api/accounts/{id}", HttpStatusCode.NotFound);

        var changed = (await host.PublishedAsync("AccountTeamChanged", id)).Single();
        Assert.Equal([kam, delivery], changed.GetProperty("teamUserIds").EnumerateArray().Select(u => u.GetGuid()).ToList());
        Assert.Single(await host.PublishedAsync("AccountRegistered", id));
    }

    [Fact]
    public async Task Patch_needs_the_current_etag_and_publishes_the_full_state()
    {
        var (_, client) = host.NewKam();
        var id = await RegisterIdAsync(client, "浙江移动杭州分公司", extra: new { industry = "telecom", category = "important" });
        using var get = await client.GetAsync($"/api/accounts/{id}");
        var etag = get.Headers.ETag!.Tag;

        async Task<HttpResponseMessage> PatchAsync(object body, string? ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{id}") { Content = JsonContent.Create(body) };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return await client.SendAsync(request);
        }

        using var ok = await PatchAsync(new { lifecycleStage = "decline", industry = (string?)null }, etag);
        var patched = await ReadAsync(ok, HttpStatusCode.OK);
        Assert.Equal("decline", patched.GetProperty("lifecycleStage").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("industry").ValueKind);
        Assert.Equal("important", patched.GetProperty("category").GetString());
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        using var stale = await PatchAsync(new { name = "改名" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var bad = await PatchAsync(new { category = "vip", name = "" }, null);
        var problem = await ReadAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("category", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));

        var updated = (await host.PublishedAsync("AccountUpdated", id)).Single();
        Assert.Equal("decline", updated.GetProperty("lifecycleStage").GetString());
        Assert.Equal("important", updated.GetProperty("category").GetString());
        Assert.Equal("浙江移动杭州分公司", updated.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_group_hierarchy_refuses_cycles_and_rolls_up_only_what_the_caller_may_see()
    {
        var (kam, client) = host.NewKam("华北");
        var group = await RegisterIdAsync(client, "中国联通", "华北");
        var province = await RegisterIdAsync(client, "北京联通", "华北", new { parentId = group });
        var city = await RegisterIdAsync(client, "北京联通海淀分公司", "华北", new { parentId = province });
        // A branch the KAM is not on: it must not show up or count in the KAM's roll-up.
        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华北");
        var foreign = await RegisterIdAsync(director, "天津联通", "华北", new { parentId = group });
        foreach (var (account, contribution, potential) in new[] { (group, 1_000_000m, 2_000_000m), (province, 3_000_000m, 4_000_000m), (city, 5_000_000m, 6_000_000m), (foreign, 7_000_000m, 8_000_000m) })
        {
            await PostAsync(host.Admin, $"/api/accounts/{account}/assessments", new { fiscalYear = 2026, contribution, potential });
        }

        using var cycle = await PatchAsync(client, group, new { parentId = city });
        var refusal = await ReadAsync(cycle, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("hierarchy_cycle", refusal.GetProperty("code").GetString());
        using var self = await PatchAsync(client, group, new { parentId = group });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);

        var mine = await GetAsync(client, $"/api/accounts/{group}/hierarchy");
        Assert.Equal(3, mine.GetProperty("rollup").GetProperty("accounts").GetInt32());
        Assert.Equal(9_000_000m, mine.GetProperty("rollup").GetProperty("contribution").GetDecimal());
        Assert.Equal(12_000_000m, mine.GetProperty("rollup").GetProperty("potential").GetDecimal());
        var child = Assert.Single(mine.GetProperty("children").EnumerateArray());
        Assert.Equal(province, child.GetProperty("id").GetGuid());
        Assert.Equal(city, child.GetProperty("children")[0].GetProperty("id").GetGuid());

        var all = await GetAsync(director, $"/api/accounts/{group}/hierarchy");
        Assert.Equal(4, all.GetProperty("rollup").GetProperty("accounts").GetInt32());
        Assert.Equal(16_000_000m, all.GetProperty("rollup").GetProperty("contribution").GetDecimal());

        using var outsider = host.ClientFor(Guid.NewGuid(), Roles.KeyAccountManager, "华北");
        await GetAsync(outsider, $"/api/accounts/{group}/hierarchy", HttpStatusCode.NotFound);
        Assert.Equal(kam, (await GetAsync(client, $"/api/accounts/{city}")).GetProperty("ownerId").GetGuid());
    }

    [Fact]
    public async Task Lists_search_chinese_and_english_substrings_filter_and_page_with_a_cursor_within_the_callers_scope()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (_, client) = host.NewKam("西南");
        var ids = new List<Guid>();
        foreach (var name in new[] { $"四川移动{tag}成都分公司", $"四川移动{tag}绵阳分公司", $"重庆电信{tag}", $"Sichuan Mobile {tag} Leshan", $"四川移动{tag}宜宾分公司" })
        {
            ids.Add(await RegisterIdAsync(client, name, "西南", new { category = name.Contains("电信") ? "important" : "strategic" }));
        }

        var other = host.NewKam("西南");
        var hidden = await RegisterIdAsync(other.Client, $"四川移动{tag}隐藏", "西南");

        var chinese = await GetAsync(client, $"/api/accounts?q={Uri.EscapeDataString("移动" + tag)}");
        Assert.Equal(3, Ids(chinese).Count);
        Assert.DoesNotContain(hidden, Ids(chinese));
        var middle = await GetAsync(client, $"/api/accounts?q={Uri.EscapeDataString(tag + "绵阳")}");
        Assert.Equal([ids[1]], Ids(middle));
        var english = await GetAsync(client, $"/api/accounts?q={Uri.EscapeDataString("mobile " + tag)}");
        Assert.Equal([ids[3]], Ids(english));
        var filtered = await GetAsync(client, $"/api/accounts?q={tag}&category=important");
        Assert.Equal([ids[2]], Ids(filtered));

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(client, $"/api/accounts?q={tag}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(ids.Order().ToList(), seen.Order().ToList());

        using var director = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "西南");
        Assert.Contains(hidden, Ids(await GetAsync(director, $"/api/accounts?q={tag}&region=西南")));
        using var otherDirector = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华东");
        Assert.Empty(Ids(await GetAsync(otherDirector, $"/api/accounts?q={tag}")));

        await GetAsync(client, "/api/accounts?limit=501", HttpStatusCode.BadRequest);
        await GetAsync(client, "/api/accounts?cursor=%%%", HttpStatusCode.BadRequest);
        await GetAsync(client, "/api/accounts?class=Z", HttpStatusCode.BadRequest);
        await GetAsync(client, "/api/accounts?ownerId=not-a-guid", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Outsiders_get_404_and_read_only_roles_get_403_on_writes()
    {
        var (_, client) = host.NewKam("华南");
        var id = await RegisterIdAsync(client, "广东移动", "华南");
        using var rep = host.ClientFor(Guid.NewGuid(), Roles.SalesRep, "华南");
        using var otherDirector = host.ClientFor(Guid.NewGuid(), Roles.SalesDirector, "华北");
        foreach (var outsider in new[] { rep, otherDirector })
        {
            await GetAsync(outsider, $"/api/accounts/{id}", HttpStatusCode.NotFound);
            using var patch = await PatchAsync(outsider, id, new { name = "x" });
            Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
            using var team = await outsider.PutAsJsonAsync($"/api/accounts/{id}/team", Array.Empty<object>());
            Assert.Equal(HttpStatusCode.NotFound, team.StatusCode);
            await PostAsync(outsider, $"/api/accounts/{id}/stakeholders", new { name = "张总", influence = 5, stance = "ally" }, HttpStatusCode.NotFound);
            await GetAsync(outsider, $"/api/accounts/{id}/power-map", HttpStatusCode.NotFound);
            await GetAsync(outsider, $"/api/accounts/{id}/classification", HttpStatusCode.NotFound);
        }

        using var finance = host.ClientFor(Guid.NewGuid(), Roles.Finance);
        await GetAsync(finance, $"/api/accounts/{id}");
        using var financePatch = await PatchAsync(finance, id, new { name = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, financePatch.StatusCode);
        await PostAsync(finance, "/api/accounts", new { name = "x", region = "华南" }, HttpStatusCode.Forbidden);

        using var anonymous = host.Service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/accounts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Malformed_and_oversized_input_is_a_400_with_errors_per_field()
    {
        var (_, client) = host.NewKam();
        using var malformed = await client.PostAsync("/api/accounts", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var wrongType = await PostAsync(client, "/api/accounts", new { name = 5, region = "华东" }, HttpStatusCode.BadRequest);
        Assert.True(wrongType.TryGetProperty("errors", out _));

        var tooLong = await PostAsync(client, "/api/accounts", new { name = new string('移', 201), region = "华东", category = "vip" },
            HttpStatusCode.BadRequest);
        var errors = tooLong.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("category", out _));
        // docs/product.md §0: each field error also as code + params, for clients to say it in the reader's language.
        var coded = tooLong.GetProperty("fieldErrors").EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!);
        Assert.Equal("too_long", coded["name"].GetProperty("code").GetString());
        Assert.Equal(200, coded["name"].GetProperty("params").GetProperty("max").GetInt32());
        Assert.Equal("one_of", coded["category"].GetProperty("code").GetString());
        Assert.Equal(["economic", "important", "group", "strategic"],
            coded["category"].GetProperty("params").GetProperty("values").EnumerateArray().Select(v => v.GetString()).ToArray());
        var notAnId = await PostAsync(client, "/api/accounts", new { name = "浙江移动", region = "华东", team = new[] { new { userId = "nobody", role = "sales" } } },
            HttpStatusCode.BadRequest);
        Assert.True(notAnId.GetProperty("errors").TryGetProperty("team[0].userId", out _));

        // The all-zero id names nobody: 422 unknown_reference with the field, nothing stored.
        var zero = await PostAsync(client, "/api/accounts", new { name = "浙江移动", region = "华东", team = new[] { new { userId = Guid.Empty, role = "sales" } } },
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_reference", zero.GetProperty("code").GetString());
        Assert.Contains("team[0].userId", zero.GetProperty("params").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

        var id = await RegisterIdAsync(client, "浙江电信");
        using var notObject = await PatchAsync(client, id, new[] { 1, 2 });
        Assert.Equal(HttpStatusCode.BadRequest, notObject.StatusCode);
        var q = await GetAsync(client, $"/api/accounts?q={new string('a', 300)}", HttpStatusCode.BadRequest);
        Assert.True(q.GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Every_write_is_in_the_audit_trail_that_only_admins_read()
    {
        var (kam, client) = host.NewKam();
        var id = await RegisterIdAsync(client, "浙江广电");
        using var patch = await PatchAsync(client, id, new { industry = "media" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var trail = await GetAsync(host.Admin, $"/api/accounts/audit?entityId={id}");
        var actions = trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["updated", "registered"], actions);
        Assert.All(trail.GetProperty("items").EnumerateArray(), e => Assert.Equal(kam, e.GetProperty("actorId").GetGuid()));
        await GetAsync(client, $"/api/accounts/audit?entityId={id}", HttpStatusCode.Forbidden);
    }

    internal static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid id, object body, string path = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/accounts/{id}{path}") { Content = JsonContent.Create(body) };
        return await client.SendAsync(request);
    }
}
