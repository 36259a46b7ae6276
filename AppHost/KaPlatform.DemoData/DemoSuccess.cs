using System.Text.Json;

namespace KaPlatform.DemoData;

/// <summary>
/// Customer success (docs/product.md §4). The CS manager records success reviews (satisfaction, outcomes, new needs: a need
/// with a value becomes an expansion deal); 工行上海分行's coach leaves; then the daily scan runs so health, alerts
/// and renewals are current. By then success-api has, from the other services' events: champion_departed,
/// competitor_threat (×2), payment_overdue, engagement_gap, and — 工行 being at risk with a contract ending within
/// 90 days — renewal_at_risk.
/// </summary>
internal static class DemoSuccess
{
    private static readonly DemoUser Cs = DemoUser.CsManager;

    private sealed record Need(string Key, string Description, decimal? Value);

    private sealed record Review(string Account, int DaysAgo, int Satisfaction, string ServiceLevel, string Outcomes, params Need[] Needs);

    private static readonly Review[] Reviews =
    [
        new("cmcc-zj", 21, 4, "success",
            "IT支撑系统二期稳定运行，工单处理时长下降35%；网络安全态势感知平台已完成到货验收，等保测评准备中。客户对交付团队评价高，对回款流程中的单据要求有意见。",
            new Need("cmcc-zj-computing-ops", "浙江移动算力网络运维自动化", 3_000_000),
            new Need("cmcc-zj-classified", "网络安全等保测评配套服务", null)),
        new("sgcc-zj", 30, 5, "relationship",
            "调度数据网改造项目全年零故障，获国网浙江年度优秀供应商；营销系统升级中标后客户期待首批地市按期上线。"),
        new("icbc-sh", 45, 2, "reactive",
            "网点智能终端故障率仍高于合同约定的2%，运营管理部多次投诉；客户认为我方响应慢，灾备项目已选择浪潮。需要高层介入挽回。"),
        new("cmcc-js", 28, 4, "relationship",
            "政企专线运维外包SLA达成率99.6%，客户满意；希望续约时增加智慧家庭装维服务。",
            new Need("cmcc-js-home-install", "江苏移动智慧家庭装维服务", 1_200_000)),
        new("bosch-cn", 38, 4, "success",
            "Suzhou plant analytics went live on time; OEE dashboard used daily by the line managers. Wuxi asks for energy monitoring."),
        new("siemens-cn", 50, 3, "reactive",
            "PLM integration from last year runs, but the plant teams want faster support; no new contract yet this year."),
    ];

    public static async Task CreateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        await DemoStakeholders.DepartAsync(client, cancellationToken);

        foreach (var r in Reviews)
        {
            var review = await client.PostAsync(Cs, $"/api/success/accounts/{client.Account(r.Account)}/reviews", new
            {
                date = d.DaysAgo(r.DaysAgo),
                satisfaction = r.Satisfaction,
                outcomes = r.Outcomes,
                serviceLevel = r.ServiceLevel,
                newNeeds = r.Needs.Select(n => new { description = n.Description, estimatedValue = n.Value, currency = "CNY" }),
            }, cancellationToken);
            client.Remember($"review:{r.Account}", review.GetProperty("id").GetGuid());

            // A need with a value is an ExpansionIdentified: opportunities-api opens an expansion deal for the account's owner.
            var needs = review.GetProperty("newNeeds").EnumerateArray().ToList();
            foreach (var need in r.Needs.Where(n => n.Value > 0))
            {
                var needId = needs.Single(n => n.GetProperty("description").GetString() == need.Description).GetProperty("id").GetGuid();
                var owner = DemoAccounts.OwnerOf(r.Account);
                var expansion = await client.WaitForAsync($"the expansion deal of '{need.Description}' (ExpansionIdentified → opportunities-api)",
                    ct => client.FindInListAsync(owner, $"/api/opportunities?accountId={client.Account(r.Account)}&type=expansion",
                        o => o.GetProperty("sourceNeedId").ValueKind == JsonValueKind.String && o.GetProperty("sourceNeedId").GetGuid() == needId, ct),
                    cancellationToken);
                client.Remember("opportunity:expansion:" + need.Key, expansion.GetProperty("id").GetGuid());
            }
        }

        // The owner scopes the flagship's expansion: a close date puts it into next quarter's pipeline.
        await client.PatchAsync(DemoUser.KeyAccountManager, $"/api/opportunities/{client.Id("opportunity:expansion:cmcc-zj-computing-ops")}",
            new { expectedCloseDate = d.QuarterEnd.AddDays(50) }, cancellationToken);

        // Alerts raised by events; the scan below adds what time alone decides (renewal_at_risk needs the band at_risk).
        string[] expected = ["icbc-sh:champion_departed", "icbc-sh:competitor_threat", "ctrip:competitor_threat", "icbc-sh:payment_overdue",
            "cmcc:payment_overdue", "cmcc-zj:payment_overdue", "icbc-sh:engagement_gap"];
        foreach (var alert in expected)
        {
            var (account, kind) = (alert.Split(':')[0], alert.Split(':')[1]);
            await client.WaitForAsync($"the {kind} alert on {account} in success-api",
                ct => client.FindInListAsync(DemoUser.Admin, $"/api/success/alerts?accountId={client.Account(account)}&kind={kind}", _ => true, ct),
                cancellationToken);
        }

        await client.PostAsync(DemoUser.Admin, $"/api/success/scan?asOf={d.Today:yyyy-MM-dd}", null, cancellationToken);
        await client.WaitForAsync("the renewal_at_risk alert on 工行上海分行 after the daily scan",
            ct => client.FindInListAsync(DemoUser.Admin, $"/api/success/alerts?accountId={client.Account("icbc-sh")}&kind=renewal_at_risk", _ => true, ct),
            cancellationToken);
    }
}
