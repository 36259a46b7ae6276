using System.Text.Json;

namespace KaPlatform.DemoData;

/// <summary>
/// Targets, leads, opportunities and bids (docs/product.md §2). Every open stage holds deals, some deals are won (their
/// contracts follow in <see cref="DemoContracts"/>) and two are lost to a competitor (success-api raises
/// competitor_threat). Deals travel stage by stage through POST .../stage, so the stage history and the funnel are
/// real; where a gate would refuse (a buyer not met in 90 days), the table gives the override reason a KAM would.
/// Bids: one in preparation due in about ten days with documents still to do, one submitted, one won (which moves
/// its deal to signing and leaves a bid bond to recover).
/// </summary>
internal static class DemoPipeline
{
    private static readonly DemoUser Kam = DemoUser.KeyAccountManager;
    private static readonly DemoUser Rep = DemoUser.SalesRep;

    private static readonly string[] Stages =
        ["initiation", "solution_design", "deep_engagement", "product_confirmation", "commercial_negotiation", "signing"];

    // ---- targets ---------------------------------------------------------------------------------------------------

    /// <summary>Set by the director for his team (a year and the current quarter); one is adjusted, with its reason.</summary>
    private static readonly (DemoUser Seller, bool Quarter, decimal Amount)[] Targets =
    [
        (Kam, false, 45_000_000), (Kam, true, 14_000_000),
        (Rep, false, 12_000_000), (Rep, true, 4_000_000),
    ];

    // ---- leads ---------------------------------------------------------------------------------------------------

    private sealed record FollowUp(int DaysAgo, string Action, string? Result, string? NextStep);

    /// <summary>A lead; a deal naming it is opened by qualifying it (BANT from the deal), one is only half qualified.</summary>
    private sealed record Lead
    {
        public required string Key { get; init; }
        public required string Account { get; init; }
        public required DemoUser Owner { get; init; }
        public required string Title { get; init; }
        public required string Source { get; init; }
        public string Purchase { get; init; } = "occasional";
        public required decimal Value { get; init; }
        public FollowUp[] FollowUps { get; init; } = [];

        /// <summary>BANT: the stakeholder with authority and the need (both confirmed when given).</summary>
        public string? Authority { get; init; }
        public string? Need { get; init; }
        public string? Disqualified { get; init; }
    }

