// Server-made texts (docs/product.md §0: a stable `code` plus `params`) rendered in the reader's language: health and alert
// reasons, playbook steps, stuck reasons and field errors. The server's English sentence is only the fallback for a
// code this client does not know yet, and only in English; a Chinese reader then gets a plain generic sentence.
import { t, label, fmt, locale } from './i18n.js';
import { defineStrings } from './common.js';

defineStrings({
  // Health components (success-api HealthScore).
  'text.payment_none_overdue': ['No overdue receivables.', '没有逾期应收款。'],
  'text.receivables_overdue': ['{amount} overdue ({share} of signed contract value), oldest {days} days past due.',
    '逾期应收 {amount}（占已签合同额的 {share}），最久已逾期 {days} 天。'],
  'text.engagement_none': ['No interaction known ({class}, cadence {cadence} days).', '尚无互动记录（{class}，拜访周期 {cadence} 天）。'],
  'text.engagement_since_interaction': ['{days} days since the last interaction; the cadence for {class} is {cadence} days.',
    '距上次互动已 {days} 天；{class}的拜访周期为 {cadence} 天。'],
  'text.engagement_since_registration': ['{days} days since registration without an interaction; the cadence for {class} is {cadence} days.',
    '建档后 {days} 天仍无互动；{class}的拜访周期为 {cadence} 天。'],
  'text.relationship_no_stakeholders': ['No active stakeholders on the power map.', '权力地图上没有在职的干系人。'],
  'text.relationship_summary': ['Support surface {support}, composite closeness {closeness}, {coach}.', '支持面 {support}，综合亲密度 {closeness}，{coach}。'],
  'text.coach.yes': ['a coach', '有教练'],
  'text.coach.no': ['no coach', '没有教练'],
  'text.sponsors_stable': ['No economic buyer, decision maker, coach or ally left in the last {window} days.',
    '近 {window} 天没有经济决策人、决策者、教练或盟友离职。'],
  'text.sponsors_departed': ['Left in the last {window} days: {names}.', '近 {window} 天离职：{names}。'],
  'text.protectedContact': ['a protected contact', '一位受保护的联系人'],
  'text.satisfaction_rated': ['Latest success review rated {rating} of {of}.', '最近一次成功回顾评分 {rating}/{of}。'],
  'text.satisfaction_none': ['No success review yet: neutral {neutral}.', '尚无成功回顾：按中性 {neutral} 分计。'],
  'text.class': ['class {class}', '{class} 类客户'],
  'text.unclassified': ['an unclassified account', '未分类客户'],

  // Alert reasons (success-api RiskAlerts).
  'text.health_fell': ['Health fell from {from} to {to} within {window} days.', '健康度在 {window} 天内从 {from} 降至 {to}。'],
  'text.engagement_gap': ['No interaction for {days} days; the cadence for {class} is {cadence} days.', '已 {days} 天没有互动；{class}的拜访周期为 {cadence} 天。'],
  'text.renewal_at_risk': ['A contract ends on {endDate} and health is at risk ({score}).', '有合同将于 {endDate} 到期，而健康度处于风险区（{score}）。'],
  'text.payment_overdue': ['Contract {number}: {amount} over {days} days overdue (due {dueDate}).', '合同 {number}：{amount} 已逾期超过 {days} 天（应付日 {dueDate}）。'],
  'text.competitor_won': ['{deal} was lost to {competitor}: {reason}', '{deal}输给了 {competitor}：{reason}'],
  'text.deal.named': ['The opportunity “{name}”', '商机「{name}」'],
  'text.deal.unnamed': ['An opportunity', '一个商机'],
  'text.champion_departed': ['{name} ({roles}, influence {influence}) left on {leftOn}.', '{name}（{roles}，影响力 {influence}）于 {leftOn} 离职。'],
  'text.alertNoDetail': ['See the alert kind.', '详见预警类型。'],

  // Playbook steps: first steps per alert kind, then the win-back tactics of docs/product.md §4.2.
  'playbook.champion_departed.1': ['Meet the successor within two weeks', '两周内拜访继任者'],
  'playbook.champion_departed.2': ['Follow the departed contact to their new role: a possible new account', '跟进离职联系人的新岗位：可能是新客户'],
  'playbook.payment_overdue.1': ['Check the evidence chain (delivery note, acceptance certificate) is complete', '核对证据链（到货单、验收证书）是否完整'],
  'playbook.payment_overdue.2': ['Escalate to the payment approvers with a promised date', '向付款审批人升级并争取承诺付款日'],
  'playbook.engagement_gap.1': ['Schedule a visit with the economic buyer', '安排拜访经济决策人'],
  'playbook.engagement_gap.2': ['Share a usage or value report', '分享使用情况或价值报告'],
  'playbook.health_drop.1': ['Review which health component fell and why', '查明哪个健康度分项下降及其原因'],
  'playbook.competitor_threat.1': ['Debrief the loss with the coach', '与教练复盘丢单原因'],
  'playbook.competitor_threat.2': ["Map the competitor's foothold and the contracts at risk", '摸清竞争对手的立足点和受威胁的合同'],
  'playbook.renewal_at_risk.1': ['Start the renewal conversation now with the economic buyer', '立即与经济决策人启动续约沟通'],
  'playbook.renewal_at_risk.2': ['Prepare a renewal offer addressing the open issues', '准备针对遗留问题的续约方案'],
  'playbook.win_back.1': ['Find the root cause with the account team and the customer', '与客户团队和客户一起找出根本原因'],
  'playbook.win_back.2': ['Win new supporters among the decision chain', '在决策链中争取新的支持者'],
  'playbook.win_back.3': ['Neutralise opponents: address their interests at stake', '化解反对者：回应其切身利益'],
  'playbook.win_back.4': ["Bring new solutions that answer the customer's current goals", '提出契合客户当前目标的新方案'],

  // Stuck reasons with their figures (opportunities-api StuckRules).
  'text.over_stage_norm': ['{days} days in {stage}; the norm is {norm} days.', '已在{stage}阶段停留 {days} 天，标准为 {norm} 天。'],
  'text.overdue_task': ['{count} open task(s) of the {stage} stage past their due date.', '{stage}阶段有 {count} 项任务已逾期。'],

  // Field errors (ServiceDefaults FieldMessages / ExpectedValue / the input guard).
  'field.required': ['Required.', '必填。'],
  'field.required_date': ['Required: a date.', '必填：请填写日期。'],
  'field.required_instant': ['Required: a date and time.', '必填：请填写日期和时间。'],
  'field.text_length': ['{min} to {max} characters.', '{min} 至 {max} 个字符。'],
  'field.too_long': ['At most {max} characters.', '最多 {max} 个字符。'],
  'field.too_many_items': ['At most {max} entries.', '最多 {max} 项。'],
  'field.one_of': ['One of: {values}.', '请从以下选项中选择：{values}。'],
  'field.between': ['Between {min} and {max}.', '应在 {min} 到 {max} 之间。'],
  'field.non_empty_uuid': ['Choose an entry.', '请选择一项。'],
  'field.non_empty_uuids': ['Choose valid entries.', '请选择有效的条目。'],
  'field.money': ['An amount of zero or more with at most two decimals.', '金额不能为负，最多两位小数。'],
  'field.currency': ['A 3-letter currency code such as CNY.', '请填写三位货币代码，例如 CNY。'],
  'field.invalid_cursor': ['The list position is no longer valid; reload the list.', '列表位置已失效，请刷新列表。'],
  'field.not_in_future': ['Not in the future.', '不能晚于今天。'],
  'field.on_or_after': ['On or after {other}.', '不能早于{other}。'],
  'field.period': ['A year (2026), quarter (2026-Q4) or month (2026-11).', '请填写年份（2026）、季度（2026-Q4）或月份（2026-11）。'],
  'field.cannot_clear': ['Cannot be cleared.', '不能清空。'],
  'field.not_negative': ['Must not be negative.', '不能为负数。'],
  'field.expected_boolean': ['Yes or no.', '请选择是或否。'],
  'field.expected_object': ['A complete form.', '请完整填写表单。'],
  'field.expected_text': ['Text.', '请填写文字。'],
  'field.expected_uuid': ['Choose an entry.', '请选择一项。'],
  'field.expected_date': ['A date between {min} and {max}.', '请填写 {min} 至 {max} 之间的日期。'],
  'field.expected_instant': ['A date and time.', '请填写日期和时间。'],
  'field.expected_integer': ['A whole number.', '请填写整数。'],
  'field.expected_number': ['A number.', '请填写数字。'],
  'field.expected_enum': ['One of: {values}.', '请从以下选项中选择：{values}。'],
  'field.expected_array': ['A list of at most {maxItems} entries.', '最多 {maxItems} 项的列表。'],
  'field.nul_character': ['Text without NUL characters.', '文字中不能含有空字符（NUL）。'],
  'field.invalid_unicode': ['Text with valid characters only.', '文字中含有无效字符。'],
  'field.number_out_of_range': ['A number within the allowed range.', '数字超出允许范围。'],
  'field.value_out_of_range': ['Values within the allowed ranges.', '数值超出允许范围。'],
  'field.malformed_multipart': ['A complete file upload.', '文件上传不完整，请重试。'],
  'field.invalid_json': ['A well-formed request.', '请求格式有误。'],
  'field.malformed_request': ['A well-formed request.', '请求格式有误。'],
  'field.invalid': ['This value is not valid.', '该值无效。'],
  'field.date': ['the date', '日期'],
  'field.from': ['the start date', '开始日期'],
  'field.startDate': ['the start date', '开始日期'],

  'problem.refused': ['The platform refused this ({code}).', '平台拒绝了此操作。'],
  'problem.idempotency_in_progress': ['This form is still being saved: wait a moment, then check the list.', '正在保存中：请稍候，再查看列表。'],
  'problem.idempotency_answer_lost': ['It was saved, but the answer was lost on the way: reload to see it.', '已保存，但返回结果丢失：请刷新查看。'],
  'problem.database_unavailable': ['The platform cannot reach its database right now. Try again in a few seconds: a form sent again is saved once.', '平台暂时无法访问数据库。请几秒后重试：重新提交的表单只会保存一次。'],
  'problem.service_unavailable': ['Part of the platform is restarting and could not take this; nothing reached it. Try again in a few seconds.', '平台的部分服务正在重启，本次请求未送达。请几秒后重试。'],
  'problem.service_timeout': ['The platform took too long to answer. Reload to see whether it was saved before trying again.', '平台响应超时。请先刷新查看是否已保存，再决定是否重试。'],
  'problem.database_busy': ['The platform was busy with other changes; nothing was saved. Try again.', '平台正忙于处理其他修改，未保存任何内容。请重试。'],
  'problem.unknown_stakeholder': ['That contact is not (yet) known for this account: reload and choose again.', '该联系人不属于此客户（或尚未同步）：请刷新后重新选择。'],
});

