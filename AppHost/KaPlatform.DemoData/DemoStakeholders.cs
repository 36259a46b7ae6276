namespace KaPlatform.DemoData;

/// <summary>
/// Decision chains (决策链, docs/product.md §1.3) of the accounts being worked: reporting lines several levels deep, the buying
/// roles a KAM maps (economic buyer, decision maker, coach...), stances from ally to opponent, and closeness as
/// relationship / solution / price acceptance. Each table is listed top-down: a manager comes before their reports.
/// 浙江移动 is the flagship (strong support, a coach, the economic buyer met recently); 工行上海分行 is the account
/// slipping away (its coach is about to leave, an influential opponent, no recent contact with the buyer).
/// </summary>
internal static class DemoStakeholders
{
    private sealed record Person(
        string Key, string Name, string Title, string Department, string? ReportsTo, string[] Roles, int Influence, string Stance,
        int Relationship, int Solution, int Price, string? Style = null, string? Preferences = null, string? Interests = null);

    /// <summary>The four social styles read from a demo person's description: the first matching word decides.</summary>
    private static readonly (string Word, string Style)[] StyleWords =
    [
        ("结果导向", "driver"), ("推动型", "driver"), ("强势", "driver"), ("节奏快", "driver"), ("直接", "driver"), ("时间极少", "driver"),
        ("压价", "driver"), ("务实", "driver"), ("Pragmatic", "driver"),
        ("数据", "analytical"), ("Data-driven", "analytical"), ("Numbers", "analytical"), ("Process", "analytical"), ("谨慎", "analytical"),
        ("技术", "analytical"), ("架构", "analytical"), ("流程", "analytical"), ("细", "analytical"), ("严", "analytical"),
        ("分享", "expressive"), ("Shares", "expressive"), ("开放", "expressive"), ("热情", "expressive"), ("市场", "expressive"),
        ("宏观", "expressive"), ("政治", "expressive"), ("Sustainability", "expressive"),
        ("稳", "amiable"), ("习惯", "amiable"), ("担心", "amiable"), ("信任", "amiable"), ("关注", "amiable"), ("重视", "amiable"),
        ("现场", "amiable"), ("合作", "amiable"),
    ];

    private static string? StyleOf(string? description) =>
        description is null ? null : StyleWords.FirstOrDefault(w => description.Contains(w.Word, StringComparison.Ordinal)).Style;

