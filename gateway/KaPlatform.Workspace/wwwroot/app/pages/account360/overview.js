// Overview: who the account is, how it is classified (docs/product.md §1.2: qualification, levels, class, strategies and their
// tactics, matrix quadrant), the nine-box, the assessment history and the group hierarchy with its roll-ups.
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, idempotencyKey } from '../../api.js';
import { defineStrings } from '../../common.js';
import { personName } from '../../people.js';
import { card, classBadge, table, formDialog, toast, empty, selfLoading } from '../../components.js';
import { nineBox } from './nineBox.js';
import { canWrite, facts, currentFiscalYear, CREDIT_RATINGS } from './util.js';

// The service's default tactics are English settings text; known defaults get their Chinese wording here, anything an
// admin configured shows as written.
const DEFAULT_TACTICS = {
  "Assign a senior KAM and an executive sponsor": ["Assign a senior KAM and an executive sponsor", "配备资深大客户经理和高管发起人"],
  "Joint annual planning with the customer": ["Joint annual planning with the customer", "与客户联合制定年度规划"],
  "Priority access to solution and delivery experts": ["Priority access to solution and delivery experts", "优先调配方案与交付专家"],
  "Keep service levels and response times": ["Keep service levels and response times", "保持服务水平与响应速度"],
  "Regular business reviews": ["Regular business reviews", "定期业务回顾"],
  "Protect share of wallet against competitors": ["Protect share of wallet against competitors", "守住份额，防范竞争对手"],
  "Map the decision chain and find a coach": ["Map the decision chain and find a coach", "摸清决策链，发展内部教练"],
  "Propose solutions for unmet needs": ["Propose solutions for unmet needs", "针对未满足需求提出方案"],
  "Invest to lift the account to class A or B": ["Invest to lift the account to class A or B", "投入资源，把客户提升为 A 类或 B 类"],
  "Serve through standard channels": ["Serve through standard channels", "通过标准渠道服务"],
  "Review the account yearly": ["Review the account yearly", "每年回顾一次"],
  "Executive-level relationship on both sides": ["Executive-level relationship on both sides", "双方高层建立关系"],
  "Quarterly success reviews": ["Quarterly success reviews", "每季度客户成功回顾"],
  "Plan renewals well ahead": ["Plan renewals well ahead", "提前规划续约"],
  "Find the root cause of the decline": ["Find the root cause of the decline", "找到下滑的根本原因"],
  "Win new supporters and neutralise opponents": ["Win new supporters and neutralise opponents", "争取新的支持者，化解反对者"],
  "Bring a new solution or commercial offer": ["Bring a new solution or commercial offer", "带来新方案或新的商务条件"],
  "Identify the economic buyer and decision maker": ["Identify the economic buyer and decision maker", "找到经济决策人和决策者"],
  "Land a first project as a reference": ["Land a first project as a reference", "拿下首个项目作为样板"],
  "Build a coach inside the customer": ["Build a coach inside the customer", "在客户内部发展教练"],
  "Expand into new departments and products": ["Expand into new departments and products", "拓展到新部门和新产品"],
  "Raise share of wallet with cross-selling": ["Raise share of wallet with cross-selling", "通过交叉销售提高份额"],
  "Deepen relationships beyond the buyer": ["Deepen relationships beyond the buyer", "在采购人之外深化关系"],
  "Keep in touch at low cost": ["Keep in touch at low cost", "低成本保持联系"],
  "Watch for trigger events (new budget, new leadership)": ["Watch for trigger events (new budget, new leadership)", "关注触发事件（新预算、新领导）"],
};
defineStrings(Object.fromEntries(Object.entries(DEFAULT_TACTICS).map(([k, v]) => [`tactic.${k}`, v])));

