using System.Globalization;
using System.Text.Json;

namespace KaPlatform.DemoData;

/// <summary>
/// Contracts and collections (docs/product.md §3). Each won deal's OpportunityWon makes contracts-api draft a contract; the
/// seed waits for it, sets the payment plan (default or custom), signs it in the past, records delivery and acceptance
/// with their evidence, has finance invoice and collect, and logs the collection calls. What is left unpaid is chosen
/// so the aging report has money in every bucket as of today:
/// 1–30 days (集团统一身份认证 delivery, 华为咨询 delivery), 31–60 (浙江移动安全平台 delivery),
/// 61–90 (集团 down payment remainder), over 90 (工行上海分行 delivery remainder and acceptance).
/// Three service contracts end within 120 days, so success-api announces their renewals and opportunities-api opens
/// renewal deals. Last year's contracts give the revenue page a previous period (NRR/GRR).
/// </summary>
internal static class DemoContracts
{
    private static readonly DemoUser Finance = DemoUser.Finance;

    private sealed record Milestone(string Kind, decimal Percent, string Rule, object Value);

    /// <summary>Money received: a share of one milestone (by kind) or an amount, on a day.</summary>
    private sealed record Payment(string Milestone, Func<DemoCalendar, DateOnly> At, double Share = 1, decimal? Amount = null);

    /// <summary>A line of the collection tracking sheet (催款跟进) on a milestone.</summary>
    private sealed record Call(string Milestone, int DaysAgo, string? Stakeholder, string Action, int? PromisedInDays, string Result);

    private sealed record Contract
    {
        /// <summary>The won deal (DemoPipeline key) the contract was drafted from.</summary>
        public required string Deal { get; init; }
        public required string Account { get; init; }
        public int SignedDaysAfterClose { get; init; } = 5;
        public required Func<DemoCalendar, DateOnly> Start { get; init; }
        public Func<DemoCalendar, DateOnly>? End { get; init; }
        public Func<DemoCalendar, DateOnly>? Delivered { get; init; }
        public Func<DemoCalendar, DateOnly>? Accepted { get; init; }

        /// <summary>Null keeps the default plan (30/40/25/5).</summary>
        public Milestone[]? Plan { get; init; }

        /// <summary>Stakeholders who sign off payment (keys of the account's decision chain).</summary>
        public string[] Approvers { get; init; } = [];

        /// <summary>Every milestone due by today is paid two days early (a customer that pays on time).</summary>
        public bool PaysOnTime { get; init; }
        public Payment[] Payments { get; init; } = [];
        public Call[] Calls { get; init; } = [];
    }

    private static readonly Milestone[] ProjectPlan =
    [
        new("down_payment", 50, "days_after_signing", 30),
        new("acceptance", 50, "days_after_acceptance", 30),
    ];