    private static readonly Lead[] Leads =
    [
        new()
        {
            Key = "cmcc-zj-5g-core", Account = "cmcc-zj", Owner = Kam, Title = "浙江移动5G核心网扩容项目", Source = "existing_customer",
            Purchase = "continuous", Value = 12_000_000, Authority = "gm", Need = "5G用户快速增长导致核心网容量不足，需扩容并完成云化改造",
            FollowUps =
            [
                new(112, "信息技术部需求调研", "确认扩容规模约200万用户，明年一季度前完成", "安排实验室测试"),
                new(84, "苏州实验室POC演示", "林海峰副总认可方案", "向陈总汇报，确认预算"),
            ],
        },
        new()
        {
            Key = "sgcc-zj-marketing", Account = "sgcc-zj", Owner = Kam, Title = "国网浙江营销系统升级", Source = "existing_customer",
            Purchase = "continuous", Value = 9_500_000, Authority = "dgm", Need = "营销2.0系统升级，支撑新型电力系统下的分时电价和综合能源服务",
            FollowUps = [new(108, "数字化工作部技术交流", "客户确认下季度挂网招标", "准备投标")],
        },
        new()
        {
            Key = "byd-mes", Account = "byd", Owner = Kam, Title = "比亚迪新工厂MES升级", Source = "exhibition", Value = 7_000_000,
            Authority = "vp", Need = "新工厂产能爬坡期间MES频繁停线，需要统一升级并支持多基地部署",
            FollowUps = [new(74, "展会后电话跟进吴涛总", "同意安排工厂参观", "参观第十四事业部产线")],
        },
        new()
        {
            Key = "huawei-scm", Account = "huawei", Owner = Rep, Title = "华为供应链协同平台", Source = "inbound", Value = 1_800_000,
            Authority = "procurement", Need = "整合供应商门户，实现订单、交付和质量数据协同",
            FollowUps = [new(50, "方案建议书交流", "客户要求补充安全设计", "提交安全设计说明")],
        },
        new()
        {
            Key = "sgcc-zj-distribution", Account = "sgcc-zj", Owner = Kam, Title = "国网浙江配网自动化数据中台", Source = "partner", Value = 5_000_000,
            Need = "配网自动化数据分散在各地市，需要统一的数据中台支撑故障研判",
            FollowUps =
            [
                new(30, "与合作伙伴联合拜访配网管理处", "需求明确，预算未列入今年计划", "跟进明年预算申报"),
                new(9, "论坛上与何建平主任交流", "何主任支持立项，决策人待定", "明确决策链和时间表"),
            ],
        },
        new()
        {
            Key = "baosteel-pdm", Account = "baosteel", Owner = Kam, Title = "宝钢冷轧厂设备预测性维护", Source = "inbound", Value = 2_200_000,
        },
        new()
        {
            Key = "cmcc-hz-screen", Account = "cmcc-hz", Owner = Kam, Title = "杭州分公司营业厅智慧屏", Source = "partner", Value = 450_000,
        },
        new()
        {
            Key = "ctrip-callcenter", Account = "ctrip", Owner = Rep, Title = "携程呼叫中心智能化改造", Source = "existing_customer", Value = 1_200_000,
            FollowUps = [new(20, "电话联系客服中心负责人", "对方愿意听方案，但要求先复盘知识库项目", "准备复盘材料并预约拜访")],
        },
        new()
        {
            Key = "siemens-iot", Account = "siemens-cn", Owner = Rep, Title = "Factory IoT gateway pilot", Source = "inbound", Value = 600_000,
            FollowUps = [new(60, "Call with plant IT Chengdu", "Siemens uses its own Industrial Edge gateways", null)],
            Disqualified = "Siemens standardises on its own Industrial Edge gateways; no budget for a third-party pilot.",
        },
    ];

    // ---- opportunities ----------------------------------------------------------------------------------------------

    private sealed record Competitor(string Name, string Threat, bool Incumbent, string Strengths, string Weaknesses);

    private sealed record Loss(string Reason, string Competitor);

    private sealed record Deal
    {
        public required string Key { get; init; }
        public required string Account { get; init; }
        public required DemoUser Owner { get; init; }
        public required string Name { get; init; }
        public string Type { get; init; } = "new_business";
        public required decimal Amount { get; init; }

        /// <summary>Expected close date while open; the actual close date once won or lost.</summary>
        public required Func<DemoCalendar, DateOnly> Close { get; init; }

        /// <summary>The furthest open stage the deal reaches (before being won or lost).</summary>
        public required string Stage { get; init; }
        public string? Lead { get; init; }
        public bool Won { get; init; }
        public Loss? Lost { get; init; }

        /// <summary>The reason given when a stage gate refuses (kept in the stage history and the audit trail).</summary>
        public string? Override { get; init; }
        public Competitor[] Competitors { get; init; } = [];

        /// <summary>The information points known so far (of nine), with what is known.</summary>
        public (string Key, string Notes)[] Known { get; init; } = [];

        /// <summary>The rep joins the KAM's deal as its technical lead (铁三角).</summary>
        public bool WithRep { get; init; }
        public (int Percent, string Reason)? Probability { get; init; }
    }

    private static readonly Competitor Huawei = new("华为", "high", true, "核心网在网厂商，技术口碑强", "价格高，定制响应慢");
    private static readonly Competitor Zte = new("中兴通讯", "medium", false, "价格激进", "本地交付团队小");
    private static readonly Competitor Nari = new("南瑞集团", "high", true, "国网系统内单位，电力行业经验深", "产品迭代慢");
    private static readonly Competitor Inspur = new("浪潮", "high", false, "总行入围，信创适配完整", "分行本地服务能力一般");

