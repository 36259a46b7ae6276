namespace KaPlatform.DemoData;

/// <summary>
/// Thirteen customers: two group customers with their provincial companies (and a city branch: 集团 → 省公司 →
/// 市分公司), banks and manufacturers, in three regions. The KAM 张静 and the rep 王磊 share two accounts and each
/// own others, so the two roles see different slices; the director and the CS manager see 华东.
/// Assessments put every class on the board (docs/product.md §1.2: potential ≥ 30M high, ≥ 10M medium; contribution ≥ 10M
/// high, ≥ 5M medium, one step down when it is under half the potential).
/// </summary>
internal static class DemoAccounts
{
    private static readonly DemoUser Kam = DemoUser.KeyAccountManager;
    private static readonly DemoUser Rep = DemoUser.SalesRep;

    private sealed record Account(
        string Key, string Name, string Region, DemoUser Owner, string? Parent, string Industry, string Category, string Purchase,
        string Lifecycle, params (DemoUser User, string Role)[] Team);

    private static readonly Account[] Accounts =
    [
        new("cmcc", "中国移动通信集团有限公司", "华北", Kam, null, "电信运营商", "group", "continuous", "stable", (DemoUser.Admin, "executive_sponsor")),
        new("cmcc-zj", "中国移动通信集团浙江有限公司", "华东", Kam, "cmcc", "电信运营商", "strategic", "continuous", "growth",
            (Rep, "sales"), (DemoUser.SalesDirector, "executive_sponsor")),
        new("cmcc-hz", "中国移动浙江公司杭州分公司", "华东", Kam, "cmcc-zj", "电信运营商", "economic", "continuous", "stable"),
        new("cmcc-js", "中国移动通信集团江苏有限公司", "华东", Rep, "cmcc", "电信运营商", "important", "continuous", "growth"),
        new("sgcc", "国家电网有限公司", "华北", Kam, null, "电力能源", "group", "continuous", "stable", (DemoUser.Admin, "executive_sponsor")),
        new("sgcc-zj", "国网浙江省电力有限公司", "华东", Kam, "sgcc", "电力能源", "strategic", "continuous", "stable",
            (DemoUser.SalesDirector, "executive_sponsor")),
        new("icbc-sh", "中国工商银行股份有限公司上海市分行", "华东", Kam, null, "银行金融", "important", "continuous", "decline", (Rep, "sales")),
        new("byd", "比亚迪股份有限公司", "华南", Kam, null, "汽车制造", "important", "occasional", "acquisition"),
        new("baosteel", "宝山钢铁股份有限公司", "华东", Kam, null, "钢铁冶金", "economic", "occasional", "acquisition"),
        new("huawei", "华为技术有限公司", "华南", Rep, null, "ICT设备制造", "important", "occasional", "stable"),
        new("siemens-cn", "Siemens Ltd., China", "华东", Rep, null, "Industrial Automation", "economic", "occasional", "growth"),
        new("bosch-cn", "Bosch (China) Investment Ltd.", "华东", Rep, null, "Automotive Components", "important", "occasional", "stable"),
        new("ctrip", "携程旅行网（上海携程商务有限公司）", "华东", Rep, null, "在线旅游", "economic", "occasional", "stable"),
    ];

    /// <summary>An assessment (docs/product.md §1.2); amounts in CNY. The comment is the class it gives.</summary>
    private sealed record Assessment(
        string Account, int YearsAgo, decimal Contribution, decimal Potential, decimal MarginPct, decimal GrowthPct, int PaymentDelayDays,
        string Credit, int StrategicFit, int Openness);

