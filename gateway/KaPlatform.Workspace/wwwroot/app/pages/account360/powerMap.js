// Power map tab: the decision chain as an org chart with its coverage figures and gap warnings (docs/product.md §1.4), then every
// stakeholder in a table, with add / edit (PATCH with If-Match) / departure.
import { h } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api, apiAll, idempotencyKey, ifMatch } from '../../api.js';
import { defineStrings } from '../../common.js';
import { card, kpi, table, formDialog, toast, enumOptions, empty, loadInto, errorPanel } from '../../components.js';
import { orgChart, orgLegend } from './orgChart.js';
import { panZoomHint } from '../../phone/panZoom.js';
import { canWrite, STANCES, BUYING_ROLES, stanceColor } from './util.js';
import { BEHAVIOR_STYLES } from '../../decisionChain/strings.js';
import { shownAs } from '../../decisionChain/protectedContacts.js';
import { styleBlock } from '../../decisionChain/stakeholderCard.js';
import { influenceLinksCard, linkToggle, linkLegend } from '../../decisionChain/influenceLinks.js';
import { personName } from '../../people.js';

// The account team, for "also visible to" on a protected contact (set when the tab draws).
let team = [];

defineStrings({
  'acct360.pm.title': ['Power map', '权力地图'],
  'acct360.pm.coverage': ['Coverage', '覆盖情况'],
  'acct360.pm.supportSurface': ['Support surface', '支持面'],
  'acct360.pm.supportSub': ['Influence of allies and supporters', '盟友与支持者的影响力占比'],
  'acct360.pm.oppositionShare': ['Opposition share', '反对面'],
  'acct360.pm.oppositionSub': ['Influence of doubters and opponents', '怀疑、误解、倒退与反对者的影响力占比'],
  'acct360.pm.closeness': ['Composite closeness', '综合亲密度'],
  'acct360.pm.closenessSub': ['Influence-weighted, 0–100', '按影响力加权，0–100'],
  'acct360.pm.hasCoach': ['Coach on our side', '有内部教练'],
  'acct360.pm.ebEngaged': ['Economic buyer engaged (90 days)', '90 天内接触经济决策人'],
  'acct360.pm.keyPersons': ['Key persons', '关键人物'],
  'acct360.pm.gaps': ['Gaps to close', '待弥补的缺口'],
  'acct360.pm.noGaps': ['No gaps: the decision chain is covered.', '没有缺口：决策链已覆盖。'],
  'acct360.pm.noStakeholders': ['No stakeholders recorded yet. Add the people of the decision chain to draw the power map.', '尚未录入关键人。添加决策链上的人员即可绘制权力地图。'],
  'acct360.pm.clickHint': ['Click a person to update their stance, influence or closeness.', '点击人员可更新其立场、影响力或亲密度。'],
  'acct360.pm.stakeholders': ['Stakeholders', '关键人列表'],
  'acct360.pm.add': ['Add stakeholder', '添加关键人'],
  'acct360.pm.added': ['{name} added to the power map.', '已将 {name} 加入权力地图。'],
  'acct360.pm.edit': ['Edit', '编辑'],
  'acct360.pm.editTitle': ['Update {name}', '更新 {name}'],
  'acct360.pm.updated': ['{name} updated.', '已更新 {name}。'],
  'acct360.pm.departure': ['Record departure', '记录离开'],
  'acct360.pm.departureTitle': ['{name} left the customer', '{name} 已离开客户'],
  'acct360.pm.departed': ['{name} is off the live map; the record stays in history.', '{name} 已移出权力地图，记录保留在历史中。'],
  'acct360.pm.leftAt': ['Left on', '离开日期'],
  'acct360.pm.movedTo': ['Moved to (an account of ours)', '去向（我方客户）'],
  'acct360.pm.showDeparted': ['Show people who left', '显示已离开人员'],
  'acct360.pm.departedBadge': ['Left {date}', '已于 {date} 离开'],
  'acct360.f.name': ['Name', '姓名'],
  'acct360.f.title': ['Title', '职务'],
  'acct360.f.department': ['Department', '部门'],
  'acct360.f.reportsTo': ['Reports to', '直属上级'],
  'acct360.f.buyingRoles': ['Buying roles', '采购角色'],
  'acct360.f.influence': ['Influence (1–5)', '影响力（1–5）'],
  'acct360.f.stance': ['Stance', '立场'],
  'acct360.f.relationshipCloseness': ['Relationship closeness (0–100)', '关系亲密度（0–100）'],
  'acct360.f.solutionAcceptance': ['Solution acceptance (0–100)', '方案认可度（0–100）'],
  'acct360.f.priceAcceptance': ['Price acceptance (0–100)', '价格接受度（0–100）'],
  'acct360.f.behaviorStyle': ['Behaviour style', '行为风格'],
  'acct360.f.preferences': ['Preferences', '个人偏好'],
  'acct360.f.interestsAtStake': ['Interests at stake', '利益诉求'],
  'acct360.col.roles': ['Roles', '角色'],
  'acct360.col.influence': ['Influence', '影响力'],
  'acct360.col.closeness': ['Closeness', '亲密度'],
  'acct360.col.closenessParts': ['relationship {r} · solution {s} · price {p}', '关系 {r} · 方案 {s} · 价格 {p}'],
});

