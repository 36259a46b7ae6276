namespace KaPlatform.DemoData;

/// <summary>
/// The visit log (拜访记录, docs/product.md §1.5) of the last four months. Who met whom decides what the power map and the stage
/// gates call "engaged" (an economic buyer or decision maker met in the last 90 days): 浙江移动, 国网浙江 and 江苏移动
/// are engaged; Siemens' CIO was last met 100 days ago (its negotiation stage needs an override); 工行上海分行 has
/// been silent for 100 days — beyond its class B cadence of 45, so success-api reports an engagement gap.
/// </summary>
internal static class DemoVisits
{
    private static readonly DemoUser Kam = DemoUser.KeyAccountManager;
    private static readonly DemoUser Rep = DemoUser.SalesRep;
    private static readonly DemoUser Director = DemoUser.SalesDirector;

    private sealed record Visit(
        string Account, int DaysAgo, int Hour, string Kind, DemoUser By, DemoUser[] Ours, string[] Met, string Summary, string[] Topics, string? NextSteps);

    private static readonly Visit[] Visits =
    [
        // 浙江移动: the flagship, met every couple of weeks.
        new("cmcc-zj", 116, 10, "visit", Kam, [Kam], ["it", "coach"],
            "拜访信息技术部孙悦总、周文斌副总，了解明年IT支撑系统规划。客户提出核心网扩容与云网融合运维是明年两大重点，预算将在年中调整时申报。",
            ["年度规划", "核心网扩容", "云网融合"], "整理同类省公司案例，两周内回访信息技术部"),
        new("cmcc-zj", 98, 14, "meeting", Kam, [Kam, Rep], ["net", "core"],
            "与网络部赵立新总、核心网室钱晓东主任技术交流。钱主任对新架构的割接风险有顾虑，倾向原厂商方案；赵总要求提供测试报告。",
            ["核心网扩容", "割接方案", "技术交流"], "安排实验室测试并提交测试报告；邀请钱主任参观苏州实验室"),
        new("cmcc-zj", 84, 9, "hosted_visit", Kam, [Kam, Director], ["vp-tech", "net", "core"],
            "林海峰副总带队参观苏州实验室，现场演示5G核心网云化割接。林总认可方案成熟度，要求年底前完成POC。",
            ["实验室参观", "POC", "核心网扩容"], "两周内提交POC方案，明确双方投入"),
        new("cmcc-zj", 63, 16, "call", Kam, [Kam], ["coach"],
            "与周文斌电话沟通，得知财务部吴建军总对一次性投入有意见，希望采用分期付款；采购将采用公开招标。",
            ["付款方式", "招标", "内部信息"], "准备分期付款方案，拜访财务部"),
        new("cmcc-zj", 49, 10, "visit", Kam, [Kam], ["cfo", "proc"],
            "拜访财务部吴建军总、采购部郑丽华，说明三年分期付款方案。吴总仍有保留，要求与去年IT支撑系统二期合同的回款节奏对比。",
            ["付款方式", "预算", "商务条款"], "提供二期合同回款记录；商务方案中增加履约保函"),
        new("cmcc-zj", 35, 15, "meeting", Kam, [Kam, Rep], ["it", "sec", "coach"],
            "网络安全态势感知平台交付周例会：到货验收已完成，剩余接口联调两周。冯静怡提出等保测评前需补充日志审计模块。",
            ["交付", "网络安全态势感知", "等保测评"], "本周内提交日志审计模块变更单；跟进交付款的付款审批"),
        new("cmcc-zj", 20, 10, "visit", Kam, [Kam, Director], ["gm", "vp-tech"],
            "李伟总陪同拜访陈国栋总经理和林海峰副总，汇报POC结果与核心网扩容整体方案。陈总明确本季度完成招标，预算1280万元已纳入年度投资计划。",
            ["高层拜访", "核心网扩容", "预算确认", "招标计划"], "配合采购部准备招标技术规范书；跟进陈总关注的集团考核指标"),
        new("cmcc-zj", 6, 11, "email", Kam, [Kam], ["it", "coach"],
            "邮件发送云网融合运维平台招标澄清答复及技术方案初稿，周文斌回复技术评分重点在自动化率和与现网工单系统的对接。",
            ["云网融合", "投标", "澄清"], "根据评分重点修改技术方案，截止日前完成报价单"),

        // 国网浙江: steady and strategic.
        new("sgcc-zj", 110, 9, "visit", Kam, [Kam], ["digital", "coach"],
            "拜访数字化工作部何建平主任，了解营销系统升级和调度数据网改造后续运维需求。罗晓燕提示营销系统升级预计下季度挂网招标。",
            ["营销系统升级", "运维", "招标计划"], "准备营销系统升级技术交流材料"),
        new("sgcc-zj", 88, 14, "meeting", Kam, [Kam], ["marketing", "digital"],
            "营销部梁志强主任参加技术交流，担心系统切换影响营业厅服务，要求分地市分批上线并保留回退方案。",
            ["营销系统升级", "上线方案", "风险"], "编写分批上线与回退方案，下次交流时汇报"),
        new("sgcc-zj", 67, 10, "visit", Kam, [Kam, Director], ["dgm", "digital"],
            "拜访许卫东副总，汇报调度数据网改造项目成效及营销系统升级方案。许总要求投标方案突出数据中台能力。",
            ["高层拜访", "营销系统升级", "数据中台"], "投标方案中增加数据中台章节；跟进招标公告"),
        new("sgcc-zj", 41, 15, "call", Kam, [Kam], ["coach"],
            "罗晓燕电话告知营销系统升级项目评标结束，我方技术分第一，预计下周公示中标结果。",
            ["投标", "评标结果"], "准备合同谈判材料"),
        new("sgcc-zj", 23, 10, "meeting", Kam, [Kam], ["finance", "digital"],
            "与财务资产部宋佳主任、何建平主任商谈营销系统升级合同条款，付款节点按国网标准合同执行。",
            ["合同谈判", "付款条件"], "法务审核合同文本，争取本季度签约"),
        new("sgcc-zj", 9, 9, "event", Kam, [Kam, Director], ["chair", "dgm", "infocomm"],
            "参加国网浙江新型电力系统数字化论坛，与黄振宇董事长简短交流，董事长对变电站智能巡检试点表示关注。",
            ["行业论坛", "变电站智能巡检", "高层关系"], "提交智能巡检试点建议书"),

        // 工行上海分行: the last contact is 100 days old.
        new("icbc-sh", 118, 10, "visit", Kam, [Kam, Rep], ["fintech", "ops"],
            "拜访金融科技部邓亮总和运营管理部蒋敏总，网点智能终端故障率偏高，客户要求三个月内整改。",
            ["网点智能终端", "故障整改", "服务质量"], "制定整改计划，每周报告故障率"),
        new("icbc-sh", 105, 15, "meeting", Kam, [Kam], ["president", "vp", "fintech"],
            "向唐建华行长、曹文涛副行长汇报数据中心灾备方案。曹副行长明确倾向总行入围的浪潮方案，对我方价格有异议。",
            ["数据中心灾备", "高层汇报", "竞争"], "调整报价；请邓亮总内部推动技术评估"),
        new("icbc-sh", 100, 11, "call", Kam, [Kam], ["fintech-dep"],
            "彭宇副总来电，灾备项目技术评估以国产化适配为主要评分项，我方适配认证尚未完成。",
            ["数据中心灾备", "信创适配"], "加快国产化适配认证"),

        // 江苏移动 (王磊).
        new("cmcc-js", 95, 10, "visit", Rep, [Rep], ["gov", "coach"],
            "拜访政企客户部杨帆总，了解智慧家庭平台需求：明年家庭宽带用户目标增长15%，需要统一的家庭网关管理平台。",
            ["智慧家庭", "需求调研"], "提交需求理解文档"),
        new("cmcc-js", 58, 14, "meeting", Rep, [Rep, Kam], ["gov", "it"],
            "方案交流：胡斌经理关注与现有家宽支撑系统的对接，杨帆总要求先在苏州、无锡两地试点。",
            ["智慧家庭", "方案交流", "试点"], "准备两地试点方案"),
        new("cmcc-js", 31, 10, "visit", Rep, [Rep], ["gm", "gov"],
            "拜访刘振华副总，汇报政企专线运维外包一年来的服务情况及智慧家庭试点方案，刘总认可运维质量。",
            ["高层拜访", "运维外包", "续约"], "准备运维外包续约方案"),
        new("cmcc-js", 12, 16, "call", Rep, [Rep], ["coach"],
            "朱琳告知试点方案已报分管领导，采购方式拟为单一来源谈判。",
            ["智慧家庭", "采购方式"], "准备单一来源谈判材料"),

        // Siemens (王磊): the CIO was met 100 days ago, the IT head recently.
        new("siemens-cn", 100, 10, "meeting", Rep, [Rep, Director], ["cio", "it-head"],
            "Kick-off with Thomas Becker and Li Na on the MES data platform: Siemens wants one data model across its Chinese plants, budget to be confirmed by the global board.",
            ["MES data platform", "budget"], "Send the reference architecture and the Chengdu pilot plan"),
        new("siemens-cn", 44, 14, "visit", Rep, [Rep], ["plant-it", "coach"],
            "Chengdu plant walk-through with 王强 and 周怡: data collection from 120 machines, OPC UA gateways already in place.",
            ["pilot", "data collection"], "Price the pilot and the rollout separately"),
        new("siemens-cn", 16, 10, "email", Rep, [Rep], ["it-head", "procurement"],
            "Sent the commercial offer to Li Na and Sarah Müller; procurement asks for the global frame-agreement rates.",
            ["commercial offer", "frame agreement"], "Align prices with the frame agreement, answer within a week"),

        // 比亚迪 (张静): a new logo being acquired.
        new("byd", 75, 10, "event", Kam, [Kam], ["it"],
            "在深圳智能制造展上结识信息中心吴涛总，比亚迪新工厂MES需要统一升级。",
            ["展会", "MES升级"], "预约工厂参观"),
        new("byd", 47, 9, "visit", Kam, [Kam], ["mfg", "coach"],
            "参观第十四事业部产线，林少华总监介绍产能爬坡期间停线问题，陈晓介绍信息中心的选型流程。",
            ["MES升级", "产线调研", "选型流程"], "提交MES升级初步方案"),
        new("byd", 18, 14, "meeting", Kam, [Kam], ["vp", "it"],
            "向何志明副总裁汇报MES升级方案，何总要求给出单线改造成本和停线时间。",
            ["高层汇报", "MES升级", "成本"], "测算单线改造成本与停线窗口"),

        // The rest: a touch here and there.
        new("cmcc", 72, 10, "visit", Kam, [Kam, DemoUser.Admin], ["vp", "it"],
            "周敏陪同拜访集团高建国副总，介绍统一身份认证平台在浙江的实施经验，集团拟推广到全部省公司。",
            ["集团推广", "统一身份认证"], "提交集团推广方案"),
        new("cmcc", 26, 15, "meeting", Kam, [Kam], ["it", "coach"],
            "与集团信息技术部交流算力网络调度平台需求，李明远总希望明年上半年立项。",
            ["算力网络", "立项"], "准备立项建议书"),
        new("baosteel", 30, 10, "visit", Kam, [Kam], ["equipment"],
            "拜访设备部沈伟部长，介绍设备预测性维护方案，对方希望先做冷轧厂试点。",
            ["预测性维护", "试点"], "找到信息化和采购的对口人"),
        new("huawei", 52, 10, "visit", Rep, [Rep], ["procurement", "digital"],
            "拜访华为采购认证部郭志强部长，介绍供应链协同平台，对方计划明年整合供应商门户。",
            ["供应链协同"], "提交方案建议书"),
        new("huawei", 14, 15, "meeting", Rep, [Rep], ["digital", "it"],
            "与华为数字化采购项目组交流咨询交付进展，对方对交付质量满意，催促剩余报告。",
            ["数字化采购咨询", "交付"], "两周内提交剩余报告"),
        new("bosch-cn", 40, 10, "visit", Rep, [Rep], ["plant", "energy"],
            "Visited Markus Weber in Suzhou with Liu Xiao from Wuxi: the plant analytics project is closed and paid; the Wuxi plant is interested in energy management.",
            ["plant analytics", "energy management"], "Prepare an energy-management proposal for Wuxi"),
        new("ctrip", 33, 14, "call", Rep, [Rep], [],
            "携程客服中心告知知识库项目已选择阿里云，原因是与其现有云平台集成。",
            ["客服知识库", "丢单复盘"], "复盘丢单原因，跟进呼叫中心智能化线索"),
    ];

    /// <summary>
    /// Logs the visits newest first. success-api rescores health on every InteractionLogged: logged oldest first, its
    /// "days since the last interaction" would pass through 116, 98, 84... and open engagement gaps (and health drops)
    /// that no real account manager, logging as she goes, would ever have caused.
    /// </summary>
    public static async Task LogAsync(SeedClient client, CancellationToken cancellationToken)
    {
        foreach (var v in Visits.OrderBy(v => v.DaysAgo))
        {
            await client.PostAsync(v.By, $"/api/accounts/{client.Account(v.Account)}/interactions", new
            {
                kind = v.Kind,
                occurredAt = DemoCalendar.At(client.Dates.DaysAgo(v.DaysAgo), v.Hour),
                stakeholderIds = v.Met.Select(key => client.Stakeholder(v.Account, key)).ToArray(),
                ourAttendees = v.Ours.Select(u => u.Id).ToArray(),
                summary = v.Summary,
                topics = v.Topics,
                nextSteps = v.NextSteps,
            }, cancellationToken);
        }
    }

    public static int Count => Visits.Length;
}