    private static readonly Contract[] Contracts =
    [
        // 浙江移动 IT支撑系统二期: a one-year service term ending in 30 days → renewal due; paid on time (warranty not yet due).
        new()
        {
            Deal = "cmcc-zj-itss2", Account = "cmcc-zj", Start = d => DemoCalendar.TermStart(d.InDays(30)), End = d => d.InDays(30),
            Delivered = d => DemoCalendar.TermStart(d.InDays(30)).AddDays(40), Accepted = d => DemoCalendar.TermStart(d.InDays(30)).AddDays(100),
            Approvers = ["cfo", "it"], PaysOnTime = true,
        },
        // 浙江移动 网络安全态势感知: delivery payment 45 days overdue (31–60), being chased.
        new()
        {
            Deal = "cmcc-zj-secops", Account = "cmcc-zj", Start = d => d.DaysAgo(90), End = d => d.DaysAgo(90).AddYears(2).AddDays(-1),
            Delivered = d => d.DaysAgo(75), Accepted = d => d.DaysAgo(25), Approvers = ["cfo", "it"],
            Payments = [new("down_payment", d => d.DaysAgo(70))],
            Calls =
            [
                new("delivery", 40, "proc", "电话催收交付款", 20, "客户称付款审批在财务部，承诺两周内支付"),
                new("delivery", 15, "cfo", "拜访吴建军总，出示到货验收单和交付周报证据链", 7, "吴总同意走加急审批，承诺下周付款"),
            ],
        },
        // 国网浙江 调度数据网改造: signed last year, three-year term, paid to the last cent.
        new()
        {
            Deal = "sgcc-zj-dispatch", Account = "sgcc-zj", Start = d => d.LastYear(4, 1), End = d => d.LastYear(4, 1).AddYears(3).AddDays(-1),
            Delivered = d => d.LastYear(6, 20), Accepted = d => d.LastYear(9, 28), Approvers = ["finance"], PaysOnTime = true,
        },
        // 国网浙江 用电信息采集运维: this year, paid on time, acceptance payment not yet due.
        new()
        {
            Deal = "sgcc-zj-metering", Account = "sgcc-zj", Start = d => d.DaysAgo(150), End = d => d.DaysAgo(150).AddYears(1).AddDays(-1),
            Delivered = d => d.DaysAgo(120), Accepted = d => d.DaysAgo(20), Approvers = ["finance"], PaysOnTime = true,
        },
        // 集团 统一身份认证: custom plan; half the down payment still open after 75 days (61–90), delivery due 10 days ago (1–30).
        new()
        {
            Deal = "cmcc-iam", Account = "cmcc", Start = d => d.DaysAgo(80), End = d => d.DaysAgo(80).AddYears(3).AddDays(-1),
            Delivered = d => d.DaysAgo(40), Approvers = ["proc"],
            Plan =
            [
                new("down_payment", 20, "days_after_signing", 10), new("delivery", 30, "days_after_delivery", 30),
                new("acceptance", 40, "days_after_acceptance", 45), new("warranty", 10, "months_after_acceptance", 12),
            ],
            Payments = [new("down_payment", d => d.DaysAgo(60), Share: 0.5)],
            Calls = [new("down_payment", 35, "proc", "发函催收首付款余款", 30, "集团共享中心要求补开发票后付款")],
        },
        // 集团 网络资源管理系统: last year, completed (the group's revenue grows this year: expansion in NRR).
        new()
        {
            Deal = "cmcc-netres", Account = "cmcc", Start = d => d.LastYear(6, 1), Delivered = d => d.LastYear(8, 15), Accepted = d => d.LastYear(11, 20),
            Approvers = ["proc"], PaysOnTime = true,
        },
        // 工行上海分行 网点智能终端运维: term ends in 75 days (renewal due, at risk); delivery and acceptance money over 90 days late.
        new()
        {
            Deal = "icbc-sh-terminal", Account = "icbc-sh", Start = d => DemoCalendar.TermStart(d.InDays(75)), End = d => d.InDays(75),
            Delivered = d => DemoCalendar.TermStart(d.InDays(75)).AddDays(40), Accepted = d => DemoCalendar.TermStart(d.InDays(75)).AddDays(90),
            Approvers = ["proc", "ops"],
            Payments =
            [
                new("down_payment", d => DemoCalendar.TermStart(d.InDays(75)).AddDays(5)),
                new("delivery", d => DemoCalendar.TermStart(d.InDays(75)).AddDays(85), Amount: 500_000),
            ],
            Calls =
            [
                new("acceptance", 150, "proc", "催收验收款", 120, "客户称网点终端故障率未达标，暂缓付款"),
                new("acceptance", 60, "ops", "与运营管理部确认故障整改完成", 30, "运营部确认整改完成，付款审批仍在采购办"),
                new("acceptance", 10, "proc", "发出正式催款函前的最后一次沟通", 20, "客户承诺月底前支付一半"),
            ],
        },
        // 宝钢 设备点检系统: signed this quarter, just starting.
        new()
        {
            Deal = "baosteel-inspection", Account = "baosteel", SignedDaysAfterClose = 3, Start = d => d.NotAfterToday(DemoPipeline.CloseDate("baosteel-inspection", d).AddDays(3)).AddDays(5),
            PaysOnTime = true,
        },
        // 江苏移动 政企专线运维外包 (王磊): term ends in 100 days → renewal due.
        new()
        {
            Deal = "cmcc-js-ops", Account = "cmcc-js", Start = d => DemoCalendar.TermStart(d.InDays(100)), End = d => d.InDays(100),
            Delivered = d => DemoCalendar.TermStart(d.InDays(100)).AddDays(20), Accepted = d => DemoCalendar.TermStart(d.InDays(100)).AddDays(60),
            Approvers = ["gov"], PaysOnTime = true,
        },
        // 江苏移动 IDC机房巡检: last year's small project, completed.
        new()
        {
            Deal = "cmcc-js-idc", Account = "cmcc-js", Start = d => d.LastYear(10, 1), Accepted = d => d.LastYear(12, 15), Plan = ProjectPlan, PaysOnTime = true,
        },
        // Bosch Suzhou plant analytics: this year, paid in full (completed).
        new()
        {
            Deal = "bosch-analytics", Account = "bosch-cn", Start = d => d.DaysAgo(140), Accepted = d => d.DaysAgo(90), Plan = ProjectPlan,
            Approvers = ["plant"], PaysOnTime = true,
        },
        // 华为 数字化采购咨询: down payment paid, delivery payment due five days ago (1–30).
        new()
        {
            Deal = "huawei-procurement", Account = "huawei", Start = d => d.DaysAgo(50), Delivered = d => d.DaysAgo(35), Approvers = ["procurement"],
            Payments = [new("down_payment", d => d.DaysAgo(38))],
            Calls = [new("delivery", 2, "digital", "提醒交付款已到期", 10, "对方确认已提交付款申请")],
        },
        // Siemens Shanghai PLM integration: last year, completed; nothing signed with Siemens this year (churned revenue).
        new()
        {
            Deal = "siemens-plm", Account = "siemens-cn", Start = d => d.LastYear(7, 1), Accepted = d => d.LastYear(10, 30),
            Plan = [new("down_payment", 40, "days_after_signing", 30), new("acceptance", 60, "days_after_acceptance", 30)],
            Approvers = ["cio"], PaysOnTime = true,
        },
    ];