function stakeholderFields(people, current = {}) {
  const others = people.filter(p => p.id !== current.id && p.status !== 'departed');
  return [
    { name: 'name', label: t('acct360.f.name'), required: true, value: current.name ?? '' },
    { name: 'title', label: t('acct360.f.title'), value: current.title ?? '' },
    { name: 'department', label: t('acct360.f.department'), value: current.department ?? '' },
    { name: 'reportsToId', label: t('acct360.f.reportsTo'), type: 'select', value: current.reportsToId ?? '',
      options: others.map(p => [p.id, p.name]) },
    { name: 'influence', label: t('acct360.f.influence'), type: 'number', required: true, min: 1, max: 5, step: 1, value: current.influence ?? 3 },
    { name: 'stance', label: t('acct360.f.stance'), type: 'select', required: true, value: current.stance ?? 'neutral', options: enumOptions('stance', STANCES) },
    { name: 'buyingRoles', label: t('acct360.f.buyingRoles'), type: 'multi', wide: true, value: current.buyingRoles ?? [], options: enumOptions('buyingRole', BUYING_ROLES) },
    { name: 'relationshipCloseness', label: t('acct360.f.relationshipCloseness'), type: 'number', min: 0, max: 100, step: 1, value: current.relationshipCloseness ?? 50 },
    { name: 'solutionAcceptance', label: t('acct360.f.solutionAcceptance'), type: 'number', min: 0, max: 100, step: 1, value: current.solutionAcceptance ?? 50 },
    { name: 'priceAcceptance', label: t('acct360.f.priceAcceptance'), type: 'number', min: 0, max: 100, step: 1, value: current.priceAcceptance ?? 50 },
    { name: 'behaviorStyle', label: t('acct360.f.behaviorStyle'), type: 'select', value: current.behaviorStyle ?? '', options: enumOptions('behaviorStyle', BEHAVIOR_STYLES) },
    { name: 'preferences', label: t('acct360.f.preferences'), value: current.preferences ?? '' },
    { name: 'interestsAtStake', label: t('acct360.f.interestsAtStake'), type: 'textarea', wide: true, rows: 2, value: current.interestsAtStake ?? '' },
    { name: 'confidential', label: t('decisionChain.confidential'), type: 'checkbox', value: current.confidential ?? false, hint: t('decisionChain.protectedHint') },
    { name: 'confidentialTo', label: t('decisionChain.confidentialTo'), type: 'multi', wide: true, value: current.confidentialTo ?? [],
      // Someone given access earlier but no longer on the team keeps it unless unticked.
      options: [...new Set([...team.map(m => m.userId), ...(current.confidentialTo ?? [])])].map(u => [u, personName(u)]) },
  ];
}

/** The form's values as the API takes them: reportsToId null clears the line (PATCH), buying roles a list. */
function toBody(values) {
  return { ...values, buyingRoles: values.buyingRoles ?? [] };
}

export async function addStakeholder(id, people) {
  const created = await formDialog(t('acct360.pm.add'), stakeholderFields(people),
    values => api(`/api/accounts/${id}/stakeholders`, { method: 'POST', body: toBody(values), headers: { 'Idempotency-Key': idempotencyKey() } }),
    { submitLabel: t('common.create') });
  if (created) toast(t('acct360.pm.added', { name: created.name }));
  return created;
}

export async function editStakeholder(id, person, people) {
  const updated = await formDialog(t('acct360.pm.editTitle', { name: person.name }), stakeholderFields(people, person),
    values => api(`/api/accounts/${id}/stakeholders/${person.id}`, { method: 'PATCH', body: toBody(values), headers: ifMatch(person) }));
  if (updated) toast(t('acct360.pm.updated', { name: updated.name }));
  return updated;
}

