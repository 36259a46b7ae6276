using System.Net;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Opportunities.Tests;

/// <summary>docs/product.md §9: success factors with history, deal tasks, stage norms and stuck deals.</summary>
public sealed class DealExecutionTests(OpportunitiesFixture service) : IClassFixture<OpportunitiesFixture>
{
    private async Task<(Guid Kam, HttpClient Client, Guid Account)> KamAsync()
    {
        var kam = Guid.NewGuid();
        var account = await service.AccountAsync(Deals.Region(), kam);
        return (kam, service.Client(kam, Roles.KeyAccountManager), account);
    }

    private Task<long> CountAsync(string table, Guid opportunityId) =>
        service.QueryAsync<long>($"SELECT count(*) FROM {table} WHERE opportunity_id = @opportunityId", new { opportunityId });

    /// <summary>Moves the deal's entry into its current stage (and its opening) back by whole days.</summary>
    private Task<long> BackdateAsync(Guid id, int days) => service.QueryAsync<long>(
        """
        WITH h AS (UPDATE opportunity_stage_history SET at = at - make_interval(days => @days) WHERE opportunity_id = @id RETURNING 1),
             o AS (UPDATE opportunities SET created_at = created_at - make_interval(days => @days) WHERE id = @id RETURNING 1)
        SELECT (SELECT count(*) FROM h) + (SELECT count(*) FROM o)
        """, new { id, days });

    [Fact]
    public async Task Success_factors_keep_every_change_and_refuse_duplicate_ranks()
    {
        var (_, client, account) = await KamAsync();
        var id = await client.OpenAsync(account);
        var path = $"/api/opportunities/{id}/success-factors";
        Assert.Empty((await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK).GetProperty("factors").EnumerateArray());

        var first = (await client.SendAsync(HttpMethod.Put, path, new object[]
        {
            new { rank = 2, factor = "价格", ourPosition = "behind" },
            new { rank = 1, factor = "核心网割接经验", ourPosition = "ahead" },
            new { rank = 3, factor = "本地服务团队", ourPosition = "even" },
        })).Expect(HttpStatusCode.OK);
        Assert.Equal(["核心网割接经验", "价格", "本地服务团队"], first.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("factor").GetString()));

        (await client.SendAsync(HttpMethod.Put, path, new object[]
        {
            new { rank = 1, factor = "核心网割接经验", ourPosition = "ahead" },
            new { rank = 2, factor = "价格", ourPosition = "even" },
        })).Expect(HttpStatusCode.OK);
        // The same factors again change nothing and add no history.
        (await client.SendAsync(HttpMethod.Put, path, new object[]
        {
            new { rank = 2, factor = "价格", ourPosition = "even" },
            new { rank = 1, factor = "核心网割接经验", ourPosition = "ahead" },
        })).Expect(HttpStatusCode.OK);

        var history = (await client.GetJsonAsync(path + "/history")).Expect(HttpStatusCode.OK).EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(["behind", "even"], history.Select(h => h.GetProperty("factors")[1].GetProperty("ourPosition").GetString()));

