// The visible opportunities (GET /api/opportunities, keyset-paged), filtered by stage and type in place.
import { h, mount } from '../../dom.js';
import { t, label, fmt, daysFromToday } from '../../i18n.js';
import { api } from '../../api.js';
import { personName } from '../../people.js';
import { defineStrings } from '../../common.js';
import { table, errorPanel, enumOptions } from '../../components.js';
import { section, resolveAccounts, accountLink, stageBadge, rememberOpportunities, ALL_STAGES, TYPES, isOpen } from './shared.js';

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
    { title: t('common.name'), render: o => h('a', { href: `#/opportunities/${o.id}`, class: 'opportunity-link', dataset: { id: o.id } }, o.name) },
    { title: t('common.account'), render: o => accountLink(o.accountId) },
    { title: t('opportunities.type'), render: o => label('opportunityType', o.type) },
    { title: t('opportunities.stage'), render: o => stageBadge(o.stage) },
    { title: t('opportunities.probability'), align: 'right', render: o => h('span', {
      class: o.probabilityOverridden ? 'overridden' : null,
      title: o.probabilityOverridden ? t('opportunities.overridden', { reason: o.probabilityReason }) : null,
    }, fmt.percent(o.probability), o.probabilityOverridden ? ' *' : '') },
    { title: t('common.amount'), align: 'right', render: o => fmt.money(o.amount, o.currency) },
    { title: t('opportunities.expectedClose'), render: o => {
      const late = isOpen(o.stage) && daysFromToday(o.expectedCloseDate) < 0;
      return h('span', { class: late ? 'tone-danger' : null, title: late ? t('opportunities.closePassed') : null },
        fmt.date(o.closeDate ?? o.expectedCloseDate));
    } },
    { title: t('common.owner'), render: o => personName(o.ownerId) },
  ];
}

export function opportunityListSection({ query, ownerId }) {
  const filters = { stage: query.stage ?? '', type: query.type ?? '' };
  let el;

  const remember = () => {
    // Keep the filters in the address (no re-render of the whole page), so reload and back keep them.
    const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
    for (const [k, v] of Object.entries(filters)) (v ? params.set(k, v) : params.delete(k));
    const search = params.toString();
    history.replaceState(null, '', `#/pipeline${search ? `?${search}` : ''}`);
  };

  const filterBar = () => h('div', { class: 'filters', role: 'search' },
    h('select', {
      id: 'opportunity-stage-filter', name: 'stage', 'aria-label': t('opportunities.stage'),
      onChange: e => { filters.stage = e.target.value; remember(); el.reload(); },
    }, h('option', { value: '' }, `${t('opportunities.stage')}: ${t('common.all')}`),
    enumOptions('stage', ALL_STAGES).map(([v, text]) => h('option', { value: v, selected: filters.stage === v }, text))),
    h('select', {
      id: 'opportunity-type-filter', name: 'type', 'aria-label': t('opportunities.type'),
      onChange: e => { filters.type = e.target.value; remember(); el.reload(); },
    }, h('option', { value: '' }, `${t('opportunities.type')}: ${t('common.all')}`),
    enumOptions('opportunityType', TYPES).map(([v, text]) => h('option', { value: v, selected: filters.type === v }, text))));

  return section('opportunity-list', { title: t('opportunities.title') }, async () => {
    const q = { ...filters, ownerId, limit: 50 };
    const page = await api('/api/opportunities', { query: q });
    const rows = [...page.items];
    let nextCursor = page.nextCursor;
    rememberOpportunities(rows);
    await resolveAccounts(rows.map(o => o.accountId));

    const count = h('p', { class: 'muted small' });
    const list = h('div', { class: 'list card-list' });
    const draw = () => {
      count.textContent = t('opportunities.count', { count: rows.length + (nextCursor ? '+' : '') });
      mount(list, table(opportunityColumns(), rows, {
        emptyText: t('opportunities.none'),
        rowClass: o => `stage-row-${o.stage}`,
      }));
    };
    const more = h('button', {
      type: 'button', class: 'secondary', hidden: !nextCursor,
      onClick: async () => {
        more.disabled = true;
        try {
          const next = await api('/api/opportunities', { query: { ...q, cursor: nextCursor } });
          rememberOpportunities(next.items);
          await resolveAccounts(next.items.map(o => o.accountId));
          rows.push(...next.items);
          nextCursor = next.nextCursor;
          more.hidden = !nextCursor;
          draw();
        } catch (error) {
          list.append(errorPanel(error));
        } finally {
          more.disabled = false;
        }
      },
    }, t('common.more'));
    draw();
    return [filterBar(), count, list, h('div', { class: 'more' }, more)];
  }).then(node => (el = node));
}