async function recordDeparture(id, person, accounts) {
  const done = await formDialog(t('acct360.pm.departureTitle', { name: person.name }), [
    { name: 'leftAt', label: t('acct360.pm.leftAt'), type: 'date', required: true, value: today() },
    { name: 'movedToAccountId', label: t('acct360.pm.movedTo'), type: 'select', options: accounts.filter(a => a.id !== id).map(a => [a.id, a.name]) },
    { name: 'note', label: t('common.notes'), type: 'textarea', wide: true },
  ], values => api(`/api/accounts/${id}/stakeholders/${person.id}/departure`, { method: 'POST', body: values }));
  if (done) toast(t('acct360.pm.departed', { name: person.name }));
  return done;
}

function coverageCard(coverage, people) {
  const byId = new Map(people.map(p => [p.id, p]));
  const supportTone = coverage.supportSurface >= 0.5 ? 'ok' : 'warn';
  const oppositionTone = coverage.oppositionShare >= 0.3 ? 'danger' : coverage.oppositionShare > 0 ? 'warn' : 'ok';
  const yesNo = (value, id) => h('span', { id, dataset: { value: String(value) } }, value ? t('common.yes') : t('common.no'));
  return h('section', { class: 'card a360-coverage', id: 'power-map-coverage' },
    h('h2', null, t('acct360.pm.coverage')),
    h('div', { class: 'a360-kpis' },
      kpi(t('acct360.pm.supportSurface'), h('span', { id: 'support-surface' }, fmt.ratio(coverage.supportSurface)), t('acct360.pm.supportSub'), supportTone),
      kpi(t('acct360.pm.oppositionShare'), h('span', { id: 'opposition-share' }, fmt.ratio(coverage.oppositionShare)), t('acct360.pm.oppositionSub'), oppositionTone),
      kpi(t('acct360.pm.closeness'), h('span', { id: 'composite-closeness' }, fmt.number(coverage.compositeCloseness, 1)), t('acct360.pm.closenessSub')),
      kpi(t('acct360.pm.hasCoach'), yesNo(coverage.hasCoach, 'has-coach'), null, coverage.hasCoach ? 'ok' : 'warn'),
      kpi(t('acct360.pm.ebEngaged'), yesNo(coverage.economicBuyerEngaged, 'eb-engaged'), null, coverage.economicBuyerEngaged ? 'ok' : 'warn')),
    h('div', { class: 'a360-gaps' }, h('h3', null, t('acct360.pm.gaps')),
    coverage.gaps?.length
      ? h('ul', { class: 'warning-list', id: 'power-map-gaps' }, coverage.gaps.map(code =>
        h('li', { class: code === 'influential_opponent' ? 'danger' : null, dataset: { gap: code } }, label('gap', code))))
      : h('p', { class: 'badge tone-ok', id: 'power-map-gaps' }, t('acct360.pm.noGaps'))),
    h('div', { class: 'a360-key-block' }, h('h3', null, t('acct360.pm.keyPersons')),
    coverage.keyPersons?.length
      ? h('ol', { class: 'a360-key-persons', id: 'key-persons' }, coverage.keyPersons.slice(0, 5).map(pid => {
        const p = byId.get(pid);
        return h('li', { dataset: { stakeholderId: pid } },
          h('i', { class: 'a360-dot', style: { background: stanceColor(p?.stance).stroke } }),
          h('strong', null, p?.name ?? pid), p?.title ? h('span', { class: 'muted' }, ` · ${p.title}`) : null,
          h('span', { class: 'muted small' }, ` · ${label('stance', p?.stance)} · ${t('acct360.org.influence', { value: p?.influence ?? '?' })}`));
      }))
      : empty()));
}

function stakeholderTable(rows, names, { onEdit, onDepart }) {
  return table([
    { title: t('acct360.f.name'), render: p => h('div', null, h('strong', null, p.name), styleBlock(p),
      p.department ? h('div', { class: 'muted small' }, p.department) : null,
      p.status === 'departed' ? h('div', null, h('span', { class: 'badge tone-warn' }, t('acct360.pm.departedBadge', { date: fmt.date(p.leftAt) }))) : null) },
    { title: t('acct360.f.title'), render: p => p.title ?? '—' },
    { title: t('acct360.f.reportsTo'), render: p => (p.reportsToId ? names.get(p.reportsToId) ?? '—' : '—') },
    { title: t('acct360.col.roles'), render: p => (p.buyingRoles?.length
      ? h('div', { class: 'a360-chips' }, p.buyingRoles.map(r => h('span', { class: ['a360-chip', `role-${r}`] }, label('buyingRole', r))))
      : '—') },
    { title: t('acct360.f.stance'), render: p => h('span', { class: 'a360-stance', dataset: { stance: p.stance } },
      h('i', { class: 'a360-dot', style: { background: stanceColor(p.stance).stroke } }), label('stance', p.stance)) },
    { title: t('acct360.col.influence'), align: 'right', render: p => `${p.influence}/5` },
    { title: t('acct360.col.closeness'), render: p => h('div', null, h('strong', null, fmt.number(p.compositeCloseness, 1)),
      h('div', { class: 'muted small' }, t('acct360.col.closenessParts', { r: fmt.number(p.relationshipCloseness), s: fmt.number(p.solutionAcceptance), p: fmt.number(p.priceAcceptance) }))) },
    onEdit ? { title: '', render: p => (p.status === 'departed' || p.hidden ? '' : h('div', { class: 'a360-row-actions' },
      h('button', { type: 'button', class: 'secondary small-btn edit-stakeholder', dataset: { stakeholderId: p.id }, onClick: () => onEdit(p) }, t('acct360.pm.edit')),
      h('button', { type: 'button', class: 'secondary small-btn depart-stakeholder', dataset: { stakeholderId: p.id }, onClick: () => onDepart(p) }, t('acct360.pm.departure')))) } : null,
  ].filter(Boolean), rows, { rowClass: p => (p.status === 'departed' ? 'a360-departed' : null) });
}