    private static readonly Assessment[] Assessments =
    [
        new("cmcc", 0, 32_000_000, 60_000_000, 24, 8, 35, "A", 5, 4),            // A: high / high
        new("cmcc-zj", 1, 12_500_000, 30_000_000, 26, 15, 40, "A", 5, 4),        // last year C: contribution under half the potential
        new("cmcc-zj", 0, 16_800_000, 32_000_000, 27, 34, 30, "A", 5, 5),        // A: high / high (16.8M is over half of 32M)
        new("cmcc-hz", 0, 1_200_000, 3_500_000, 18, 5, 45, "B", 2, 3),           // D: low / low
        new("cmcc-js", 0, 3_400_000, 31_000_000, 22, 12, 50, "A", 4, 3),         // C: high potential, low contribution
        new("sgcc", 0, 42_000_000, 80_000_000, 21, 6, 60, "A", 5, 3),            // A
        new("sgcc-zj", 0, 15_100_000, 25_000_000, 23, 4, 45, "A", 4, 4),         // B: medium potential, high contribution
        new("icbc-sh", 1, 18_000_000, 32_000_000, 28, 10, 30, "A", 4, 4),        // last year A
        new("icbc-sh", 0, 11_000_000, 18_000_000, 19, -22, 95, "B", 3, 2),       // B, lifecycle decline → win_back
        new("byd", 0, 800_000, 22_000_000, 25, 0, 30, "A", 4, 3),                // C, acquisition → acquire
        new("baosteel", 0, 2_600_000, 12_000_000, 17, 20, 60, "B", 3, 3),        // C
        new("huawei", 0, 10_500_000, 14_000_000, 20, 9, 20, "A", 4, 4),          // B
        new("siemens-cn", 0, 5_200_000, 15_000_000, 31, 18, 25, "A", 3, 4),      // C: 5.2M is medium, under half → low
        new("bosch-cn", 0, 10_200_000, 16_000_000, 22, 3, 30, "A", 3, 3),        // B
        new("ctrip", 0, 600_000, 6_000_000, 15, -5, 40, "B", 2, 2),              // D
    ];

    /// <summary>Registers the accounts (as the admin, naming owner and team) and waits until every service knows them.</summary>
    public static async Task RegisterAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var a in Accounts)
        {
            Guid? parentId = a.Parent is null ? null : client.Account(a.Parent);
            await client.CreateAsync(DemoUser.Admin, "/api/accounts", new
            {
                name = a.Name,
                region = a.Region,
                ownerId = a.Owner.Id,
                parentId,
                industry = a.Industry,
                category = a.Category,
                purchasePattern = a.Purchase,
                lifecycleStage = a.Lifecycle,
                team = a.Team.Select(m => new { userId = m.User.Id, role = m.Role }).ToArray(),
            }, "account:" + a.Key, cancellationToken);
        }

        // Opportunities, contracts and success each keep an account directory fed by AccountRegistered: leads,
        // deals and reviews are refused (or invisible) until it has arrived there.
        foreach (var a in Accounts)
        {
            var id = client.Account(a.Key);
            foreach (var area in new[] { "opportunities", "contracts", "success" })
            {
                await client.WaitForAsync($"{a.Name} in {area}-api's account directory",
                    ct => client.TryGetAsync(DemoUser.Admin, $"/api/{area}/accounts/{id}", ct), cancellationToken);
            }
        }
    }

    /// <summary>Each owner assesses their accounts (after the stakeholders, so the matrix quadrant sees the relationship).</summary>
    public static async Task AssessAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var a in Assessments)
        {
            var owner = Accounts.Single(x => x.Key == a.Account).Owner;
            await client.PostAsync(owner, $"/api/accounts/{client.Account(a.Account)}/assessments", new
            {
                fiscalYear = client.Dates.Year - a.YearsAgo,
                contribution = a.Contribution,
                potential = a.Potential,
                marginPct = a.MarginPct,
                purchaseGrowthPct = a.GrowthPct,
                avgPaymentDelayDays = a.PaymentDelayDays,
                creditRating = a.Credit,
                strategicFit = a.StrategicFit,
                openness = a.Openness,
            }, cancellationToken);
        }
    }

    public static DemoUser OwnerOf(string account) => Accounts.Single(a => a.Key == account).Owner;
}
