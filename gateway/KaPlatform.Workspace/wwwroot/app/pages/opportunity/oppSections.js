// The parts of the Opportunity page built from the opportunity itself: header and stage progress, readiness gates,
// competitors, the nine information points, the iron-triangle team and the stage history. Edits go through
// ctx.patch (PATCH with If-Match: the version read).
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { knownPeople, personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { table, formDialog, enumOptions, empty } from '../../components.js';
import { stageBadge, threatBadge, check, accountLink, OPEN_STAGES, TEAM_ROLES, INFO_POINTS, stageRank, isSeller, joinList, requireFields } from '../../deals.js';
import { DEFAULT_PROBABILITY } from './stageMove.js';

defineStrings({
  'opp.back': ['← Pipeline', '← 商机管道'],
  'opp.type': ['Type', '类型'],
  'opp.amount': ['Amount', '金额'],
  'opp.currency': ['Currency', '币种'],
  'opp.expectedClose': ['Expected close', '预计成交'],
  'opp.probability': ['Probability', '赢率'],
  'opp.probabilityDefault': ['follows the stage', '按阶段默认'],
  'opp.probabilityOverride': ['set by hand: {reason}', '手动调整：{reason}'],
  'opp.stage': ['Stage', '阶段'],
  'opp.progress': ['Stage progress', '阶段进度'],
  'opp.source': ['Source', '来源'],
  'opp.fromLead': ['Qualified lead', '线索转化'],
  'opp.fromRenewal': ['Contract renewal', '合同续约'],
  'opp.fromNeed': ['Success review need', '客户成功新需求'],
  'readiness.title': ['Readiness gates', '阶段门槛'],
  'readiness.into': ['Gate into {stage}', '进入“{stage}”的门槛'],
  'readiness.hint': ['Checked on every forward move; a move past an unmet gate needs an override with a reason.', '每次向前推进时检查；未满足的门槛需填写原因才能强制推进。'],
  'readiness.behind': ['already passed', '已通过该阶段'],
  'readiness.closed': ['The deal is closed: the gates no longer apply.', '商机已结案，阶段门槛不再适用。'],
  'readiness.rule.no_coach_or_ally': ['A coach or an ally at the account', '客户中有教练或盟友'],
  'readiness.rule.economic_buyer_not_engaged': ['Economic buyer or decision maker engaged in the last 90 days', '90 天内接触过经济决策人或决策者'],
  'readiness.rule.competition_unknown': ['Competition known (a competitor recorded, or the competition point known)', '竞争情况已掌握（已记录竞争对手或“竞争情况”已掌握）'],
  'readiness.rule.bid_not_won': ['The latest bid is won, or there is no bid', '最近一次投标已中标，或无投标'],
  'competitors.title': ['Competitors', '竞争对手'],
  'competitors.name': ['Competitor', '竞争对手'],
  'competitors.strengths': ['Strengths', '优势'],
  'competitors.weaknesses': ['Weaknesses', '劣势'],
  'competitors.threat': ['Threat', '威胁'],
  'competitors.incumbent': ['Incumbent', '现有供应商'],
  'competitors.add': ['Add competitor', '添加竞争对手'],
  'competitors.edit': ['Edit', '编辑'],
  'competitors.remove': ['Remove', '移除'],
  'competitors.confirmRemove': ['Remove {name} from the competitors?', '确定移除竞争对手 {name}？'],
  'competitors.none': ['No competitor recorded. The gate into commercial negotiation needs a competitor, or the competition information point marked known.', '尚未记录竞争对手。进入商务谈判需要至少一个竞争对手，或将“竞争情况”信息点标记为已掌握。'],
  'infoPoints.title': ['Nine information points', '九大信息点'],
  'infoPoints.count': ['{known} of 9 known', '已掌握 {known} / 9'],
  'infoPoints.edit': ['Edit', '编辑'],
  'infoPoints.known': ['Known', '已掌握'],
  'infoPoints.notes': ['Notes', '备注'],
  'infoPoints.noNotes': ['No notes yet.', '暂无备注。'],
  'team.title': ['Team (iron triangle)', '铁三角团队'],
  'team.edit': ['Edit team', '编辑团队'],
  'team.missing': ['Not staffed', '未配置'],
  'team.owner': ['Deal owner', '商机负责人'],
  'history.title': ['Stage history', '阶段历史'],
  'history.overridden': ['Override', '强制推进'],
  'history.failed': ['Gates not met: {rules}', '未满足门槛：{rules}'],
  'history.by': ['by {name}', '操作人 {name}'],
  'history.none': ['No stage changes recorded.', '暂无阶段变更记录。'],
});

const editButton = (text, attrs) => h('button', { type: 'button', class: 'secondary small', ...attrs }, text);

export function header(ctx) {
  const { opp } = ctx;
  const badge = stageBadge(opp.stage);
  badge.id = 'opportunity-stage';
  const source = opp.leadId ? t('opp.fromLead') : opp.sourceContractId ? t('opp.fromRenewal') : opp.sourceNeedId ? t('opp.fromNeed') : null;
  const facts = h('ul', { class: 'opp-facts', id: 'opportunity-facts' },
    h('li', null, t('common.account'), h('strong', null, accountLink(opp.accountId))),
    h('li', null, t('opp.type'), h('strong', { dataset: { type: opp.type } }, label('opportunityType', opp.type))),
    h('li', { class: 'amount' }, t('opp.amount'), h('strong', { id: 'opportunity-amount' }, fmt.money(opp.amount, opp.currency))),
    h('li', null, t('opp.currency'), h('strong', null, opp.currency)),
    h('li', null, t('opp.expectedClose'), h('strong', null, fmt.date(opp.expectedCloseDate))),
    h('li', null, t('common.owner'), h('strong', null, personName(opp.ownerId))),
    h('li', null, t('opp.probability'), h('strong', { id: 'opportunity-probability', class: opp.probabilityOverridden ? 'overridden' : null }, fmt.percent(opp.probability)),
      ' ', h('span', { class: opp.probabilityOverridden ? 'probability-reason' : 'muted small' },
        opp.probabilityOverridden ? t('opp.probabilityOverride', { reason: opp.probabilityReason }) : t('opp.probabilityDefault'))),
    source ? h('li', null, t('opp.source'), h('strong', null, source)) : null);
  return [
    h('header', { class: 'page-header' },
      h('div', null, h('a', { href: '#/pipeline', class: 'muted small back-link' }, t('opp.back')),
        h('h1', null, h('span', { id: 'opportunity-name' }, opp.name), badge)),
      h('div', { class: 'actions' })),
    facts,
    stageProgress(opp),
  ];
}

/** initiation → … → signing → won (or lost at the point it was lost), with each stage's default probability. */
function stageProgress(opp) {
  const history = opp.stageHistory ?? [];
  const furthestOpen = Math.max(stageRank(opp.stage), ...history.map(c => (OPEN_STAGES.includes(c.toStage) ? stageRank(c.toStage) : -1)));
  const closed = opp.stage === 'won' || opp.stage === 'lost';
  const reached = opp.stage === 'won' ? OPEN_STAGES.length : closed ? furthestOpen + 1 : stageRank(opp.stage);
  const steps = OPEN_STAGES.map((stage, i) => h('li', {
    class: [i < reached ? 'done' : null, !closed && stage === opp.stage ? 'current' : null], dataset: { stage },
  }, label('stage', stage), h('span', { class: 'prob' }, fmt.percent(DEFAULT_PROBABILITY[stage]))));
  const final = opp.stage === 'lost' ? 'lost' : 'won';
  steps.push(h('li', { class: [final, closed ? 'current' : null], dataset: { stage: final } },
    label('stage', final), h('span', { class: 'prob' }, fmt.percent(DEFAULT_PROBABILITY[final]))));
  return h('ol', { class: 'stage-progress', id: 'stage-progress', 'aria-label': t('opp.progress') }, steps);
}

/** A gate rule phrased as what must hold (the gateRule labels name the failure); unknown codes fall back to that label. */
function ruleText(rule) {
  const key = `readiness.rule.${rule.rule}`;
  const text = t(key);
  return h('span', { class: ['rule-text', rule.passed ? null : 'tone-danger'], title: rule.passed ? null : label('gateRule', rule.rule) },
    text === key ? label('gateRule', rule.rule) : text);
}

export function readinessCard(ctx) {
  const { opp } = ctx;
  const rank = stageRank(opp.stage);
  const closed = opp.stage === 'won' || opp.stage === 'lost';
  return h('section', { class: ['card', closed ? 'closed' : null], id: 'readiness' }, h('h2', null, t('readiness.title')),
    h('ul', { class: 'readiness-list' }, (opp.readiness ?? []).map(rule => {
      const behind = stageRank(rule.stage) <= rank;
      return h('li', { class: [behind ? 'behind' : null, rule.passed ? 'passed' : 'failed'], dataset: { rule: rule.rule, passed: String(rule.passed), stage: rule.stage } },
        check(rule.passed),
        h('span', null, ruleText(rule),
          h('span', { class: 'gate-stage' }, t('readiness.into', { stage: label('stage', rule.stage) }), behind ? ` · ${t('readiness.behind')}` : '')));
    })),
    h('p', { class: 'muted small' }, t(closed ? 'readiness.closed' : 'readiness.hint')));
}

const competitorFields = (c = {}) => [
  { name: 'name', label: t('competitors.name'), required: true, value: c.name ?? '' },
  { name: 'threat', label: t('competitors.threat'), type: 'select', required: true, value: c.threat ?? 'medium', options: enumOptions('level', ['high', 'medium', 'low']) },
  { name: 'strengths', label: t('competitors.strengths'), type: 'textarea', wide: true, value: c.strengths ?? '' },
  { name: 'weaknesses', label: t('competitors.weaknesses'), type: 'textarea', wide: true, value: c.weaknesses ?? '' },
  { name: 'incumbent', label: t('competitors.incumbent'), type: 'checkbox', value: !!c.incumbent },
];

const asInput = c => ({ name: c.name, strengths: c.strengths ?? null, weaknesses: c.weaknesses ?? null, threat: c.threat, incumbent: !!c.incumbent });

export function competitorsCard(ctx) {
  const { opp } = ctx;
  const list = opp.competitors ?? [];
  const save = next => ctx.patch({ competitors: next.map(c => asInput(requireFields(c, ['name', 'threat']))) });
  const add = ctx.writable ? editButton(`+ ${t('competitors.add')}`, {
    id: 'add-competitor',
    onClick: () => formDialog(t('competitors.add'), competitorFields(), values => save([...list, values])),
  }) : null;
  const columns = [
    { title: t('competitors.name'), render: c => h('strong', { class: 'competitor-name' }, c.name) },
    { title: t('competitors.threat'), render: c => threatBadge(c.threat) },
    { title: t('competitors.incumbent'), render: c => (c.incumbent ? h('span', { class: 'badge tone-warn incumbent' }, t('competitors.incumbent')) : h('span', { class: 'muted' }, t('common.no'))) },
    { title: t('competitors.strengths'), render: c => c.strengths ?? '—', className: 'prewrap' },
    { title: t('competitors.weaknesses'), render: c => c.weaknesses ?? '—', className: 'prewrap' },
  ];
  if (ctx.writable) {
    columns.push({ title: '', render: c => {
      const i = list.indexOf(c);
      return h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'link small edit-competitor', onClick: () => formDialog(`${t('competitors.edit')} · ${c.name}`, competitorFields(c),
          values => save(list.map((x, j) => (j === i ? values : x)))) }, t('competitors.edit')),
        h('button', { type: 'button', class: 'link small remove-competitor', onClick: async () => {
          if (!confirm(t('competitors.confirmRemove', { name: c.name }))) return;
          try { await save(list.filter((_, j) => j !== i)); } catch (error) { ctx.fail(error); }
        } }, t('competitors.remove')));
    } });
  }
  return h('section', { class: 'card pipeline-section', id: 'competitors' },
    h('div', { class: 'section-head' }, h('h2', null, t('competitors.title')), add),
    table(columns, list, { emptyText: t('competitors.none'), rowClass: c => `threat-${c.threat}` }));
}

