using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.ServiceDefaults.Auth;
using KaPlatform.Testing;

namespace KaPlatform.ApiContract.Tests;

/// <summary>
/// The whole platform through the real AppHost, once for the assembly, its business calendar set to a zone 14 hours
/// ahead of UTC (so "today" differs from UTC's for most of the day), seeded with one of each resource so hostile
/// requests reach the handlers behind the route values rather than stopping at a 404.
/// </summary>
public sealed class ApiContractFixture : PlatformFixture
{
    public const string TimeZone = "Pacific/Kiritimati";
    public static readonly string[] Services = ["accounts", "opportunities", "contracts", "success"];

    private readonly Dictionary<string, string> databases = [];

    public Guid KamId { get; } = Guid.NewGuid();
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Kam { get; private set; } = null!;
    public string AdminToken { get; private set; } = "";
    public Seed Ids { get; private set; } = null!;

    /// <summary>Today in the configured business calendar, as the services must see it.</summary>
    public static DateOnly BusinessToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);

    protected override IReadOnlyDictionary<string, string> PlatformEnvironment { get; } =
        new Dictionary<string, string> { ["Business__TimeZone"] = TimeZone };

    // The hostile-input test reads no traces.
    protected override bool WithDashboard => false;

    protected override async Task OnStartedAsync()
    {
        foreach (var service in Services)
        {
            databases[service] = await DatabaseConnectionStringAsync(service + "db");
        }

        Admin = await SignInAsync(Guid.NewGuid(), Roles.Admin);
        AdminToken = Admin.DefaultRequestHeaders.Authorization!.Parameter!;
        Kam = await SignInAsync(KamId, Roles.KeyAccountManager, "华东");
        Ids = await Seed.CreateAsync(this);
    }

    /// <summary>A client straight to one service (no gateway rate limit) carrying the admin's token.</summary>
    public HttpClient Direct(string service, string? token = null)
    {
        var client = new HttpClient { BaseAddress = ServiceUrl(service + "-api"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        return client;
    }

    public string Database(string service) => databases[service];

    public override async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        Kam?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>One of each resource, owned by the fixture's KAM on an account in 华东.</summary>
public sealed record Seed(Guid Account, Guid Stakeholder, Guid Lead, Guid Opportunity, Guid Bid, Guid Target, Guid WonOpportunity, Guid Contract, Guid Milestone, int FiscalYear)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<Seed> CreateAsync(ApiContractFixture platform)
    {
        var kam = platform.Kam;
        var year = ApiContractFixture.BusinessToday.Year;
        var account = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, "/api/accounts", new { name = "中国电信上海分公司", region = "华东", category = "strategic" }, HttpStatusCode.Created));
        foreach (var area in new[] { "opportunities", "contracts", "success" })
        {
            await Eventually.TrueAsync(async () => (await kam.GetAsync($"/api/{area}/accounts/{account}")).StatusCode == HttpStatusCode.OK, Patience, $"{area} knows the account");
        }

        var stakeholder = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/stakeholders", new
        {
            name = "张伟", title = "采购总监", buyingRoles = new[] { "economic_buyer" }, influence = 5, stance = "ally",
            relationshipCloseness = 70, solutionAcceptance = 60, priceAcceptance = 50,
        }, HttpStatusCode.Created));
        await ApiCall.SendAsync(kam, HttpMethod.Post, $"/api/accounts/{account}/plans", new { fiscalYear = year }, HttpStatusCode.Created);
        var lead = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, "/api/leads",
            new { accountId = account, title = "云专线扩容", source = "inbound", purchaseType = "occasional", estimatedValue = 500_000m }, HttpStatusCode.Created));
        var opportunity = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, "/api/opportunities", new
        {
            accountId = account, name = "数据中心二期", type = "new_business", amount = 2_000_000m, currency = "CNY", expectedCloseDate = ApiContractFixture.BusinessToday.AddDays(60),
        }, HttpStatusCode.Created));
        var bid = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, $"/api/opportunities/{opportunity}/bids", new
        {
            tenderRef = "SHDX-2026-" + Guid.NewGuid().ToString("N")[..6], issuer = "上海电信采购中心", submissionDeadline = DateTimeOffset.UtcNow.AddDays(10),
            documents = new[] { new { name = "技术方案", status = "todo" } },
        }, HttpStatusCode.Created));
        var target = Id(await ApiCall.SendAsync(platform.Admin, HttpMethod.Post, "/api/targets", new { ownerId = platform.KamId, region = "华东", period = $"{year}", amount = 10_000_000m }, HttpStatusCode.Created));

        var won = Id(await ApiCall.SendAsync(kam, HttpMethod.Post, "/api/opportunities", new
        {
            accountId = account, name = "安全运营服务", type = "new_business", amount = 1_000_000m, currency = "CNY", expectedCloseDate = ApiContractFixture.BusinessToday.AddDays(30),
        }, HttpStatusCode.Created));
        foreach (var stage in new[] { "solution_design", "deep_engagement", "product_confirmation", "commercial_negotiation", "signing" })
        {
            await ApiCall.SendAsync(kam, HttpMethod.Post, $"/api/opportunities/{won}/stage", new { stage, @override = new { reason = "测试数据" } });
        }

        // No closeDate: the service takes "today" from the business calendar (checked by BusinessCalendarTests).
        await ApiCall.SendAsync(kam, HttpMethod.Post, $"/api/opportunities/{won}/win", new { });
        var contract = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            using var response = await kam.GetAsync($"/api/contracts?accountId={account}");
            var items = response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToArray()
                : [];
            return items.Length > 0 ? items[0] : null;
        }, Patience, "draft contract") ?? throw new InvalidOperationException("no draft contract");
        var contractId = contract.GetProperty("id").GetGuid();
        var detail = await ApiCall.SendAsync(kam, HttpMethod.Get, $"/api/contracts/{contractId}");
        var milestone = detail.TryGetProperty("milestones", out var milestones) && milestones.GetArrayLength() > 0
            ? milestones[0].GetProperty("id").GetGuid()
            : Guid.NewGuid();
        return new Seed(account, stakeholder, lead, opportunity, bid, target, won, contractId, milestone, year);
    }

    private static Guid Id(JsonElement element) => element.GetProperty("id").GetGuid();
}