    private static readonly (string Account, Person[] People)[] Chains =
    [
        ("cmcc-zj",
        [
            new("gm", "陈国栋", "总经理", "总经理办公室", null, ["economic_buyer"], 5, "supporter", 62, 70, 55,
                "结果导向，决策快，重视集团考核排名", "一页纸汇报，先讲结论和投入产出", "5G业务收入增长与集团KPI排名"),
            new("vp-tech", "林海峰", "副总经理（分管网络与IT）", "公司领导", "gm", ["decision_maker"], 5, "ally", 78, 80, 60,
                "技术出身，重视架构的长期演进", "现场演示与同类省公司案例", "云网融合转型的示范效应"),
            new("cfo", "吴建军", "财务部总经理", "财务部", "gm", ["finance"], 4, "skeptic", 40, 45, 30,
                "谨慎，逐项核对预算与付款条件", "书面材料，分期付款方案", "控制资本开支，降低一次性投入"),
            new("net", "赵立新", "网络部总经理", "网络部", "vp-tech", ["technical_gatekeeper", "influencer"], 4, "neutral", 50, 65, 45,
                "重稳定，变更审批严格", "测试报告和割接方案", "现网安全，不出重大故障"),
            new("it", "孙悦", "信息技术部总经理", "信息技术部", "vp-tech", ["decision_maker", "user"], 4, "supporter", 70, 75, 58,
                "务实，关注交付节奏", "月度进展会", "IT支撑系统按期上线"),
            new("proc", "郑丽华", "采购与物流部副经理", "采购与物流部", "cfo", ["purchasing"], 3, "neutral", 45, 50, 35,
                "按流程办事", "规范的应答文件", "采购合规，审计无问题"),
            new("coach", "周文斌", "信息技术部副总经理", "信息技术部", "it", ["coach", "user"], 3, "ally", 85, 82, 70,
                "愿意分享内部信息，喜欢技术交流", "微信沟通，非正式早餐会", "希望借项目晋升部门总经理"),
            new("core", "钱晓东", "核心网室主任", "网络部", "net", ["user", "technical_gatekeeper"], 2, "regressor", 30, 35, 40,
                "习惯原厂商方案，对新架构有顾虑", "原厂商的技术白皮书", "维护工作量不增加"),
            new("sec", "冯静怡", "信息安全管理室经理", "信息技术部", "it", ["user"], 2, "supporter", 65, 70, 60,
                "细致，关注等保合规", "安全测评报告", "通过等保三级测评"),
        ]),
        ("sgcc-zj",
        [
            new("chair", "黄振宇", "董事长、党委书记", "公司领导", null, ["economic_buyer"], 5, "neutral", 45, 55, 50,
                "讲政治站位，重视国网总部评价", "正式汇报，领导小组会议", "新型电力系统示范省建设"),
            new("dgm", "许卫东", "副总经理（分管数字化）", "公司领导", "chair", ["decision_maker"], 5, "supporter", 68, 75, 55,
                "推动型领导，要求数据说话", "数据驾驶舱演示", "数字化转型考核排名"),
            new("finance", "宋佳", "财务资产部主任", "财务资产部", "chair", ["finance", "purchasing"], 3, "neutral", 48, 50, 38,
                "严格按预算执行", "预算批复文件", "投资计划执行率"),
            new("digital", "何建平", "数字化工作部主任", "数字化工作部", "dgm", ["technical_gatekeeper", "decision_maker"], 4, "ally", 80, 85, 60,
                "开放，乐于试点新技术", "联合创新实验室", "数据中台建设成效"),
            new("marketing", "梁志强", "营销部主任", "营销部", "dgm", ["user"], 4, "skeptic", 42, 50, 40,
                "担心系统切换影响营业厅服务", "分阶段上线计划", "营销服务投诉率"),
            new("coach", "罗晓燕", "数字化工作部副主任", "数字化工作部", "digital", ["coach"], 3, "supporter", 75, 78, 65,
                "细心，会提醒招标时间节点", "电话沟通", "项目成功带来的专业声誉"),
            new("infocomm", "韩磊", "信通公司总经理", "国网浙江信通公司", "digital", ["user", "influencer"], 3, "supporter", 66, 70, 55,
                "重视运维可落地", "运维手册与培训", "运维人员工作量"),
        ]),
        ("icbc-sh",
        [
            new("president", "唐建华", "行长", "行领导", null, ["economic_buyer"], 5, "neutral", 35, 40, 30,
                "战略视角，时间极少", "总行级别的高层拜访", "分行科技投入的产出"),
            new("vp", "曹文涛", "副行长（分管科技与运营）", "行领导", "president", ["decision_maker"], 5, "opponent", 28, 32, 25,
                "强势，重视与总行指定厂商的合作", "总行入围名单", "去年灾备项目延期被总行通报"),
            new("fintech", "邓亮", "金融科技部总经理", "金融科技部", "vp", ["coach", "technical_gatekeeper"], 4, "ally", 82, 80, 60,
                "长期合作伙伴，信任我方交付", "季度技术交流", "分行科技创新评优"),
            new("fintech-dep", "彭宇", "金融科技部副总经理", "金融科技部", "vp", ["technical_gatekeeper"], 3, "skeptic", 30, 35, 35,
                "主导了与浪潮的合作", "国产化替代方案", "信创改造进度"),
            new("ops", "蒋敏", "运营管理部总经理", "运营管理部", "vp", ["user"], 3, "neutral", 45, 50, 40,
                "关注网点体验", "网点实地走访", "网点智能终端故障率"),
            new("proc", "魏红", "采购管理办公室主任", "采购管理办公室", "president", ["purchasing", "finance"], 3, "skeptic", 30, 40, 20,
                "压价明显", "多家比价", "集中采购降本指标"),
        ]),
        ("cmcc-js",
        [
            new("gm", "刘振华", "副总经理（分管政企）", "公司领导", null, ["economic_buyer"], 5, "neutral", 50, 60, 50,
                "稳健", "正式汇报", "政企收入增速"),
            new("gov", "杨帆", "政企客户部总经理", "政企客户部", "gm", ["decision_maker"], 4, "supporter", 65, 70, 55,
                "市场导向", "客户案例", "家庭宽带与智慧家庭渗透率"),
            new("it", "胡斌", "信息技术部经理", "信息技术部", "gm", ["technical_gatekeeper"], 3, "neutral", 50, 55, 45),
            new("proc", "高翔", "采购部经理", "采购部", "gm", ["purchasing"], 3, "skeptic", 35, 40, 30),
            new("coach", "朱琳", "政企客户部项目经理", "政企客户部", "gov", ["coach", "user"], 2, "supporter", 72, 75, 60,
                "热情，消息灵通", "微信", "项目经验"),
        ]),
        ("cmcc",
        [
            new("vp", "高建国", "集团副总经理", "集团领导", null, ["economic_buyer"], 5, "neutral", 40, 50, 45,
                "宏观，看行业趋势", "高层论坛", "集团数字化转型战略"),
            new("it", "李明远", "信息技术部总经理", "集团信息技术部", "vp", ["decision_maker"], 5, "supporter", 60, 68, 50,
                "重视统一架构", "架构评审会", "全集团IT集约化"),
            new("proc", "王海燕", "采购共享中心主任", "集团采购共享中心", "vp", ["purchasing"], 3, "neutral", 45, 50, 40),
            new("coach", "马骁", "信息技术部处长", "集团信息技术部", "it", ["coach"], 3, "ally", 75, 72, 60,
                "年轻，技术驱动", "技术沙龙", "统一身份认证平台的落地"),
        ]),
        ("siemens-cn",
        [
            new("cio", "Thomas Becker", "CIO Greater China", "Digital Industries", null, ["economic_buyer"], 5, "supporter", 60, 70, 45,
                "Data-driven, asks for ROI in the first meeting", "Short decks in English, global references", "Cost per plant of the MES rollout"),
            new("it-head", "李娜 Li Na", "Head of IT, Digital Industries", "IT", "cio", ["technical_gatekeeper", "influencer"], 4, "ally", 75, 80, 55,
                "Pragmatic, bilingual", "Workshops with the plant teams", "A common data platform for all Chinese plants"),
            new("procurement", "Sarah Müller", "Procurement Lead APAC", "Procurement", "cio", ["purchasing"], 3, "neutral", 45, 50, 35,
                "Process first", "Written RFQ answers", "Global frame-agreement compliance"),
            new("plant-it", "王强 Wang Qiang", "Plant IT Manager, Chengdu", "Chengdu Plant", "it-head", ["user"], 3, "supporter", 70, 65, 50),
            new("coach", "周怡 Zhou Yi", "Senior Project Manager", "IT", "it-head", ["coach"], 2, "ally", 80, 78, 60,
                "Shares the internal timeline", "WeChat", "Delivering the pilot on time"),
        ]),
        ("byd",
        [
            new("vp", "何志明", "集团副总裁（信息化）", "集团总裁办", null, ["economic_buyer", "decision_maker"], 5, "neutral", 45, 55, 40,
                "节奏快，重视成本", "工厂现场", "产能爬坡期间零停线"),
            new("it", "吴涛", "信息中心总经理", "信息中心", "vp", ["technical_gatekeeper"], 4, "supporter", 60, 70, 50),
            new("mfg", "林少华", "第十四事业部制造总监", "第十四事业部", "vp", ["user"], 4, "supporter", 62, 66, 50,
                "现场派", "产线试点", "单线产能与良率"),
            new("proc", "许强", "集团采购处处长", "集团采购处", "vp", ["purchasing"], 3, "skeptic", 35, 40, 25),
            new("coach", "陈晓", "信息中心项目经理", "信息中心", "it", ["coach"], 2, "ally", 78, 80, 60),
        ]),
        ("huawei",
        [
            new("procurement", "郭志强", "采购认证部部长", "采购认证部", null, ["economic_buyer", "decision_maker"], 5, "supporter", 60, 68, 40,
                "严谨，重流程", "数据和案例", "供应商协同效率与采购合规"),
            new("digital", "任晓雯", "数字化采购项目组组长", "采购认证部", "procurement", ["user", "coach"], 3, "ally", 78, 80, 55,
                "直接，重交付质量", "周报", "数字化采购项目按期交付"),
            new("it", "邱明", "流程IT部主管", "流程IT部", "procurement", ["technical_gatekeeper"], 3, "neutral", 45, 55, 40),
        ]),
        ("bosch-cn",
        [
            new("plant", "Markus Weber", "Plant Director Suzhou", "Suzhou Plant", null, ["economic_buyer"], 5, "supporter", 65, 70, 50,
                "Numbers first", "Monthly steering meeting", "OEE of the Suzhou lines"),
            new("it", "张伟 Zhang Wei", "IT Manager Suzhou", "Suzhou Plant IT", "plant", ["decision_maker", "technical_gatekeeper"], 4, "ally", 78, 80, 55),
            new("energy", "刘晓 Liu Xiao", "Energy Manager Wuxi", "Wuxi Plant", "plant", ["user", "coach"], 3, "supporter", 70, 72, 55,
                "Sustainability champion", "Site visits", "Carbon targets of the Wuxi plant"),
        ]),
        ("baosteel",
        [
            new("equipment", "沈伟", "设备部部长", "设备部", null, ["user", "influencer"], 4, "neutral", 40, 55, 45,
                "严谨", "试点数据", "设备故障停机时间"),
        ]),
    ];