    private static readonly Deal[] Deals =
    [
        // ---- 张静 (KAM), open ----
        new()
        {
            Key = "cmcc-zj-5g-core", Account = "cmcc-zj", Owner = Kam, Name = "浙江移动5G核心网扩容项目", Amount = 12_800_000,
            Close = d => d.LaterThisQuarter(0.6), Stage = "commercial_negotiation", Lead = "cmcc-zj-5g-core", WithRep = true,
            Competitors = [Huawei, Zte],
            Known =
            [
                ("advance_steps", "本季度公开招标，技术规范书由网络部起草"), ("buying_process", "省公司集中采购，综合评分法"),
                ("org_support", "林海峰副总、孙悦总支持；财务部吴总对一次性投入有顾虑"), ("decision_structure", "总经理办公会决策，陈国栋总拍板"),
                ("funding_credit", "1280万元已纳入年度投资计划"), ("project_reason", "5G用户增长，核心网容量不足"),
                ("competition", "华为在网，中兴报价激进"),
            ],
            Probability = (80, "陈国栋总经理已确认预算和招标时间，POC通过"),
        },
        new()
        {
            Key = "cmcc-zj-cloudops", Account = "cmcc-zj", Owner = Kam, Name = "浙江移动云网融合运维平台", Amount = 4_600_000,
            Close = d => d.LaterThisYear(0.85), Stage = "product_confirmation", WithRep = true,
            Competitors = [new("亚信科技", "medium", false, "运营商BSS经验", "网络运维经验少"), Huawei with { Threat = "low", Incumbent = false }],
            Known = [("buying_process", "公开招标"), ("project_reason", "运维自动化率考核"), ("competition", "亚信、华为")],
        },
        new()
        {
            Key = "sgcc-zj-marketing", Account = "sgcc-zj", Owner = Kam, Name = "国网浙江营销系统升级", Amount = 8_900_000,
            Close = d => d.LaterThisQuarter(0.3), Stage = "signing", Lead = "sgcc-zj-marketing",
            Competitors = [Nari, new("朗新科技", "medium", false, "营销系统产品成熟", "浙江本地团队少")],
            Known =
            [
                ("advance_steps", "已中标，合同法务审核中"), ("buying_process", "国网电子商务平台公开招标"), ("org_support", "许卫东副总、何建平主任支持"),
                ("decision_structure", "总经理办公会"), ("funding_credit", "年度综合计划已下达"), ("project_reason", "营销2.0升级"),
                ("resources", "我方交付团队30人已锁定"), ("competition", "南瑞、朗新"), ("key_success_factors", "分批上线不影响营业厅服务"),
            ],
        },
        new()
        {
            Key = "sgcc-zj-inspection", Account = "sgcc-zj", Owner = Kam, Name = "国网浙江变电站智能巡检试点", Amount = 3_200_000,
            Close = d => d.LaterThisYear(0.8), Stage = "deep_engagement",
            Known = [("project_reason", "无人值守变电站巡检"), ("buying_process", "物资分公司公开招标")],
        },
        new()
        {
            Key = "byd-mes", Account = "byd", Owner = Kam, Name = "比亚迪新工厂MES升级", Amount = 6_500_000,
            Close = d => d.InDays(150), Stage = "solution_design", Lead = "byd-mes",
            Known = [("project_reason", "产能爬坡期间停线"), ("decision_structure", "何志明副总裁拍板，采购处比价")],
        },
        new()
        {
            Key = "baosteel-warehouse", Account = "baosteel", Owner = Kam, Name = "宝钢智慧仓储二期", Amount = 2_800_000,
            Close = d => d.InDays(240), Stage = "initiation",
        },
        new()
        {
            Key = "cmcc-computing", Account = "cmcc", Owner = Kam, Name = "中国移动集团算力网络调度平台", Amount = 18_000_000,
            Close = d => d.InDays(210), Stage = "solution_design",
            Known = [("project_reason", "算力网络全国一体化调度"), ("advance_steps", "明年上半年立项")],
        },

        // ---- 张静, closed ----
        new()
        {
            Key = "icbc-sh-dr", Account = "icbc-sh", Owner = Kam, Name = "工行上海分行数据中心灾备项目", Amount = 5_200_000,
            Close = d => d.DaysAgo(40), Stage = "product_confirmation", Competitors = [Inspur, Huawei with { Threat = "medium", Incumbent = false }],
            Lost = new("总行入围名单限制，信创适配认证未完成；报价高于浪潮约12%", "浪潮"),
        },
        new()
        {
            Key = "cmcc-zj-itss2", Account = "cmcc-zj", Owner = Kam, Name = "浙江移动IT支撑系统二期", Amount = 9_600_000,
            Close = d => DemoCalendar.TermStart(d.InDays(30)).AddDays(-12), Stage = "signing", Won = true, WithRep = true, Competitors = [Huawei],
        },
        new()
        {
            Key = "cmcc-zj-secops", Account = "cmcc-zj", Owner = Kam, Name = "浙江移动网络安全态势感知平台", Amount = 7_200_000,
            Close = d => d.DaysAgo(100), Stage = "signing", Won = true, Competitors = [new("奇安信", "high", false, "安全品牌强", "与网络侧集成弱")],
        },
        new()
        {
            Key = "sgcc-zj-dispatch", Account = "sgcc-zj", Owner = Kam, Name = "国网浙江调度数据网改造", Amount = 6_200_000,
            Close = d => d.LastYear(3, 10), Stage = "signing", Won = true, Competitors = [Nari],
        },
        new()
        {
            Key = "sgcc-zj-metering", Account = "sgcc-zj", Owner = Kam, Name = "国网浙江用电信息采集系统运维", Amount = 3_600_000,
            Close = d => d.DaysAgo(160), Stage = "signing", Won = true, Competitors = [Nari],
        },
        new()
        {
            Key = "cmcc-iam", Account = "cmcc", Owner = Kam, Name = "中国移动集团统一身份认证平台", Amount = 15_800_000,
            Close = d => d.DaysAgo(90), Stage = "signing", Won = true, Competitors = [new("竹云科技", "medium", false, "IAM产品专业", "大规模集团部署经验少")],
        },
        new()
        {
            Key = "cmcc-netres", Account = "cmcc", Owner = Kam, Name = "中国移动集团网络资源管理系统", Amount = 8_000_000,
            Close = d => d.LastYear(5, 20), Stage = "signing", Won = true, Competitors = [new("亿阳信通", "medium", true, "在网厂商", "架构老旧")],
        },
        new()
        {
            Key = "icbc-sh-terminal", Account = "icbc-sh", Owner = Kam, Name = "工行上海分行网点智能终端运维", Amount = 2_400_000,
            Close = d => DemoCalendar.TermStart(d.InDays(75)).AddDays(-10), Stage = "signing", Won = true, Competitors = [Inspur],
            Override = "历史项目补录：去年签约时已与唐建华行长确认预算",
        },
        new()
        {
            Key = "baosteel-inspection", Account = "baosteel", Owner = Kam, Name = "宝钢设备点检系统", Amount = 1_850_000,
            Close = d => d.EarlierThisQuarter(0.5), Stage = "solution_design", Won = true,
        },

        // ---- 王磊 (rep), open ----
        new()
        {
            Key = "cmcc-js-home", Account = "cmcc-js", Owner = Rep, Name = "江苏移动智慧家庭平台", Amount = 3_900_000,
            Close = d => d.QuarterEnd.AddDays(60), Stage = "deep_engagement",
            Known = [("project_reason", "家庭宽带用户增长15%"), ("buying_process", "拟单一来源谈判")],
        },
        new()
        {
            Key = "siemens-mes", Account = "siemens-cn", Owner = Rep, Name = "Siemens MES data platform – China plants", Amount = 2_100_000,
            Close = d => d.LaterThisQuarter(0.7), Stage = "commercial_negotiation",
            Competitors = [new("Accenture", "medium", false, "Global Siemens relationship", "Expensive, slow local staffing")],
            Known = [("funding_credit", "Budget approved by the global board"), ("competition", "Accenture"), ("buying_process", "Global frame agreement rates")],
            Override = "Thomas Becker confirmed the budget on the global call; an on-site meeting is planned next month",
        },
        new()
        {
            Key = "huawei-scm", Account = "huawei", Owner = Rep, Name = "华为供应链协同平台", Amount = 1_800_000,
            Close = d => d.InDays(120), Stage = "solution_design", Lead = "huawei-scm",
        },
        new()
        {
            Key = "cmcc-zj-kiosk", Account = "cmcc-zj", Owner = Rep, Name = "浙江移动营业厅智能终端", Amount = 1_600_000,
            Close = d => d.LaterThisQuarter(0.4), Stage = "signing", Competitors = [new("新大陆", "low", false, "终端价格低", "软件平台弱")],
        },
        new()
        {
            Key = "bosch-wuxi-energy", Account = "bosch-cn", Owner = Rep, Name = "Bosch Wuxi plant energy management", Amount = 2_300_000,
            Close = d => d.InDays(200), Stage = "initiation",
        },

        // ---- 王磊, closed ----
        new()
        {
            Key = "ctrip-kb", Account = "ctrip", Owner = Rep, Name = "携程客服知识库", Amount = 950_000,
            Close = d => d.DaysAgo(35), Stage = "solution_design", Lost = new("客户选择与现有云平台集成的方案", "阿里云"),
        },
        new()
        {
            Key = "cmcc-js-ops", Account = "cmcc-js", Owner = Rep, Name = "江苏移动政企专线运维外包", Amount = 2_600_000,
            Close = d => DemoCalendar.TermStart(d.InDays(100)).AddDays(-10), Stage = "signing", Won = true,
            Known = [("competition", "原厂维保到期后单一来源谈判，无竞争对手"), ("buying_process", "单一来源采购")],
        },
        new()
        {
            Key = "cmcc-js-idc", Account = "cmcc-js", Owner = Rep, Name = "江苏移动IDC机房巡检", Amount = 800_000,
            Close = d => d.LastYear(9, 15), Stage = "signing", Won = true, Known = [("competition", "框架协议内直接委托，无竞争")],
        },
        new()
        {
            Key = "bosch-analytics", Account = "bosch-cn", Owner = Rep, Name = "Bosch Suzhou plant analytics", Amount = 1_500_000,
            Close = d => d.DaysAgo(150), Stage = "signing", Won = true,
            Competitors = [new("Siemens Advanta", "medium", false, "Strong in OT", "Expensive; slow to staff in Suzhou")],
        },
        new()
        {
            Key = "huawei-procurement", Account = "huawei", Owner = Rep, Name = "华为数字化采购咨询", Amount = 1_200_000,
            Close = d => d.DaysAgo(60), Stage = "signing", Won = true, Known = [("competition", "华为内部比选后直接委托")],
        },
        new()
        {
            Key = "siemens-plm", Account = "siemens-cn", Owner = Rep, Name = "Siemens Shanghai PLM integration", Amount = 1_900_000,
            Close = d => d.LastYear(6, 5), Stage = "signing", Won = true, Competitors = [new("Dassault partner", "low", false, "CAD know-how", "No Siemens PLM practice")],
            Override = "Backfilled from last year's CRM: the CIO approved the budget at the time",
        },
    ];