export default {
  async render(env) {
    const { id } = env;
    const root = h('section', { id: 'power-map', class: 'a360-power-map' });
    let showDeparted = env.query.departed === '1';
    team = (env.account.team ?? []).filter(m => m.role !== 'owner');

    const draw = async () => {
      const [map, people] = await Promise.all([
        api(`/api/accounts/${id}/power-map`),
        apiAll(`/api/accounts/${id}/stakeholders`, { includeDeparted: true }).then(list => list.map(shownAs)),
      ]);
      people.sort((a, b) => (b.influence - a.influence) || (b.compositeCloseness - a.compositeCloseness) || a.name.localeCompare(b.name));
      const active = people.filter(p => p.status !== 'departed');
      // The version a PATCH must name comes from the stakeholder list (same rows as the map's nodes).
      const byId = new Map(people.map(p => [p.id, p]));
      const names = new Map(people.map(p => [p.id, p.name]));
      const writable = canWrite();
      const redraw = loadInto(root, draw);
      const onEdit = async person => { if (await editStakeholder(id, byId.get(person.id) ?? person, people)) await redraw(); };
      const onDepart = async person => {
        const accounts = await apiAll('/api/accounts', {}, 200).catch(() => []);
        if (await recordDeparture(id, person, accounts)) await redraw();
      };
      const addButton = writable ? h('button', {
        type: 'button', class: 'primary', id: 'add-stakeholder',
        onClick: async () => { if (await addStakeholder(id, active)) await redraw(); },
      }, t('acct360.pm.add')) : null;

      const keyIds = new Set((map.coverage.keyPersons ?? []).slice(0, 3));
      const chart = map.nodes.length
        ? orgChart(map, { keyIds, onSelect: writable ? onEdit : null })
        : h('p', { class: 'notice', id: 'power-map-empty' }, t('acct360.pm.noStakeholders'));

      const toggle = h('label', { class: 'check' }, h('input', {
        type: 'checkbox', id: 'show-departed', checked: showDeparted,
        onChange: e => { showDeparted = e.target.checked; tableSlot.replaceChildren(stakeholderTable(showDeparted ? people : active, names, writable ? { onEdit, onDepart } : {})); },
      }), t('acct360.pm.showDeparted'));
      const tableSlot = h('div', { id: 'stakeholder-table' }, stakeholderTable(showDeparted ? people : active, names, writable ? { onEdit, onDepart } : {}));

      return [
        // A chart wider than its side-by-side slot takes the full width, with the coverage below it.
        h('div', { class: ['a360-pm-layout', Number(chart.dataset.width ?? 0) > 960 && 'wide'] },
          h('section', { class: 'card a360-pm-chart' },
            h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.pm.title')), addButton),
            chart,
            map.nodes.length ? [panZoomHint(), orgLegend()] : null,
            map.edges.some(e => e.type !== 'reportsTo') ? [linkToggle(root), linkLegend()] : null,
            map.nodes.length && writable ? h('p', { class: 'muted small' }, t('acct360.pm.clickHint')) : null),
          coverageCard(map.coverage, people)),
        card(null, h('div', { class: 'a360-card-head' }, h('h2', null, t('acct360.pm.stakeholders')), toggle), tableSlot),
        // A failure of the links stays in their card: the map above is already drawn.
        await influenceLinksCard(id, people, { writable, onChange: redraw }).catch(error => errorPanel(error, redraw)),
      ];
    };

    root.append(...await draw());
    return root;
  },
};