export function infoPointsCard(ctx) {
  const { opp } = ctx;
  const byKey = new Map((opp.infoPoints ?? []).map(p => [p.key, p]));
  const points = INFO_POINTS.map(key => byKey.get(key) ?? { key, known: false, notes: null });
  const known = points.filter(p => p.known).length;
  const edit = p => formDialog(label('infoPoint', p.key), [
    { name: 'known', label: t('infoPoints.known'), type: 'checkbox', value: p.known },
    { name: 'notes', label: t('infoPoints.notes'), type: 'textarea', wide: true, rows: 4, value: p.notes ?? '' },
  ], values => ctx.patch({ infoPoints: [{ key: p.key, known: values.known, notes: values.notes }] }));
  return h('section', { class: 'card pipeline-section', id: 'info-points' },
    h('div', { class: 'section-head' }, h('h2', null, t('infoPoints.title'), ' ', h('span', { class: 'info-count', dataset: { known: String(known) } }, t('infoPoints.count', { known })))),
    h('ul', { class: 'info-points' }, points.map(p => h('li', { class: p.known ? 'known' : 'unknown', dataset: { key: p.key, known: String(p.known) } },
      check(p.known, t('pipeline.known'), t('pipeline.unknown')),
      h('span', { class: 'ip-name' }, label('infoPoint', p.key)),
      ctx.writable ? h('button', { type: 'button', class: 'link small edit-info-point', onClick: () => edit(p) }, t('infoPoints.edit')) : h('span'),
      h('div', { class: 'ip-notes' }, p.notes || h('span', { class: 'muted' }, t('infoPoints.noNotes')))))));
}