const KNOWN_ENUM_GROUPS = { stage: 'stage', stance: 'stance' };
const has = key => t(key) !== key;
const number = v => (v === null || v === undefined ? '—' : fmt.number(v));
const classText = c => (c ? t('text.class', { class: c }) : t('text.unclassified'));
const date = d => (d ? fmt.date(d) : '—');

/** Display params per code: money, dates, enum labels and names already in the reader's language. */
const prepare = {
  receivables_overdue: p => ({ amount: fmt.money(p.amount, p.currency ?? 'CNY'), share: fmt.percent(p.sharePct), days: number(p.days) }),
  engagement_none: p => ({ class: classText(p.accountClass), cadence: number(p.cadenceDays) }),
  engagement_since_interaction: p => ({ days: number(p.days), class: classText(p.accountClass), cadence: number(p.cadenceDays) }),
  engagement_since_registration: p => ({ days: number(p.days), class: classText(p.accountClass), cadence: number(p.cadenceDays) }),
  relationship_summary: p => ({ support: fmt.ratio(p.support), closeness: fmt.number(p.closeness, 1), coach: t(p.hasCoach ? 'text.coach.yes' : 'text.coach.no') }),
  sponsors_stable: p => ({ window: number(p.windowDays) }),
  sponsors_departed: p => ({ window: number(p.windowDays), names: joined((p.names ?? []).map(n => n || t('text.protectedContact'))) }),
  satisfaction_rated: p => ({ rating: number(p.rating), of: number(p.of ?? 5) }),
  satisfaction_none: p => ({ neutral: number(p.neutral ?? 60) }),
  health_fell: p => ({ from: number(p.from), to: number(p.to), window: number(p.windowDays) }),
  engagement_gap: p => ({ days: number(p.days), class: classText(p.accountClass), cadence: number(p.cadenceDays) }),
  renewal_at_risk: p => ({ endDate: date(p.endDate), score: number(p.score) }),
  payment_overdue: p => ({ number: p.contractNumber ?? '', amount: fmt.money(p.amount, p.currency ?? 'CNY'), days: number(p.days), dueDate: date(p.dueDate) }),
  competitor_won: p => ({
    deal: p.opportunityName ? t('text.deal.named', { name: p.opportunityName }) : t('text.deal.unnamed'),
    competitor: p.competitor ?? '', reason: p.lossReason ?? '',
  }),
  champion_departed: p => ({
    name: p.stakeholderName || t('text.protectedContact'),
    roles: joined([...(p.buyingRoles ?? []).map(r => label('buyingRole', r)), label('stance', p.stance)]),
    influence: number(p.influence), leftOn: date(p.leftOn),
  }),
  over_stage_norm: p => ({ days: number(p.daysInStage), stage: label(KNOWN_ENUM_GROUPS.stage, p.stage), norm: number(p.normDays) }),
  overdue_task: p => ({ count: number(p.count), stage: label(KNOWN_ENUM_GROUPS.stage, p.stage) }),
};

