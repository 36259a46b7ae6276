// The visible opportunities (GET /api/opportunities, keyset-paged): search, open-only, stage and type filters,
// server-side sort, pages with the total, per-currency totals, export and saved views (app/lists/).
import { h, mount } from '../../dom.js';
import { t, label, fmt, daysFromToday } from '../../i18n.js';
import { personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { table, enumOptions, selfLoading } from '../../components.js';
import { listTools } from '../../lists/listTools.js';
import { resolveAccounts, accountLink, stageBadge, rememberOpportunities, ALL_STAGES, TYPES, isOpen } from '../../deals.js';

defineStrings({
  'opportunities.title': ['Opportunities', '商机列表'],
  'opportunities.stage': ['Stage', '阶段'],
  'opportunities.type': ['Type', '类型'],
  'opportunities.probability': ['Probability', '赢率'],
  'opportunities.expectedClose': ['Expected close', '预计成交'],
  'opportunities.count': ['{count} opportunities', '共 {count} 个商机'],
  'opportunities.none': ['No opportunities match these filters.', '没有符合条件的商机。'],
  'opportunities.closePassed': ['Expected close date has passed', '预计成交日期已过'],
  'opportunities.overridden': ['Probability set by hand: {reason}', '赢率已手动调整：{reason}'],
});

export function opportunityColumns() {
  return [
    { title: t('common.name'), sort: 'name', render: o => h('a', { href: `#/opportunities/${o.id}`, class: 'opportunity-link', dataset: { id: o.id } }, o.name) },
    { title: t('common.account'), sort: 'account', render: o => accountLink(o.accountId) },
    { title: t('opportunities.type'), sort: 'type', render: o => label('opportunityType', o.type) },
    { title: t('opportunities.stage'), sort: 'stage', render: o => stageBadge(o.stage) },
    { title: t('opportunities.probability'), sort: 'probability', align: 'right', render: o => h('span', {
      class: o.probabilityOverridden ? 'overridden' : null,
      title: o.probabilityOverridden ? t('opportunities.overridden', { reason: o.probabilityReason }) : null,
    }, fmt.percent(o.probability), o.probabilityOverridden ? ' *' : '') },
    { title: t('common.amount'), sort: 'amount', align: 'right', render: o => fmt.money(o.amount, o.currency) },
    { title: t('opportunities.expectedClose'), sort: 'expectedCloseDate', render: o => {
      const late = isOpen(o.stage) && daysFromToday(o.expectedCloseDate) < 0;
      return h('span', { class: late ? 'tone-danger' : null, title: late ? t('opportunities.closePassed') : null },
        fmt.date(o.closeDate ?? o.expectedCloseDate));
    } },
    { title: t('common.owner'), render: o => personName(o.ownerId) },
  ];
}

const LIST_KEYS = ['q', 'open', 'stage', 'type', 'sort', 'limit'];

/** Count, amount and weighted amount per currency of the whole filtered list (never added across currencies). */
function totalsRow(totals) {
  if (!totals?.length) return null;
  return h('div', { class: 'list-totals muted small', id: 'opportunity-totals' },
    h('strong', null, t('lists.totals')),
    totals.map(x => h('span', { dataset: { currency: x.currency } }, t('lists.totalsLine', {
      currency: x.currency, count: fmt.number(x.count), amount: fmt.money(x.amount, x.currency), weighted: fmt.money(x.weighted, x.currency),
    }))));
}

export function opportunityListSection({ query, ownerId }) {
  const state = Object.fromEntries(LIST_KEYS.map(k => [k, query[k] ?? '']));
  let el;

  const go = next => {
    // Keep the list's state in the address (no re-render of the whole page), so reload, back and a shared link keep it.
    LIST_KEYS.forEach(k => { state[k] = next[k] ?? ''; });
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    for (const [k, v] of Object.entries(state)) (v !== '' && v !== null ? params.set(k, v) : params.delete(k));
    const search = params.toString();
    history.replaceState(null, '', `#/pipeline${search ? `?${search}` : ''}`);
    el.reload();
  };

  const filterBar = () => h('form', {
    class: 'filters', role: 'search',
    onSubmit: e => { e.preventDefault(); go({ ...state, q: e.target.elements.q.value.trim() }); },
  },
  h('input', { type: 'search', name: 'q', id: 'opportunity-search', value: state.q, placeholder: t('lists.searchDeals'), 'aria-label': t('common.search') }),
  h('select', {
    id: 'opportunity-stage-filter', name: 'stage', 'aria-label': t('opportunities.stage'),
    onChange: e => go({ ...state, stage: e.target.value }),
  }, h('option', { value: '' }, `${t('opportunities.stage')}: ${t('common.all')}`),
  enumOptions('stage', ALL_STAGES).map(([v, text]) => h('option', { value: v, selected: state.stage === v }, text))),
  h('select', {
    id: 'opportunity-type-filter', name: 'type', 'aria-label': t('opportunities.type'),
    onChange: e => go({ ...state, type: e.target.value }),
  }, h('option', { value: '' }, `${t('opportunities.type')}: ${t('common.all')}`),
  enumOptions('opportunityType', TYPES).map(([v, text]) => h('option', { value: v, selected: state.type === v }, text))),
  h('label', { class: 'inline-check' }, h('input', {
    type: 'checkbox', id: 'opportunity-open-only', checked: state.open === 'true',
    onChange: e => go({ ...state, open: e.target.checked ? 'true' : '' }),
  }), ' ', t('lists.openOnly')),
  h('button', { type: 'submit', class: 'primary' }, t('common.search')));

  el = selfLoading({ id: 'opportunity-list', class: 'pipeline-section', title: t('opportunities.title') }, async () => {
    const columns = opportunityColumns();
    const list = h('div', { class: 'list card-list' });
    const totals = h('div');
    const tools = listTools({
      id: 'opportunities', path: '/api/opportunities', exportPath: '/api/opportunities/export', columns, state: { ...state },
      extra: { ownerId }, go,
      draw: async (page, decorate) => {
        rememberOpportunities(page.items);
        await resolveAccounts(page.items.map(o => o.accountId));
        if (page.totals) mount(totals, totalsRow(page.totals));
        mount(list, table(columns, page.items, { emptyText: t('opportunities.none'), rowClass: o => `stage-row-${o.stage}` }));
        decorate(list);
      },
    });
    await tools.first();
    return [filterBar(), tools.toolbar, list, totals, tools.pager];
  });
  return el;
}