    // ---- bids --------------------------------------------------------------------------------------------------------

    private sealed record Bid
    {
        public required string Deal { get; init; }

        /// <summary>The stage at which the tender comes out.</summary>
        public required string At { get; init; }
        public required string TenderRef { get; init; }
        public required string Issuer { get; init; }
        public required Func<DemoCalendar, DateOnly> Deadline { get; init; }
        public required decimal Bond { get; init; }
        public required Func<DemoCalendar, DateOnly> BondDue { get; init; }
        public required decimal Price { get; init; }
        public required (string Name, DemoUser Owner, bool Done)[] Documents { get; init; }
        public (string Question, string Answer, int DaysAgo)[] Clarifications { get; init; } = [];

        /// <summary>preparing, submitted or won.</summary>
        public required string Status { get; init; }
    }

    private static readonly Bid[] Bids =
    [
        new()
        {
            Deal = "cmcc-zj-cloudops", At = "product_confirmation", TenderRef = "ZJYD-{0}-CG-0418", Issuer = "中国移动通信集团浙江有限公司采购与物流部",
            Deadline = d => d.InDays(10), Bond = 80_000, BondDue = d => d.InDays(8), Price = 4_580_000, Status = "preparing",
            Documents =
            [
                ("商务应答文件", Rep, true), ("资质证明文件", Rep, true), ("技术方案", Kam, false), ("报价清单", Kam, false), ("实施计划与团队", Rep, false),
            ],
            Clarifications = [("运维平台是否需要对接现网工单系统？", "需要，接口规范见招标文件附件3。", 5)],
        },
        new()
        {
            Deal = "sgcc-zj-inspection", At = "deep_engagement", TenderRef = "ZJDL-{0}-XJ-027", Issuer = "国网浙江省电力有限公司物资分公司",
            Deadline = d => d.InDays(2), Bond = 60_000, BondDue = d => d.InDays(30), Price = 3_150_000, Status = "submitted",
            Documents = [("商务文件", Kam, true), ("技术文件", Kam, true), ("报价文件", Kam, true)],
        },
        new()
        {
            Deal = "sgcc-zj-marketing", At = "commercial_negotiation", TenderRef = "ZJDL-{0}-YX-011", Issuer = "国网浙江省电力有限公司物资分公司",
            Deadline = d => d.DaysAgo(45), Bond = 150_000, BondDue = d => d.InDays(12), Price = 8_900_000, Status = "won",
            Documents = [("商务文件", Kam, true), ("技术文件", Kam, true), ("报价文件", Kam, true), ("数据中台专章", Kam, true)],
            Clarifications =
            [
                ("是否支持分地市分批上线？", "支持，按三批上线，保留回退方案。", 60),
                ("数据迁移期间是否停业？", "采用双轨运行，营业厅不停业。", 55),
            ],
        },
    ];