function joined(items) {
  return items.filter(Boolean).join(locale() === 'zh-CN' ? '、' : ', ');
}

/**
 * A server-made sentence in the reader's language: `text.{code}` filled with its prepared params. A code this
 * client does not know shows the server's English in English, and `unknown` (a generic sentence) otherwise.
 */
export function serverText(code, params, english, unknown = '') {
  if (code && has(`text.${code}`)) return t(`text.${code}`, (prepare[code] ?? (p => p))(params ?? {}));
  return locale() === 'en' ? english ?? unknown : unknown || english || '';
}

/** An alert's reason; alerts raised before reasons had codes fall back to their kind. */
export const alertReason = alert => serverText(alert.code, alert.params, alert.reason, t('text.alertNoDetail'));

/** The playbook steps in the reader's language (playbookCodes run index for index with the English playbook). */
export function playbookSteps(alert) {
  const codes = alert.playbookCodes ?? [];
  return (alert.playbook ?? []).map((step, i) => (codes[i] && has(`playbook.${codes[i]}`) ? t(`playbook.${codes[i]}`) : step));
}

/** One field error (`fieldErrors` entry) in the reader's language. */
export function fieldMessage(error) {
  const p = { ...(error.params ?? {}) };
  if (Array.isArray(p.values)) p.values = p.values.join(locale() === 'zh-CN' ? '、' : ', ');
  if (p.other && has(`field.${p.other}`)) p.other = t(`field.${p.other}`);
  for (const key of ['min', 'max']) if (/^\d{4}-\d{2}-\d{2}$/.test(p[key] ?? '')) p[key] = fmt.date(p[key]);
  if (has(`field.${error.code}`)) return t(`field.${error.code}`, p);
  return locale() === 'en' ? error.message : t('field.invalid');
}