    /// <summary>Each account's owner adds its decision chain, managers before their reports.</summary>
    public static async Task AddAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var (account, people) in Chains)
        {
            var accountId = client.Account(account);
            var owner = DemoAccounts.OwnerOf(account);
            foreach (var p in people)
            {
                await client.CreateAsync(owner, $"/api/accounts/{accountId}/stakeholders", new
                {
                    name = p.Name,
                    title = p.Title,
                    department = p.Department,
                    reportsToId = p.ReportsTo is null ? (Guid?)null : client.Stakeholder(account, p.ReportsTo),
                    buyingRoles = p.Roles,
                    influence = p.Influence,
                    stance = p.Stance,
                    relationshipCloseness = p.Relationship,
                    solutionAcceptance = p.Solution,
                    priceAcceptance = p.Price,
                    behaviorStyle = StyleOf(p.Style),
                    // The description stays readable next to the style code (docs/product.md §8 makes behaviorStyle one of four codes).
                    preferences = p.Style is null ? p.Preferences : p.Preferences is null ? p.Style : $"{p.Style}；{p.Preferences}",
                    interestsAtStake = p.Interests,
                }, $"stakeholder:{account}:{p.Key}", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Relationships move: after the lab visit the network chief came round (neutral → supporter), a stance change
    /// the history keeps. Runs before the assessment, whose customer matrix reads today's closeness (浙江移动: core).
    /// </summary>
    public static async Task UpdateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        await client.PatchAsync(DemoUser.KeyAccountManager,
            $"/api/accounts/{client.Account("cmcc-zj")}/stakeholders/{client.Stakeholder("cmcc-zj", "net")}",
            new { stance = "supporter", relationshipCloseness = 62, solutionAcceptance = 74 }, cancellationToken);
    }

    /// <summary>
    /// 工行上海分行's coach 邓亮 moved to head office three and a half weeks ago: off the live power map, and success-api
    /// raises champion_departed (a coach and ally, influence 4 → high).
    /// </summary>
    public static async Task DepartAsync(SeedClient client, CancellationToken cancellationToken)
    {
        await client.PostAsync(DemoUser.KeyAccountManager,
            $"/api/accounts/{client.Account("icbc-sh")}/stakeholders/{client.Stakeholder("icbc-sh", "fintech")}/departure",
            new { leftAt = client.Dates.DaysAgo(25), note = "调任工商银行总行金融科技部，分行科技条线由彭宇暂时主持。" }, cancellationToken);
    }
}
