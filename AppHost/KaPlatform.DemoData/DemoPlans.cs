namespace KaPlatform.DemoData;

/// <summary>
/// Account plans (账户规划, docs/product.md §1.6). 浙江移动 has last year's plan (approved, four quarterly reviews) and this
/// year's (approved by the director, reviewed for every quarter already past); its progress fills from the won
/// deals, signed contracts and payments of the other steps. 国网浙江's plan for this year is still a draft.
/// </summary>
internal static class DemoPlans
{
    private static readonly DemoUser Kam = DemoUser.KeyAccountManager;

    private static readonly string[] QuarterNotes =
    [
        "一季度：完成年度高层拜访，IT支撑系统二期进入验收；核心网扩容需求已确认，客户预算在年中调整时申报。",
        "二季度：网络安全态势感知平台签约；与财务部就分期付款方案达成初步共识；核心网室对新架构仍有顾虑。",
        "三季度：实验室POC通过，林海峰副总认可方案；网络安全态势感知平台交付款逾期，已启动催收并升级到财务部。",
        "四季度：核心网扩容进入商务谈判，云网融合运维平台投标准备中；二期合同到期续约需提前启动。",
    ];

    private static readonly string[] QuarterAdjustments =
    [
        "核心网扩容预计签约时间由二季度调整到四季度。",
        "回款目标下调200万元，原因是客户付款审批流程调整。",
        "增加云网融合运维平台为重点商机；安排周文斌参加用户大会。",
        "续约商机纳入明年计划，提前三个月启动。",
    ];

    private static readonly string[] LastYearNotes =
    [
        "一季度：IT支撑系统二期需求评审通过，进入招标准备。",
        "二季度：网络安全态势感知需求调研完成，客户计划明年立项。",
        "三季度：IT支撑系统二期技术交流，周文斌成为我方教练。",
        "四季度：IT支撑系统二期中标并签约，全年合同额达成率64%。",
    ];

    public static async Task CreateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        var cmcc = client.Account("cmcc-zj");
        string S(string key) => client.Stakeholder("cmcc-zj", key).ToString();

        // Last year's plan: approved, all four quarters reviewed.
        await client.CreateAsync(Kam, $"/api/accounts/{cmcc}/plans", new
        {
            fiscalYear = d.Year - 1,
            currency = "CNY",
            industryAnalysis = "运营商IT投资向云网融合和安全集中，浙江移动是集团数字化改革试点省。",
            customerGoals = new[] { new { horizon = "short", text = "IT支撑系统二期上线" }, new { horizon = "long", text = "建成云网融合的运营体系" } },
            priorities = new[] { "IT支撑系统二期", "网络安全态势感知" },
            drivers = new[] { new { factor = "移动用户数（万户）", volume = 6800m } },
            relationshipGoals = new[] { new { stakeholderId = S("it"), targetCloseness = 70m } },
            targets = new { opportunitiesIncubated = 4, opportunitiesCaptured = 2, contractAmount = 15_000_000m, collectionAmount = 12_000_000m },
            actions = new[] { new { title = "IT支撑系统二期验收", ownerId = Kam.Id, dueDate = d.LastYear(11, 30), status = "done" } },
        }, "plan:cmcc-zj:last-year", cancellationToken);
        await client.PostAsync(DemoUser.SalesDirector, $"/api/accounts/{cmcc}/plans/{d.Year - 1}/approve", null, cancellationToken);
        for (var q = 1; q <= 4; q++)
        {
            await ReviewAsync(client, cmcc, d.Year - 1, q, LastYearNotes[q - 1], null, cancellationToken);
        }