defineStrings({
  'acct360.ov.account': ['Account', '客户信息'],
  'acct360.ov.industry': ['Industry', '行业'],
  'acct360.ov.category': ['Category', '客户类别'],
  'acct360.ov.lifecycle': ['Lifecycle stage', '生命周期'],
  'acct360.ov.purchasePattern': ['Purchase pattern', '采购模式'],
  'acct360.ov.parent': ['Group / parent', '所属集团'],
  'acct360.ov.parentHidden': ['A group account you cannot see', '上级客户（您无权查看）'],
  'acct360.ov.team': ['Account team', '客户团队'],
  'acct360.ov.created': ['Registered', '建档时间'],
  'acct360.ov.classification': ['Classification', '客户分级'],
  'acct360.ov.notAssessed': ['This account has not been assessed yet, so it has no class, levels or strategy. An assessment of contribution, potential and the seven KA criteria classifies it.',
    '该客户尚未评估，因此还没有分类、等级和策略。录入贡献、潜力和七项大客户标准的评估后即可分级。'],
  'acct360.ov.assess': ['Assess', '评估'],
  'acct360.ov.assessTitle': ['Assess the account', '客户评估'],
  'acct360.ov.assessed': ['Assessed: class {cls}.', '评估完成：{cls} 类。'],
  'acct360.ov.fiscalYear': ['Fiscal year', '财年'],
  'acct360.ov.contribution': ['Contribution (annual revenue to us)', '贡献（年度为我方带来的收入）'],
  'acct360.ov.potential': ['Potential (the most it could bring)', '潜力（最多可带来的收入）'],
  'acct360.ov.marginPct': ['Margin %', '毛利率 %'],
  'acct360.ov.purchaseGrowthPct': ['Purchase growth %', '采购增长率 %'],
  'acct360.ov.avgPaymentDelayDays': ['Average payment delay (days)', '平均回款延迟（天）'],
  'acct360.ov.creditRating': ['Credit rating', '信用等级'],
  'acct360.ov.strategicFit': ['Strategic fit (0–5)', '战略契合度（0–5）'],
  'acct360.ov.openness': ['Openness (0–5)', '开放度（0–5）'],
  'acct360.ov.class': ['Class', '客户分类'],
  'acct360.ov.qualified': ['Qualifies as a key account', '符合大客户标准'],
  'acct360.ov.notQualified': ['Does not qualify as a key account', '不符合大客户标准'],
  'acct360.ov.metCount': ['{met} of 7 criteria met (5 needed)', '满足 {met}/7 项标准（需 5 项）'],
  'acct360.ov.potentialLevel': ['Potential level', '潜力等级'],
  'acct360.ov.contributionLevel': ['Contribution level', '贡献等级'],
  'acct360.ov.quadrant': ['Customer matrix', '客户分析矩阵'],
  'acct360.ov.closeness': ['Relationship closeness', '关系亲密度'],
  'acct360.ov.resourceStrategy': ['Resource strategy', '资源策略'],
  'acct360.ov.managementStrategy': ['Management strategy', '管理策略'],
  'acct360.ov.assessedAt': ['Assessed {date} by {who} (FY{fy})', '{who} 于 {date} 评估（{fy} 财年）'],
  'acct360.ov.criteria': ['Key-account criteria', '大客户资格标准'],
  'acct360.ov.criterion': ['Criterion', '标准'],
  'acct360.ov.criteriaPending': ['The first assessment checks the seven criteria; at least five met make a key account:', '首次评估将检查以下七项标准，满足至少五项即为大客户：'],
  'acct360.ov.met': ['Met', '是否满足'],
  'acct360.ov.value': ['Value', '数值'],
  'acct360.ov.metYes': ['✓ Met', '✓ 满足'],
  'acct360.ov.metNo': ['✗ Not met', '✗ 未满足'],
  'acct360.ov.creditValue': ['Rating {rating}, pays {days} days late on average', '信用 {rating}，平均延迟 {days} 天回款'],
  'acct360.ov.history': ['Assessment history', '评估历史'],
  'acct360.ov.assessedBy': ['Assessed by', '评估人'],
  'acct360.ov.hierarchy': ['Group hierarchy', '集团层级'],
  'acct360.ov.rollup': ['Roll-up over {count} visible accounts', '汇总 {count} 个可见客户'],
  'acct360.ov.rollupContribution': ['Contribution', '贡献合计'],
  'acct360.ov.rollupPotential': ['Potential', '潜力合计'],
  'acct360.ov.noChildren': ['No sub-accounts under this one (that you can see).', '该客户下没有（您可见的）下级客户。'],
  'acct360.ov.tactics': ['Tactics', '具体打法'],
  'kaCriterion.sales_volume': ['Sales volume', '销售额'],
  'kaCriterion.margin': ['Margin', '利润率'],
  'kaCriterion.growth': ['Purchase growth', '采购增长'],
  'kaCriterion.potential': ['Potential', '发展潜力'],
  'kaCriterion.credit_payment': ['Credit & payment', '信用与回款'],
  'kaCriterion.strategic_entry_point': ['Strategic entry point', '战略切入点'],
  'kaCriterion.openness': ['Openness to cooperation', '合作开放度'],
});

const CRITERIA = ['sales_volume', 'margin', 'growth', 'potential', 'credit_payment', 'strategic_entry_point', 'openness'];

function criterionValue(c) {
  if (c.value === null || c.value === undefined) return '—';
  switch (c.criterion) {
    case 'sales_volume': case 'potential': return fmt.money(c.value);
    case 'margin': case 'growth': return fmt.percent(c.value, 1);
    case 'strategic_entry_point': case 'openness': return `${fmt.number(c.value)} / 5`;
    case 'credit_payment': {
      const m = /^(.+)\/(.+)d$/.exec(String(c.value));
      return m ? t('acct360.ov.creditValue', { rating: m[1], days: m[2] }) : String(c.value);
    }
    default: return String(c.value);
  }
}