/**
 * The problem's field errors as { field: [messages] } in the reader's language, from `fieldErrors` (code + params);
 * problems without them keep their `errors` (in English only) so nothing the API said is lost.
 */
export function localizedErrors(problem) {
  if (Array.isArray(problem?.fieldErrors) && problem.fieldErrors.length) {
    const out = {};
    for (const e of problem.fieldErrors) (out[e.field] ??= []).push(fieldMessage(e));
    return out;
  }
  if (!problem?.errors) return null;
  if (locale() === 'en') return problem.errors;
  return Object.fromEntries(Object.keys(problem.errors).map(field => [field, [t('field.invalid')]]));
}

/** A refusal without a field (422 etc.): its translated code when this client knows it, else the detail in English or a generic sentence. */
export function problemMessage(problem, fallback) {
  const code = problem?.code;
  if (code && has(`problem.${code}`)) return t(`problem.${code}`, problem.params ?? {});
  if (locale() === 'en') return problem?.detail || problem?.title || fallback;
  return code ? t('problem.refused', { code }) : fallback;
}

/**
 * Money for summaries and KPI tiles: in Chinese, amounts from ¥10万 up read as 万 (¥77.7万, ¥1.2亿 as ¥12,000万) as a
 * Chinese business reader expects; in English, amounts from a million up read in millions (CN¥30.85M), which also keeps
 * a tile's figure on one line on a phone. Smaller amounts stay exact. Tables keep fmt.money.
 */
export function moneySummary(amount, currency = 'CNY') {
  const n = Number(amount);
  if (amount === null || amount === undefined || amount === '' || Number.isNaN(n)) return '—';
  if (locale() !== 'zh-CN') return Math.abs(n) < 1_000_000 ? fmt.money(n, currency) : fmt.moneyShort(n, currency);
  if (Math.abs(n) < 100_000) return fmt.money(n, currency);
  const wan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency, maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(n / 10_000);
  return `${wan}万`;
}