    /// <summary>The contracts whose term ends within the renewal lead time (120 days): renewal deals appear for them.</summary>
    private static readonly string[] Renewing = ["cmcc-zj-itss2", "icbc-sh-terminal", "cmcc-js-ops"];

    public static async Task CreateAsync(SeedClient client, CancellationToken cancellationToken)
    {
        var receipts = 0;
        foreach (var contract in Contracts)
        {
            receipts = await ExecuteAsync(client, contract, receipts, cancellationToken);
        }

        // The nightly scan, run now as finance: overdue milestones are marked and MilestoneOverdue goes out (30/60/90 days).
        await client.PostAsync(Finance, $"/api/collections/overdue-scan?asOf={client.Dates.Today:yyyy-MM-dd}", null, cancellationToken);

        foreach (var deal in Renewing)
        {
            var contract = Contracts.Single(c => c.Deal == deal);
            var owner = DemoAccounts.OwnerOf(contract.Account);
            var contractId = client.Id("contract:" + deal);
            var renewal = await client.WaitForAsync($"the renewal deal of contract {deal} (ContractSigned → success-api RenewalDue → opportunities-api)",
                ct => client.FindInListAsync(owner, $"/api/opportunities?accountId={client.Account(contract.Account)}&type=renewal",
                    o => o.GetProperty("sourceContractId").ValueKind == JsonValueKind.String && o.GetProperty("sourceContractId").GetGuid() == contractId, ct),
                cancellationToken);
            client.Remember("opportunity:renewal:" + deal, renewal.GetProperty("id").GetGuid());
        }

        // The KAM has started on the flagship's renewal.
        await client.PostAsync(DemoUser.KeyAccountManager, $"/api/opportunities/{client.Id("opportunity:renewal:cmcc-zj-itss2")}/stage",
            new { stage = "solution_design" }, cancellationToken);
    }