function accountCard({ account, parent }) {
  const parentValue = account.parentId
    ? (parent ? h('a', { href: `#/accounts/${parent.id}`, id: 'parent-link' }, parent.name) : h('span', { class: 'muted' }, t('acct360.ov.parentHidden')))
    : null;
  const team = h('ul', { class: 'a360-team', id: 'account-team' }, (account.team ?? []).map(m =>
    h('li', { dataset: { userId: m.userId } }, h('strong', null, personName(m.userId)), ' · ', label('teamRole', m.role))));
  return card(t('acct360.ov.account'), facts([
    [t('common.region'), account.region],
    [t('common.owner'), personName(account.ownerId)],
    [t('acct360.ov.industry'), account.industry],
    [t('acct360.ov.category'), account.category ? label('category', account.category) : null],
    [t('acct360.ov.lifecycle'), account.lifecycleStage ? label('lifecycleStage', account.lifecycleStage) : null],
    [t('acct360.ov.purchasePattern'), account.purchasePattern ? label('purchasePattern', account.purchasePattern) : null],
    [t('acct360.ov.parent'), parentValue],
    [t('acct360.ov.created'), fmt.date(account.createdAt)],
  ]), h('h3', null, t('acct360.ov.team')), account.team?.length ? team : empty());
}

function strategyBlock(title, group, value, tactics) {
  return h('div', { class: 'a360-strategy', dataset: { strategy: value } },
    h('div', { class: 'a360-strategy-head' }, h('span', { class: 'muted small' }, title), h('strong', null, label(group, value))),
    tactics?.length ? h('ul', { class: 'a360-tactics', 'aria-label': t('acct360.ov.tactics') }, tactics.map(x => h('li', null, label('tactic', x)))) : null);
}

function classificationCard(current, assessButton) {
  if (!current) {
    return card(t('acct360.ov.classification'),
      h('p', { class: 'notice', id: 'not-assessed' }, t('acct360.ov.notAssessed')), assessButton);
  }
  const q = current.qualification;
  return h('section', { class: 'card', id: 'classification' },
    h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.ov.classification')), assessButton),
    h('div', { class: 'a360-class-line' },
      h('span', { class: 'a360-class-big' }, classBadge(current.class)),
      h('div', null,
        h('div', { class: ['badge', current.qualified ? 'tone-ok' : 'tone-warn'], id: 'qualified' },
          current.qualified ? t('acct360.ov.qualified') : t('acct360.ov.notQualified')),
        h('div', { class: 'muted small' }, t('acct360.ov.metCount', { met: q?.metCount ?? 0 })))),
    facts([
      [t('acct360.ov.potentialLevel'), `${label('level', current.potentialLevel)} · ${fmt.moneyShort(current.potential)}`],
      [t('acct360.ov.contributionLevel'), `${label('level', current.contributionLevel)} · ${fmt.moneyShort(current.contribution)}`],
      [t('acct360.ov.quadrant'), label('matrixQuadrant', current.matrixQuadrant), { dataset: { quadrant: current.matrixQuadrant } }],
      [t('acct360.ov.closeness'), `${fmt.number(current.compositeCloseness, 1)} / 100`],
    ]),
    h('div', { class: 'a360-strategies' },
      strategyBlock(t('acct360.ov.resourceStrategy'), 'resourceStrategy', current.resourceStrategy, current.tactics?.resource),
      strategyBlock(t('acct360.ov.managementStrategy'), 'managementStrategy', current.managementStrategy, current.tactics?.management)),
    h('p', { class: 'muted small' }, t('acct360.ov.assessedAt', { date: fmt.dateTime(current.assessedAt), who: personName(current.assessedBy), fy: current.fiscalYear })));
}

function criteriaCard(current) {
  if (!current) return null;
  return card(t('acct360.ov.criteria'), h('div', { id: 'ka-criteria' }, table([
    { title: t('acct360.ov.criterion'), render: c => label('kaCriterion', c.criterion) },
    { title: t('acct360.ov.met'), render: c => h('span', { class: ['badge', c.met ? 'tone-ok' : 'tone-danger'], dataset: { met: String(c.met) } }, c.met ? t('acct360.ov.metYes') : t('acct360.ov.metNo')) },
    { title: t('acct360.ov.value'), render: criterionValue },
  ], current.qualification?.criteria ?? [])));
}

