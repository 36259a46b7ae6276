// Account 360 "Engagement" tab (是否在正确的人身上花费了正确的时间, docs/product.md §8): per active stakeholder, the share of the
// decision they hold against the share of our interactions spent on them, with the under / over flags; then the
// department figures of the power map (部门紧密度).
import { h } from '../dom.js';
import { t, label, fmt } from '../i18n.js';
import { api } from '../api.js';
import { card, table, empty } from '../components.js';
import { shownAs } from './protectedContacts.js';
import './strings.js';

const WINDOWS = [90, 180, 365];

function bars(row) {
  const bar = (value, cls) => h('div', { class: ['share-bar', cls] },
    h('i', { style: { width: `${Math.round(value * 100)}%` } }), h('span', null, fmt.ratio(value)));
  return h('div', { class: 'share-bars' }, bar(row.influenceShare, 'influence'), bar(row.effortShare, 'effort'));
}

function flagBadge(flag) {
  return flag ? h('span', { class: ['badge', flag === 'under_engaged' ? 'tone-danger' : 'tone-warn', 'engagement-flag'], dataset: { flag } }, label('engagementFlag', flag)) : '—';
}

export default {
  async render(env) {
    const days = WINDOWS.includes(Number(env.query.days)) ? Number(env.query.days) : 180;
    const [view, map] = await Promise.all([
      api(`/api/accounts/${env.id}/engagement`, { query: { days } }),
      api(`/api/accounts/${env.id}/power-map`),
    ]);
    const rows = view.stakeholders.map(shownAs);
    const windowSelect = h('label', { class: 'inline-field' }, h('span', null, t('decisionChain.engagement.window')),
      h('select', { id: 'engagement-days', onChange: e => env.navigate(`/accounts/${env.id}`, { tab: 'engagement', days: e.target.value }) },
        WINDOWS.map(d => h('option', { value: d, selected: d === days }, t('decisionChain.engagement.windowDays', { days: d })))));

    const people = rows.length ? table([
      { title: t('decisionChain.engagement.person'), render: r => h('div', null, h('strong', null, r.name),
        r.title ? h('div', { class: 'muted small' }, r.title) : null,
        h('div', { class: 'muted small' }, `${label('stance', r.stance)} · ${t('decisionChain.engagement.influence', { value: r.influence })}`)) },
      { title: `${t('decisionChain.engagement.influenceShare')} / ${t('decisionChain.engagement.effortShare')}`, className: 'share-cell', render: bars },
      { title: t('decisionChain.engagement.interactions'), align: 'right', render: r => String(r.interactions) },
      { title: t('decisionChain.engagement.last'), render: r => (r.lastInteractionAt ? fmt.date(r.lastInteractionAt) : '—') },
      { title: t('decisionChain.engagement.flag'), render: r => flagBadge(r.flag) },
    ], rows, { rowClass: r => ['engagement-row', r.flag && `flag-${r.flag}`].filter(Boolean).join(' ') }) : empty(t('decisionChain.engagement.none'));

    const departments = map.departments?.length ? table([
      { title: t('decisionChain.departments.department'), render: d => d.department ?? t('decisionChain.departments.none') },
      { title: t('decisionChain.departments.people'), align: 'right', render: d => String(d.stakeholders) },
      { title: t('decisionChain.departments.influence'), align: 'right', render: d => String(d.influence) },
      { title: t('decisionChain.departments.closeness'), align: 'right', render: d => fmt.number(d.compositeCloseness, 1) },
      { title: t('decisionChain.departments.support'), align: 'right', render: d => fmt.ratio(d.supportSurface) },
    ], map.departments, { rowClass: () => 'department-row' }) : empty();

    return h('div', { id: 'engagement', class: 'engagement-view', dataset: { days: String(days) } },
      card(null,
        h('div', { class: 'a360-card-head' }, h('h2', null, t('decisionChain.engagement.title')), windowSelect),
        h('p', { class: 'muted small', id: 'engagement-summary' }, t('decisionChain.engagement.days', { days: view.days, count: view.interactionsWithStakeholders })),
        h('p', { class: 'muted small' }, t('decisionChain.engagement.legend')),
        people),
      card(t('decisionChain.departments.title'), departments));
  },
};