export function teamCard(ctx) {
  const { opp } = ctx;
  const team = opp.team ?? [];
  const people = knownPeople().filter(isSeller);
  const choices = [...people.map(p => [p.userId, p.name]),
    ...team.filter(m => !people.some(p => p.userId === m.userId)).map(m => [m.userId, personName(m.userId)])]
    .filter(([id], i, all) => all.findIndex(([x]) => x === id) === i);
  const edit = ctx.writable ? editButton(t('team.edit'), {
    id: 'edit-team',
    onClick: () => formDialog(t('team.title'), TEAM_ROLES.map(role => ({
      name: role, label: label('opportunityTeamRole', role), type: 'multi', wide: true, options: choices,
      value: team.filter(m => m.role === role).map(m => m.userId),
    })), values => ctx.patch({ team: TEAM_ROLES.flatMap(role => (values[role] ?? []).map(userId => ({ userId, role }))) })),
  }) : null;
  return h('section', { class: 'card pipeline-section', id: 'team' },
    h('div', { class: 'section-head' }, h('h2', null, t('team.title')), edit),
    h('ul', { class: 'team-list' },
      h('li', { dataset: { role: 'owner' } }, h('span', { class: 'muted' }, t('team.owner')), h('strong', null, personName(opp.ownerId))),
      TEAM_ROLES.map(role => {
        const members = team.filter(m => m.role === role);
        return h('li', { dataset: { role } }, h('span', { class: 'muted' }, label('opportunityTeamRole', role)),
          members.length ? h('span', null, joinList(members.map(m => personName(m.userId)))) : h('span', { class: 'missing' }, t('team.missing')));
      })));
}

export function historyCard(ctx) {
  const changes = [...(ctx.opp.stageHistory ?? [])].reverse();
  return h('section', { class: 'card', id: 'stage-history' }, h('h2', null, t('history.title')),
    changes.length ? h('ol', { class: 'history-list' }, changes.map(c => h('li', { class: c.overridden ? 'was-overridden' : null, dataset: { to: c.toStage } },
      h('div', { class: 'when' }, fmt.dateTime(c.at), ' · ', t('history.by', { name: personName(c.actorId) })),
      h('div', null, c.fromStage ? [label('stage', c.fromStage), ' → '] : null, h('strong', null, label('stage', c.toStage)), ` · ${fmt.percent(c.probability)}`,
        c.overridden ? [' ', h('span', { class: 'badge tone-warn' }, t('history.overridden'))] : null),
      c.overrideReason ? h('div', { class: 'small' }, '“', c.overrideReason, '”') : null,
      c.failed?.length ? h('div', { class: 'small muted' }, t('history.failed', { rules: joinList(c.failed.map(r => label('gateRule', r)), { strong: true }) })) : null)))
      : empty(t('history.none')));
}
