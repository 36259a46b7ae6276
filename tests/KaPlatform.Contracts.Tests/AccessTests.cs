using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;

namespace KaPlatform.Contracts.Tests;

public sealed class AccessTests(ContractsFixture host) : IClassFixture<ContractsFixture>
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Fact]
    public async Task A_rep_sees_their_teams_contracts_and_nothing_of_another_team_in_reads_lists_or_aggregates()
    {
        var rep = Guid.NewGuid();
        var teammate = Guid.NewGuid();
        var mine = await host.RegisterAccountAsync(Guid.NewGuid(), region: "华北", name: "北京联通", team: [rep]);
        var theirs = await host.RegisterAccountAsync(teammate, region: "华北", name: "河北联通");
        var myContract = (await host.SignedAsync(mine, 100m, [ContractsFixture.Fixed(100, AsOf.AddDays(-10))], new DateOnly(2026, 1, 1))).GetProperty("id").GetGuid();
        var theirContract = (await host.SignedAsync(theirs, 900m, [ContractsFixture.Fixed(100, AsOf.AddDays(-10))], new DateOnly(2026, 1, 1))).GetProperty("id").GetGuid();
        using var client = host.ClientFor(rep, Roles.SalesRep, "华北");

        using var own = await client.GetAsync($"/api/contracts/{myContract}");
        using var other = await client.GetAsync($"/api/contracts/{theirContract}");
        using var otherEvidence = await client.GetAsync($"/api/contracts/{theirContract}/evidence");
        using var signOther = await client.PostAsJsonAsync($"/api/contracts/{theirContract}/deliveries", new { date = "2026-02-01", evidence = "DN" });
        var list = await client.GetFromJsonAsync<JsonElement>("/api/contracts?limit=500");
        var aging = await client.GetFromJsonAsync<JsonElement>($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}");
        using var otherAging = await client.GetAsync($"/api/collections/aging?asOf={AsOf:yyyy-MM-dd}&accountId={theirs}");
        var map = await client.GetFromJsonAsync<JsonElement>("/api/collections/battle-map");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherEvidence.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signOther.StatusCode);
        Assert.Equal([myContract], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(100m, aging.GetProperty("overall").GetProperty("total").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, otherAging.StatusCode);
        Assert.Equal([myContract], map.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contractId").GetGuid()).ToArray());
    }

    [Fact]
    public async Task A_kams_battle_map_pages_through_all_their_accounts_newest_first_and_no_other_teams()
    {
        // Team-only callers are served from their accounts outward (issue 18); the page order and cursor must be the
        // same as the newest-first walk everyone else gets.
        var kam = Guid.NewGuid();
        var accounts = new[]
        {
            await host.RegisterAccountAsync(kam, region: "华中", name: "武汉电信"),
            await host.RegisterAccountAsync(Guid.NewGuid(), region: "华中", name: "长沙电信", team: [kam]),
            await host.RegisterAccountAsync(kam, region: "华中", name: "郑州电信"),
        };
        var others = await host.RegisterAccountAsync(Guid.NewGuid(), region: "华中", name: "南昌电信");
        var mine = new List<Guid>();
        foreach (var account in accounts.Concat(accounts))
        {
            mine.Add((await host.SignedAsync(account, 100m, [ContractsFixture.Fixed(100, AsOf)], new DateOnly(2026, 1, 1))).GetProperty("id").GetGuid());
        }

        await host.SignedAsync(others, 100m, [ContractsFixture.Fixed(100, AsOf)], new DateOnly(2026, 1, 1));
        using var client = host.ClientFor(kam, Roles.KeyAccountManager, "华中");

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/collections/battle-map?limit=4{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contractId").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(mine.OrderByDescending(id => id.ToString(), StringComparer.Ordinal).ToArray(), seen.ToArray());
    }

    [Fact]
    public async Task Finance_reads_everything_a_cs_manager_only_their_region_and_payments_of_unseen_contracts_are_404()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid(), region: "西南");
        var id = (await host.SignedAsync(account, 100m, [ContractsFixture.Fixed(100, AsOf)], new DateOnly(2026, 1, 1))).GetProperty("id").GetGuid();
        using var paid = await host.PayAsync(id, 50m, "R-" + Guid.NewGuid(), AsOf);
        var paymentId = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var csHere = host.ClientFor(Guid.NewGuid(), Roles.CsManager, "西南");
        using var csElsewhere = host.ClientFor(Guid.NewGuid(), Roles.CsManager, "东北");

        Assert.Equal(HttpStatusCode.OK, (await host.Finance.GetAsync($"/api/contracts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await csHere.GetAsync($"/api/contracts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await csElsewhere.GetAsync($"/api/contracts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await csHere.GetAsync($"/api/payments/{paymentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await csElsewhere.GetAsync($"/api/payments/{paymentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PayAsync(id, 1m, "R-" + Guid.NewGuid(), AsOf, client: csHere)).StatusCode);
    }

    [Fact]
    public async Task Every_write_is_in_the_audit_trail_which_only_admins_read()
    {
        var account = await host.RegisterAccountAsync(Guid.NewGuid());
        var id = (await host.SignedAsync(account, 100m, [ContractsFixture.Fixed(100, AsOf)], new DateOnly(2026, 1, 1))).GetProperty("id").GetGuid();

        var trail = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/contracts/audit?entityId={id}");
        using var denied = await host.Finance.GetAsync($"/api/contracts/audit?entityId={id}");
        using var anonymous = await host.Service.CreateClient().GetAsync($"/api/contracts/{id}");

        Assert.Equal(["signed", "payment_plan_set", "drafted"], trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Unknown_contracts_and_bad_queries_are_404_and_400_problem_details()
    {
        using var unknown = await host.Admin.GetAsync($"/api/contracts/{Guid.NewGuid()}");
        using var badStatus = await host.Admin.GetAsync("/api/contracts?status=archived");
        using var badCursor = await host.Admin.GetAsync("/api/contracts?cursor=bm90LWEtZ3VpZA");
        using var badDate = await host.Admin.GetAsync("/api/collections/aging?asOf=yesterday");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        // The same code as every other list of the platform (Paging.DecodeId), not a contracts-only one.
        Assert.Contains("\"code\":\"invalid_cursor\"", await badCursor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
    }
}