        // This year's plan.
        await client.CreateAsync(Kam, $"/api/accounts/{cmcc}/plans", new
        {
            fiscalYear = d.Year,
            currency = "CNY",
            industryAnalysis = """
                行业：三大运营商资本开支总体下降，但算力网络、云网融合和网络安全投资逆势增长；集团要求省公司IT集约化并提升自动化运维水平。
                客户：浙江移动是集团数字化改革试点省，5G用户渗透率全国前三，核心网云化改造和云网融合运维是今明两年的重点项目。
                竞争：华为在核心网是在网厂商，技术口碑强；中兴价格激进；我方优势在IT与网络的端到端集成和本地交付团队。
                """,
            customerGoals = new[]
            {
                new { horizon = "short", text = "年内完成5G核心网扩容招标并启动割接" },
                new { horizon = "short", text = "网络安全态势感知平台通过等保三级测评" },
                new { horizon = "long", text = "三年内建成云网融合、自动化率80%以上的运维体系" },
                new { horizon = "long", text = "在集团数字化考核中保持前三" },
            },
            priorities = new[] { "5G核心网扩容（1280万）", "云网融合运维平台投标", "IT支撑系统二期续约", "网络安全态势感知平台回款" },
            drivers = new[]
            {
                new { factor = "5G用户数（万户）", volume = 4200m },
                new { factor = "政企专线条数", volume = 86_000m },
                new { factor = "年度IT投资（万元）", volume = 52_000m },
            },
            relationshipGoals = new[]
            {
                new { stakeholderId = S("gm"), targetCloseness = 60m },
                new { stakeholderId = S("cfo"), targetCloseness = 55m },
                new { stakeholderId = S("net"), targetCloseness = 65m },
                new { stakeholderId = S("core"), targetCloseness = 50m },
            },
            targets = new { opportunitiesIncubated = 6, opportunitiesCaptured = 3, contractAmount = 30_000_000m, collectionAmount = 20_000_000m },
            actions = new object[]
            {
                new { title = "陈国栋总经理年度高层拜访", ownerId = DemoUser.SalesDirector.Id, dueDate = d.DaysAgo(20), status = "done" },
                new { title = "核心网扩容实验室POC", ownerId = Kam.Id, dueDate = d.DaysAgo(60), status = "done" },
                new { title = "财务部分期付款方案沟通", ownerId = Kam.Id, dueDate = d.InDays(10), status = "in_progress" },
                new { title = "云网融合运维平台投标文件", ownerId = DemoUser.SalesRep.Id, dueDate = d.InDays(9), status = "in_progress" },
                new { title = "网络安全态势感知交付款催收", ownerId = Kam.Id, dueDate = d.InDays(7), status = "in_progress" },
                new { title = "IT支撑系统二期续约方案", ownerId = Kam.Id, dueDate = d.InDays(25), status = "todo" },
                new { title = "邀请钱晓东主任参加用户大会", ownerId = DemoUser.SalesRep.Id, dueDate = d.InDays(40), status = "todo" },
            },
        }, "plan:cmcc-zj", cancellationToken);
        await client.PostAsync(DemoUser.SalesDirector, $"/api/accounts/{cmcc}/plans/{d.Year}/approve", null, cancellationToken);
        for (var q = 1; q < d.Quarter; q++)
        {
            await ReviewAsync(client, cmcc, d.Year, q, QuarterNotes[q - 1], QuarterAdjustments[q - 1], cancellationToken);
        }

        // 国网浙江: drafted, not yet approved.
        var sgcc = client.Account("sgcc-zj");
        await client.CreateAsync(Kam, $"/api/accounts/{sgcc}/plans", new
        {
            fiscalYear = d.Year,
            currency = "CNY",
            industryAnalysis = "新型电力系统建设带动配网自动化、数据中台和智能巡检投资；国网总部统一招标比例提高，省公司自主采购集中在运维与应用层。",
            customerGoals = new[]
            {
                new { horizon = "short", text = "营销系统升级年内完成首批地市上线" },
                new { horizon = "long", text = "建成覆盖全省的电力数据中台" },
            },
            priorities = new[] { "营销系统升级签约", "变电站智能巡检试点", "配网自动化数据中台线索培育" },
            drivers = new[] { new { factor = "用电客户数（万户）", volume = 3100m } },
            relationshipGoals = new[] { new { stakeholderId = client.Stakeholder("sgcc-zj", "marketing"), targetCloseness = 55m } },
            targets = new { opportunitiesIncubated = 4, opportunitiesCaptured = 2, contractAmount = 12_000_000m, collectionAmount = 9_000_000m },
            actions = new[]
            {
                new { title = "营销系统升级合同签署", ownerId = Kam.Id, dueDate = d.LaterThisQuarter(0.5), status = "in_progress" },
                new { title = "智能巡检试点建议书", ownerId = Kam.Id, dueDate = d.InDays(14), status = "todo" },
            },
        }, "plan:sgcc-zj", cancellationToken);
    }

    private static Task ReviewAsync(
        SeedClient client, Guid account, int fiscalYear, int quarter, string notes, string? adjustments, CancellationToken cancellationToken) =>
        client.PostAsync(Kam, $"/api/accounts/{account}/plans/{fiscalYear}/reviews", new { quarter, notes, adjustments }, cancellationToken);
}