function historyCard(history) {
  if (!history.length) return null;
  return card(t('acct360.ov.history'), h('div', { id: 'assessment-history' }, table([
    { title: t('acct360.ov.fiscalYear'), render: r => String(r.fiscalYear) },
    { title: t('acct360.ov.class'), render: r => classBadge(r.class) },
    { title: t('acct360.ov.potentialLevel'), render: r => `${label('level', r.potentialLevel)} · ${fmt.moneyShort(r.potential)}` },
    { title: t('acct360.ov.contributionLevel'), render: r => `${label('level', r.contributionLevel)} · ${fmt.moneyShort(r.contribution)}` },
    { title: t('acct360.ov.quadrant'), render: r => label('matrixQuadrant', r.matrixQuadrant) },
    { title: t('common.date'), render: r => fmt.date(r.assessedAt) },
    { title: t('acct360.ov.assessedBy'), render: r => personName(r.assessedBy) },
  ], history)));
}

function hierarchyTree(node, currentId) {
  return h('li', { dataset: { accountId: node.id } },
    node.id === currentId ? h('strong', null, node.name) : h('a', { href: `#/accounts/${node.id}` }, node.name), ' ',
    node.class ? classBadge(node.class) : null,
    h('span', { class: 'muted small' }, ` ${node.region} · ${fmt.moneyShort(node.rollup.contribution)} / ${fmt.moneyShort(node.rollup.potential)}`),
    node.children?.length ? h('ul', null, node.children.map(c => hierarchyTree(c, currentId))) : null);
}

async function hierarchyCard(id) {
  const root = await api(`/api/accounts/${id}/hierarchy`);
  return [
    h('p', { class: 'muted small' }, t('acct360.ov.rollup', { count: root.rollup.accounts })),
    facts([
      [t('acct360.ov.rollupContribution'), fmt.money(root.rollup.contribution)],
      [t('acct360.ov.rollupPotential'), fmt.money(root.rollup.potential)],
    ]),
    root.children?.length ? h('ul', { class: 'a360-tree' }, hierarchyTree(root, id)) : h('p', { class: 'muted' }, t('acct360.ov.noChildren')),
  ];
}

function assessFields(current) {
  const v = current ?? {};
  return [
    { name: 'fiscalYear', label: t('acct360.ov.fiscalYear'), type: 'number', required: true, value: currentFiscalYear(), min: 2000, max: 2100, step: 1 },
    { name: 'contribution', label: t('acct360.ov.contribution'), type: 'number', required: true, value: v.contribution ?? '', min: 0, step: 0.01 },
    { name: 'potential', label: t('acct360.ov.potential'), type: 'number', required: true, value: v.potential ?? '', min: 0, step: 0.01 },
    { name: 'marginPct', label: t('acct360.ov.marginPct'), type: 'number', value: v.marginPct ?? '', min: -100, max: 100, step: 0.1 },
    { name: 'purchaseGrowthPct', label: t('acct360.ov.purchaseGrowthPct'), type: 'number', value: v.purchaseGrowthPct ?? '', step: 0.1 },
    { name: 'avgPaymentDelayDays', label: t('acct360.ov.avgPaymentDelayDays'), type: 'number', value: v.avgPaymentDelayDays ?? '', min: 0, step: 1 },
    { name: 'creditRating', label: t('acct360.ov.creditRating'), type: 'select', value: v.creditRating ?? '', options: CREDIT_RATINGS.map(r => [r, r]) },
    { name: 'strategicFit', label: t('acct360.ov.strategicFit'), type: 'number', value: v.strategicFit ?? '', min: 0, max: 5, step: 1 },
    { name: 'openness', label: t('acct360.ov.openness'), type: 'number', value: v.openness ?? '', min: 0, max: 5, step: 1 },
  ];
}

export default {
  async render(env) {
    const { id } = env;
    const classification = await api(`/api/accounts/${id}/classification`);
    const current = classification.current;
    const history = classification.history ?? [];

    const assessButton = canWrite() ? h('button', {
      type: 'button', class: 'primary', id: 'assess-account',
      onClick: async () => {
        const result = await formDialog(t('acct360.ov.assessTitle'), assessFields(current),
          values => api(`/api/accounts/${id}/assessments`, { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } }),
          { submitLabel: t('acct360.ov.assess') });
        if (result) {
          toast(t('acct360.ov.assessed', { cls: result.class }));
          env.refresh();
        }
      },
    }, t('acct360.ov.assess')) : null;

    const hierarchy = selfLoading({ id: 'account-hierarchy' }, () => hierarchyCard(id));
    return h('div', { class: 'a360-overview', id: 'overview' },
      h('div', { class: 'a360-grid' },
        h('div', null, accountCard(env), card(t('acct360.ov.hierarchy'), hierarchy)),
        classificationCard(current, assessButton)),
      h('div', { class: 'a360-grid' },
        card(t('acct360.nine.title'), nineBox(current, history)),
        criteriaCard(current) ?? card(t('acct360.ov.criteria'), h('p', { class: 'muted' }, t('acct360.ov.criteriaPending')),
          h('ul', { id: 'ka-criteria' }, CRITERIA.map(c => h('li', null, label('kaCriterion', c)))))),
      historyCard(history));
  },
};