        var duplicate = (await client.SendAsync(HttpMethod.Put, path, new object[]
        {
            new { rank = 1, factor = "甲", ourPosition = "ahead" }, new { rank = 1, factor = "乙", ourPosition = "behind" },
        })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("duplicate_rank", duplicate.GetProperty("code").GetString());
        var invalid = (await client.SendAsync(HttpMethod.Put, path, new object[]
        {
            new { rank = 4, factor = "", ourPosition = "winning" },
        })).Expect(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "[0].rank", "[0].factor", "[0].ourPosition" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var tooMany = Enumerable.Range(1, 4).Select(r => new { rank = Math.Min(r, 3), factor = "因素" + r, ourPosition = "even" }).ToArray();
        (await client.SendAsync(HttpMethod.Put, path, tooMany)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(2, await CountAsync("success_factor_sets", id));

        // Another KAM does not see the deal; a closed deal keeps its last factors.
        var (_, stranger, _) = await KamAsync();
        (await stranger.GetJsonAsync(path + "/history")).Expect(HttpStatusCode.NotFound);
        (await stranger.SendAsync(HttpMethod.Put, path, Array.Empty<object>())).Expect(HttpStatusCode.NotFound);
        (await client.PostAsync($"/api/opportunities/{id}/lose", new { reason = "价格" })).Expect(HttpStatusCode.OK);
        Assert.Equal("opportunity_closed", (await client.SendAsync(HttpMethod.Put, path, Array.Empty<object>()))
            .Expect(HttpStatusCode.UnprocessableEntity).GetProperty("code").GetString());
        Assert.Equal(2, await CountAsync("success_factor_sets", id));
    }

    [Fact]
    public async Task Tasks_belong_to_a_stage_and_closed_deals_take_none()
    {
        var (kam, client, account) = await KamAsync();
        var id = await client.OpenAsync(account);
        var path = $"/api/opportunities/{id}/tasks";
        var task = (await client.PostAsync(path, new { title = "约见信息部主任", dueDate = "2026-12-20" })).Expect(HttpStatusCode.Created);
        Assert.Equal("initiation", task.GetProperty("stage").GetString());
        Assert.Equal("open", task.GetProperty("status").GetString());
        Assert.Equal(kam, task.GetProperty("ownerId").GetGuid());
        var other = Guid.NewGuid();
        (await client.PostAsync(path, new { title = "准备方案", ownerId = other, dueDate = "2026-12-10", stage = "solution_design" })).Expect(HttpStatusCode.Created);

        // The all-zero id is refused before anything else as a reference to nothing (422 unknown_reference).
        var zero = (await client.PostAsync(path, new { title = "准备方案", ownerId = Guid.Empty, dueDate = "2026-12-10" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_reference", zero.GetProperty("code").GetString());
        var notAnId = (await client.PostAsync(path, new { title = "准备方案", ownerId = "nobody", dueDate = "2026-12-10" })).Expect(HttpStatusCode.BadRequest);
        Assert.True(notAnId.GetProperty("errors").TryGetProperty("ownerId", out _));
        var bad = (await client.PostAsync(path, new { title = "", status = "later", stage = "won" })).Expect(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "title", "dueDate", "status", "stage" })
        {
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var listed = (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["准备方案", "约见信息部主任"], listed.Select(t => t.GetProperty("title").GetString()));

        var taskPath = $"{path}/{task.GetProperty("id").GetGuid()}";
        var done = (await client.PatchAsync(taskPath, new { status = "done" }, "\"1\"")).Expect(HttpStatusCode.OK);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal("约见信息部主任", done.GetProperty("title").GetString());
        (await client.PatchAsync(taskPath, new { status = "open" }, "\"1\"")).Expect(HttpStatusCode.PreconditionFailed);
        (await client.PatchAsync(taskPath, new { dueDate = (string?)null })).Expect(HttpStatusCode.BadRequest);
        (await client.PatchAsync($"{path}/{Guid.NewGuid()}", new { status = "done" })).Expect(HttpStatusCode.NotFound);
        var (_, stranger, _) = await KamAsync();
        (await stranger.GetJsonAsync(path)).Expect(HttpStatusCode.NotFound);
        (await stranger.PostAsync(path, new { title = "插一脚", dueDate = "2026-12-20" })).Expect(HttpStatusCode.NotFound);

        (await client.PostAsync($"/api/opportunities/{id}/win", new { closeDate = "2026-11-20" })).Expect(HttpStatusCode.OK);
        Assert.Equal("opportunity_closed", (await client.PostAsync(path, new { title = "签约后补", dueDate = "2026-12-20" }))
            .Expect(HttpStatusCode.UnprocessableEntity).GetProperty("code").GetString());
        Assert.Equal("opportunity_closed", (await client.PatchAsync(taskPath, new { status = "cancelled" }))
            .Expect(HttpStatusCode.UnprocessableEntity).GetProperty("code").GetString());
        Assert.Equal(2, await CountAsync("deal_tasks", id));
    }

    [Fact]
    public async Task A_deal_is_stuck_past_its_stage_norm_or_with_an_overdue_task_of_its_stage()
    {
        var (_, client, account) = await KamAsync();
        var fresh = await client.OpenAsync(account, name: "新项目");
        var slow = await client.OpenAsync(account, name: "慢项目");
        var late = await client.OpenAsync(account, name: "任务逾期");
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, await BackdateAsync(slow, 31));
        (await client.PostAsync($"/api/opportunities/{late}/tasks", new { title = "回复技术澄清", dueDate = yesterday })).Expect(HttpStatusCode.Created);
        // An overdue task of another stage, or one already done, does not hold the deal.
        (await client.PostAsync($"/api/opportunities/{fresh}/tasks", new { title = "下阶段的事", dueDate = yesterday, stage = "signing" })).Expect(HttpStatusCode.Created);
        (await client.PostAsync($"/api/opportunities/{fresh}/tasks", new { title = "已完成", dueDate = yesterday, status = "done" })).Expect(HttpStatusCode.Created);

        static string[] Reasons(JsonElement deal) => deal.GetProperty("stuckReasons").Strings();
        var slowDeal = (await client.GetJsonAsync($"/api/opportunities/{slow}")).Expect(HttpStatusCode.OK);
        Assert.True(slowDeal.GetProperty("stuck").GetBoolean());
        Assert.Equal(["over_stage_norm"], Reasons(slowDeal));
        // docs/product.md §0: each reason also comes with its figures as code + params, for the reader's language.
        var detail = slowDeal.GetProperty("stuckDetails").EnumerateArray().Single();
        Assert.Equal("over_stage_norm", detail.GetProperty("code").GetString());
        Assert.Equal("initiation", detail.GetProperty("params").GetProperty("stage").GetString());
        Assert.Equal(30, detail.GetProperty("params").GetProperty("normDays").GetInt32());
        Assert.True(detail.GetProperty("params").GetProperty("daysInStage").GetInt32() > 30);
        Assert.Contains("the norm is 30 days", detail.GetProperty("text").GetString());
        var lateDetail = (await client.GetJsonAsync($"/api/opportunities/{late}")).Expect(HttpStatusCode.OK).GetProperty("stuckDetails").EnumerateArray().Single();
        Assert.Equal("overdue_task", lateDetail.GetProperty("code").GetString());
        Assert.Equal(1, lateDetail.GetProperty("params").GetProperty("count").GetInt32());
        Assert.Equal(["overdue_task"], Reasons((await client.GetJsonAsync($"/api/opportunities/{late}")).Expect(HttpStatusCode.OK)));
        var freshDeal = (await client.GetJsonAsync($"/api/opportunities/{fresh}")).Expect(HttpStatusCode.OK);
        Assert.False(freshDeal.GetProperty("stuck").GetBoolean());
        Assert.Empty(Reasons(freshDeal));

        var stuck = (await client.GetJsonAsync($"/api/opportunities?accountId={account}&stuck=true")).Expect(HttpStatusCode.OK).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(late, "overdue_task"), (slow, "over_stage_norm")],
            stuck.Select(d => (d.GetProperty("id").GetGuid(), string.Join(',', Reasons(d)))).ToList());
        var notStuck = (await client.GetJsonAsync($"/api/opportunities?accountId={account}&stuck=false")).Expect(HttpStatusCode.OK).GetProperty("items");
        Assert.Equal([fresh], notStuck.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));

        // Moving on resets the days in stage; the norm lives in settings (admin).
        var moved = await client.MoveAsync(slow, "solution_design");
        Assert.Empty(Reasons(moved));
        var admin = service.Client(Guid.NewGuid(), Roles.Admin);
        var norms = (await admin.GetJsonAsync("/api/opportunities/settings/stage-norms")).Expect(HttpStatusCode.OK);
        Assert.Equal(45, norms.GetProperty("deep_engagement").GetInt32());
        Assert.Equal(20, norms.GetProperty("signing").GetInt32());
        (await client.SendAsync(HttpMethod.Put, "/api/opportunities/settings/stage-norms", new { initiation = 60 })).Expect(HttpStatusCode.Forbidden);
        var badNorms = (await admin.SendAsync(HttpMethod.Put, "/api/opportunities/settings/stage-norms", new { initiation = 0, won = 5 })).Expect(HttpStatusCode.BadRequest);
        Assert.True(badNorms.GetProperty("errors").TryGetProperty("won", out _));
        Assert.True(badNorms.GetProperty("errors").TryGetProperty("initiation", out _));
        Assert.Equal(2, await BackdateAsync(fresh, 40));
        Assert.Equal(["over_stage_norm"], Reasons((await client.GetJsonAsync($"/api/opportunities/{fresh}")).Expect(HttpStatusCode.OK)));
        (await admin.SendAsync(HttpMethod.Put, "/api/opportunities/settings/stage-norms", new { initiation = 60 })).Expect(HttpStatusCode.OK);
        Assert.Empty(Reasons((await client.GetJsonAsync($"/api/opportunities/{fresh}")).Expect(HttpStatusCode.OK)));
        (await admin.SendAsync(HttpMethod.Put, "/api/opportunities/settings/stage-norms", new { initiation = 30 })).Expect(HttpStatusCode.OK);

        // Another KAM's list never shows these.
        var (_, stranger, _) = await KamAsync();
        Assert.Empty((await stranger.GetJsonAsync("/api/opportunities?stuck=true")).Expect(HttpStatusCode.OK).GetProperty("items").EnumerateArray());
    }
}