    private static async Task<int> ExecuteAsync(SeedClient client, Contract c, int receipts, CancellationToken cancellationToken)
    {
        var d = client.Dates;
        var seller = DemoAccounts.OwnerOf(c.Account);
        var opportunityId = client.Id("opportunity:" + c.Deal);
        var draft = await client.WaitForAsync($"the draft contract of '{c.Deal}' (OpportunityWon → contracts-api)",
            ct => client.FindInListAsync(seller, $"/api/contracts?accountId={client.Account(c.Account)}",
                x => x.GetProperty("opportunityId").GetGuid() == opportunityId, ct), cancellationToken);
        var id = client.Remember("contract:" + c.Deal, draft.GetProperty("id").GetGuid());
        var path = $"/api/contracts/{id}";

        if (c.Plan is { } plan)
        {
            await client.PutAsync(seller, $"{path}/payment-plan", new
            {
                milestones = plan.Select(m => new { kind = m.Kind, percent = m.Percent, dueRule = new { type = m.Rule, value = m.Value } }),
            }, cancellationToken);
        }

        if (c.Approvers.Length > 0)
        {
            await client.PatchAsync(seller, path, new { paymentApproverIds = c.Approvers.Select(a => client.Stakeholder(c.Account, a)).ToArray() }, cancellationToken);
        }

        var signed = d.NotAfterToday(DemoPipeline.CloseDate(c.Deal, d).AddDays(c.SignedDaysAfterClose));
        var contract = await client.PostAsync(seller, $"{path}/sign",
            new { signedAt = signed, startDate = c.Start(d), endDate = c.End?.Invoke(d) }, cancellationToken);
        var number = contract.GetProperty("number").GetString();
        await client.PostAsync(seller, $"{path}/evidence", new
        {
            kind = "contract_copy",
            reference = $"{number} 合同正本（双方盖章）",
            occurredAt = DemoCalendar.At(signed, 16),
            note = "扫描件已归档至合同管理系统",
        }, cancellationToken);

        if (c.Delivered?.Invoke(d) is { } delivered)
        {
            await client.PostAsync(seller, $"{path}/deliveries",
                new { date = delivered, evidence = new { reference = $"到货签收单 DN-{delivered:yyyyMMdd}-{number}", note = "客户签收，设备与软件许可全部到货" } },
                cancellationToken);
        }

        if (c.Accepted?.Invoke(d) is { } accepted)
        {
            await client.PostAsync(seller, $"{path}/acceptance",
                new { date = accepted, evidence = new { reference = $"终验证书 AC-{accepted:yyyyMMdd}-{number}", note = "客户项目组与使用部门联合签字" } },
                cancellationToken);
        }

        contract = await client.GetAsync(Finance, path, cancellationToken);
        var milestones = contract.GetProperty("milestones").EnumerateArray().ToList();
        DateOnly? Due(JsonElement m) => m.GetProperty("dueDate").ValueKind == JsonValueKind.String
            ? DateOnly.ParseExact(m.GetProperty("dueDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
        JsonElement Of(string kind) => milestones.Single(m => m.GetProperty("kind").GetString() == kind);

        // Finance invoices what has fallen due (or falls due within two weeks), then books the money received.
        foreach (var m in milestones.Where(m => Due(m) is { } due && due <= d.InDays(15)))
        {
            await client.PostAsync(Finance, $"{path}/milestones/{m.GetProperty("id").GetGuid()}/invoices", null, cancellationToken);
        }

        var payments = c.PaysOnTime
            ? milestones.Where(m => Due(m) is { } due && due <= d.Today)
                .Select(m => (Milestone: m, Amount: m.GetProperty("amount").GetDecimal(), At: Clamp(Due(m)!.Value.AddDays(-2), signed, d.Today)))
            : c.Payments.Select(p => (Milestone: Of(p.Milestone),
                Amount: p.Amount ?? Math.Round(Of(p.Milestone).GetProperty("amount").GetDecimal() * (decimal)p.Share, 2), At: p.At(d)));
        foreach (var (milestone, amount, at) in payments.OrderBy(p => p.At))
        {
            receipts++;
            await client.PostAsync(Finance, "/api/payments", new
            {
                contractId = id,
                amount,
                currency = "CNY",
                receivedAt = at,
                externalRef = string.Create(CultureInfo.InvariantCulture, $"RCPT-{at:yyyyMMdd}-{receipts:0000}-{client.RunTag}"),
                milestoneId = milestone.GetProperty("id").GetGuid(),
            }, cancellationToken);
        }

        foreach (var call in c.Calls)
        {
            await client.PostAsync(Finance, $"{path}/milestones/{Of(call.Milestone).GetProperty("id").GetGuid()}/follow-ups", new
            {
                date = d.DaysAgo(call.DaysAgo),
                stakeholderId = call.Stakeholder is null ? (Guid?)null : client.Stakeholder(c.Account, call.Stakeholder),
                action = call.Action,
                promisedDate = call.PromisedInDays is { } days ? d.DaysAgo(call.DaysAgo).AddDays(days) : (DateOnly?)null,
                result = call.Result,
            }, cancellationToken);
        }

        if (c.Calls.Length > 0)
        {
            var last = c.Calls.MinBy(call => call.DaysAgo)!;
            await client.PostAsync(Finance, $"{path}/evidence", new
            {
                milestoneId = Of(last.Milestone).GetProperty("id").GetGuid(),
                kind = "correspondence",
                reference = $"催款函 {number}-{d.DaysAgo(last.DaysAgo):yyyyMMdd}",
                occurredAt = DemoCalendar.At(d.DaysAgo(last.DaysAgo), 17),
                note = last.Result,
            }, cancellationToken);
        }

        return receipts;
    }

    private static DateOnly Clamp(DateOnly day, DateOnly earliest, DateOnly latest) => day < earliest ? earliest : day > latest ? latest : day;
}