    public static async Task CreateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        await SetTargetsAsync(client, cancellationToken);
        foreach (var lead in Leads)
        {
            await RegisterLeadAsync(client, lead, cancellationToken);
        }

        foreach (var deal in Deals)
        {
            await WorkDealAsync(client, deal, cancellationToken);
        }
    }

    private static async Task SetTargetsAsync(SeedClient client, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        foreach (var (seller, quarter, amount) in Targets)
        {
            var period = quarter ? d.QuarterPeriod : d.YearPeriod;
            await client.CreateAsync(DemoUser.SalesDirector, "/api/targets",
                new { ownerId = seller.Id, period, amount, currency = "CNY", reason = "年度经营计划分解" },
                $"target:{seller.Role}:{period}", cancellationToken);
        }

        // Targets change in the open (docs/product.md §2.4): the rep's quarter is lowered, and the history says why.
        await client.PatchAsync(DemoUser.SalesDirector, $"/api/targets/{client.Id($"target:{Rep.Role}:{d.QuarterPeriod}")}",
            new { amount = 3_500_000m, reason = "江苏移动智慧家庭项目推迟到下季度，按区域会议决定下调" }, cancellationToken);
    }

    private static async Task RegisterLeadAsync(SeedClient client, Lead lead, CancellationToken cancellationToken)
    {
        var id = await client.CreateAsync(lead.Owner, "/api/leads", new
        {
            accountId = client.Account(lead.Account),
            title = lead.Title,
            source = lead.Source,
            purchaseType = lead.Purchase,
            estimatedValue = lead.Value,
            currency = "CNY",
            ownerId = lead.Owner.Id,
        }, "lead:" + lead.Key, cancellationToken);

        foreach (var f in lead.FollowUps)
        {
            await client.PostAsync(lead.Owner, $"/api/leads/{id}/follow-ups",
                new { date = client.Dates.DaysAgo(f.DaysAgo), action = f.Action, result = f.Result, nextStep = f.NextStep }, cancellationToken);
        }

        if (lead.Disqualified is { } reason)
        {
            await client.PostAsync(lead.Owner, $"/api/leads/{id}/disqualify", new { reason }, cancellationToken);
        }
        else if (lead.Need is not null && !Deals.Any(deal => deal.Lead == lead.Key))
        {
            // Half qualified: the need is confirmed, budget, authority and timeline are not (422 bant_incomplete; the answers are kept).
            await client.ExpectRefusalAsync(lead.Owner, $"/api/leads/{id}/qualify", new
            {
                budget = new { confirmed = false, notes = "预算需列入明年综合计划" },
                authority = new { confirmed = false, notes = "决策人待定：许卫东副总或何建平主任" },
                need = new { confirmed = true, description = lead.Need },
                timeline = new { confirmed = false },
            }, System.Net.HttpStatusCode.UnprocessableEntity, cancellationToken);
        }
    }

    private static async Task WorkDealAsync(SeedClient client, Deal deal, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        var owner = deal.Owner;
        Guid id;
        if (deal.Lead is { } leadKey)
        {
            var lead = Leads.Single(l => l.Key == leadKey);
            var qualified = await client.PostAsync(owner, $"/api/leads/{client.Id("lead:" + leadKey)}/qualify", new
            {
                budget = new { confirmed = true, amount = deal.Amount, notes = "客户确认预算" },
                authority = new { confirmed = true, stakeholderId = client.Stakeholder(deal.Account, lead.Authority!), notes = "经济决策人已表态支持" },
                need = new { confirmed = true, description = lead.Need },
                timeline = new { confirmed = true, decisionDate = deal.Close(d) },
            }, cancellationToken);
            id = client.Remember("opportunity:" + deal.Key, qualified.GetProperty("opportunityId").GetGuid());
        }
        else
        {
            id = await client.CreateAsync(owner, "/api/opportunities", new
            {
                accountId = client.Account(deal.Account),
                name = deal.Name,
                type = deal.Type,
                amount = deal.Amount,
                currency = "CNY",
                expectedCloseDate = deal.Close(d),
                ownerId = owner.Id,
            }, "opportunity:" + deal.Key, cancellationToken);
        }

        var path = $"/api/opportunities/{id}";
        var current = await client.PatchAsync(owner, path, new
        {
            team = deal.WithRep
                ? new object[] { new { userId = owner.Id, role = "business" }, new { userId = Rep.Id, role = "technical" } }
                : [new { userId = owner.Id, role = "business" }],
            competitors = deal.Competitors.Select(c => new { name = c.Name, strengths = c.Strengths, weaknesses = c.Weaknesses, threat = c.Threat, incumbent = c.Incumbent }),
            infoPoints = deal.Known.Select(k => new { key = k.Key, known = true, notes = k.Notes }),
        }, cancellationToken);

        var bid = Bids.SingleOrDefault(b => b.Deal == deal.Key);
        foreach (var stage in Stages.Skip(1).Take(Array.IndexOf(Stages, deal.Stage)))
        {
            if (Rank(current) >= Array.IndexOf(Stages, stage))
            {
                continue; // a won bid already moved the deal to signing
            }

            current = await MoveAsync(client, deal, id, current, stage, cancellationToken);
            if (bid is not null && bid.At == stage)
            {
                await TenderAsync(client, deal, id, bid, cancellationToken);
                current = await client.GetAsync(owner, path, cancellationToken);
            }
        }

        if (deal.Won)
        {
            await client.PostAsync(owner, $"{path}/win", new { closeDate = deal.Close(d), amount = deal.Amount }, cancellationToken);
        }
        else if (deal.Lost is { } loss)
        {
            await client.PostAsync(owner, $"{path}/lose", new { reason = loss.Reason, competitor = loss.Competitor, closeDate = deal.Close(d) }, cancellationToken);
        }
        else if (deal.Probability is { } probability)
        {
            await client.PatchAsync(owner, path, new { probability = probability.Percent, probabilityReason = probability.Reason }, cancellationToken);
        }
    }

    /// <summary>
    /// One stage forward. The gates read opportunities-api's own copy of the decision chain and visit log (events from
    /// accounts-api): a gate the story expects open is waited for; one it expects closed is overridden with the table's reason.
    /// </summary>
    private static async Task<JsonElement> MoveAsync(SeedClient client, Deal deal, Guid id, JsonElement current, string to, CancellationToken cancellationToken)
    {
        var path = $"/api/opportunities/{id}";
        var failing = Failing(current, to);
        if (failing.Length > 0 && deal.Override is null)
        {
            current = await client.WaitForAsync(
                $"the {to} gate of '{deal.Name}' to pass ({string.Join(", ", failing)}): either opportunities-api has not seen the decision chain or the visits, or the deal table lacks what the gate needs",
                async ct => await client.GetAsync(deal.Owner, path, ct) is var o && Failing(o, to).Length == 0 ? o : null, cancellationToken);
            failing = [];
        }

        return await client.PostAsync(deal.Owner, $"{path}/stage",
            new { stage = to, @override = failing.Length > 0 ? new { reason = deal.Override } : null }, cancellationToken);
    }

    /// <summary>The gate rules between the deal's stage and <paramref name="to"/> that do not pass (from its readiness).</summary>
    private static string[] Failing(JsonElement opportunity, string to) =>
        opportunity.GetProperty("readiness").EnumerateArray()
            .Where(r => Array.IndexOf(Stages, r.GetProperty("stage").GetString()) is var rank && rank > Rank(opportunity) && rank <= Array.IndexOf(Stages, to))
            .Where(r => !r.GetProperty("passed").GetBoolean())
            .Select(r => r.GetProperty("rule").GetString()!)
            .ToArray();

    private static int Rank(JsonElement opportunity) => Array.IndexOf(Stages, opportunity.GetProperty("stage").GetString());

    private static async Task TenderAsync(SeedClient client, Deal deal, Guid opportunityId, Bid bid, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        var id = await client.CreateAsync(deal.Owner, $"/api/opportunities/{opportunityId}/bids", new
        {
            tenderRef = string.Format(System.Globalization.CultureInfo.InvariantCulture, bid.TenderRef, d.Year),
            issuer = bid.Issuer,
            submissionDeadline = DemoCalendar.At(bid.Deadline(d), 9, 30),
            bidBond = new { amount = bid.Bond, dueDate = bid.BondDue(d), returned = false },
            price = bid.Price,
            currency = "CNY",
            team = new[] { new { userId = deal.Owner.Id, role = "商务负责人" }, new { userId = Rep.Id, role = "技术负责人" } },
            documents = bid.Documents.Select(doc => new { name = doc.Name, ownerId = doc.Owner.Id, status = doc.Done ? "done" : "todo" }),
            clarifications = bid.Clarifications.Select(c => new { question = c.Question, answer = c.Answer, askedAt = DemoCalendar.At(d.DaysAgo(c.DaysAgo), 11) }),
        }, "bid:" + deal.Key, cancellationToken);

        if (bid.Status == "preparing")
        {
            await client.PostAsync(deal.Owner, $"/api/bids/{id}/decision", new { decision = "bid", reason = "技术评分有优势，客户关系支持" }, cancellationToken);
            return;
        }

        await client.PostAsync(deal.Owner, $"/api/bids/{id}/submit", null, cancellationToken);
        if (bid.Status == "won")
        {
            await client.PostAsync(deal.Owner, $"/api/bids/{id}/outcome", new { outcome = "won", reason = "综合评分第一，技术分领先" }, cancellationToken);
        }
    }

    public static DateOnly CloseDate(string deal, DemoCalendar dates) => Deals.Single(x => x.Key == deal).Close(dates);
}
