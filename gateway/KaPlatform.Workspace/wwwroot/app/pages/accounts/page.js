// My accounts: the accounts the caller may see (the API filters by role and team), with class, region, owner and
// health, searchable in Chinese and English.
import { h } from '../../dom.js';
import { t, label } from '../../i18n.js';
import { api, idempotencyKey } from '../../api.js';
import { hasRole, SALES_ROLES } from '../../session.js';
import { personName, knownPeople } from '../../people.js';
import { healthOfMany } from '../../health.js';
import { defineStrings, REGIONS } from '../../common.js';
import { classBadge, bandBadge, table, pageHeader, formDialog, enumOptions, toast } from '../../components.js';
import { listTools } from '../../lists/listTools.js';

defineStrings({
  'accounts.title': ['My accounts', '我的客户'],
  'accounts.searchPlaceholder': ['Name, in Chinese or English…', '客户名称（中文或英文）…'],
  'accounts.new': ['New account', '新建客户'],
  'accounts.created': ['Account {name} created.', '已创建客户 {name}。'],
  'accounts.industry': ['Industry', '行业'],
  'accounts.category': ['Category', '客户类别'],
  'accounts.lifecycle': ['Lifecycle', '生命周期'],
  'accounts.parent': ['Group / parent', '所属集团'],
  'accounts.count': ['{count} accounts', '共 {count} 个客户'],
  'accounts.filter': ['Filter', '筛选'],
  'accounts.clear': ['Clear', '清除'],
});

const CLASSES = ['A', 'B', 'C', 'D'];
const CATEGORIES = ['economic', 'important', 'group', 'strategic'];
const LIFECYCLE = ['acquisition', 'growth', 'stable', 'decline'];

/** Health bands for the ids on screen; roles without success access simply get no band. */
const healthOf = ids => healthOfMany(ids).catch(() => new Map());

export default {
  async render({ query, navigate }) {
    const filters = { q: query.q ?? '', class: query.class ?? '', region: query.region ?? '', category: query.category ?? '', lifecycleStage: query.lifecycleStage ?? '' };
    let rows = [];
    const names = new Map();
    let health = new Map();

    const select = (name, values, group) => {
      // One caption for the control and its "all" option (the lifecycle filter had a raw key as its accessible name).
      const caption = t(group === 'class' ? 'common.class' : `accounts.${name === 'lifecycleStage' ? 'lifecycle' : name}`);
      return h('select', { name, 'aria-label': caption },
        h('option', { value: '' }, `${caption}: ${t('common.all')}`),
        values.map(v => h('option', { value: v, selected: filters[name] === v }, group ? label(group, v) : v)));
    };

    const filterForm = h('form', {
      class: 'filters', role: 'search',
      onSubmit: event => {
        event.preventDefault();
        navigate('/accounts', { ...Object.fromEntries(new FormData(event.target)), sort: query.sort, limit: query.limit });
      },
    },
    h('input', { type: 'search', name: 'q', id: 'account-search', value: filters.q, placeholder: t('accounts.searchPlaceholder'), 'aria-label': t('common.search') }),
    h('select', { name: 'class', 'aria-label': t('common.class') }, h('option', { value: '' }, `${t('common.class')}: ${t('common.all')}`),
      CLASSES.map(c => h('option', { value: c, selected: filters.class === c }, c))),
    h('select', { name: 'region', 'aria-label': t('common.region') }, h('option', { value: '' }, `${t('common.region')}: ${t('common.all')}`),
      REGIONS.map(r => h('option', { value: r, selected: filters.region === r }, r))),
    select('category', CATEGORIES, 'category'),
    select('lifecycleStage', LIFECYCLE, 'lifecycleStage'),
    h('button', { type: 'submit', class: 'primary' }, t('common.search')),
    h('a', { href: '#/accounts', class: 'button secondary' }, t('accounts.clear')));

    const columns = [
      { title: t('common.class'), sort: 'class', render: a => classBadge(a.class) },
      { title: t('common.name'), sort: 'name', render: a => h('div', null, h('a', { href: `#/accounts/${a.id}`, class: 'account-link' }, a.name),
        a.parentId ? h('div', { class: 'muted small' }, '↳ ', names.get(a.parentId) ?? t('accounts.parent')) : null) },
      { title: t('common.region'), sort: 'region', key: 'region' },
      { title: t('common.owner'), sort: 'owner', render: a => personName(a.ownerId) },
      { title: t('accounts.industry'), sort: 'industry', render: a => a.industry ?? '—' },
      { title: t('accounts.category'), sort: 'category', render: a => label('category', a.category) },
      { title: t('accounts.lifecycle'), sort: 'lifecycleStage', render: a => label('lifecycleStage', a.lifecycleStage) },
      { title: t('common.health'), render: a => bandBadge(health.get(a.id)?.band, health.get(a.id)?.score) },
    ];
    // Sort, pages with the total, export and saved views (app/lists/); the sort and page size live in the address.
    const list = h('div', { id: 'account-list', class: 'card-list' });
    const tools = listTools({
      id: 'accounts', path: '/api/accounts', exportPath: '/api/accounts/export', columns,
      state: { ...filters, sort: query.sort ?? '', limit: query.limit ?? '' },
      go: next => navigate('/accounts', next),
      draw: async (page, decorate) => {
        rows = page.items;
        rows.forEach(a => names.set(a.id, a.name));
        health = await healthOf(rows.map(a => a.id));
        list.replaceChildren(table(columns, rows, { onRowClick: a => navigate(`/accounts/${a.id}`), emptyText: t('common.empty') }));
        decorate(list);
      },
    });
    await tools.first();

    const canCreate = hasRole(...SALES_ROLES);
    const newAccount = canCreate ? h('button', {
      type: 'button', class: 'primary', id: 'new-account',
      onClick: async () => {
        const created = await formDialog(t('accounts.new'), [
          { name: 'name', label: t('common.name'), required: true },
          { name: 'region', label: t('common.region'), type: 'select', required: true, options: REGIONS.map(r => [r, r]) },
          { name: 'industry', label: t('accounts.industry') },
          { name: 'category', label: t('accounts.category'), type: 'select', options: enumOptions('category', CATEGORIES) },
          { name: 'lifecycleStage', label: t('accounts.lifecycle'), type: 'select', options: enumOptions('lifecycleStage', LIFECYCLE) },
          { name: 'parentId', label: t('accounts.parent'), type: 'select', options: rows.map(a => [a.id, a.name]) },
          hasRole('admin', 'sales_director')
            ? { name: 'ownerId', label: t('common.owner'), type: 'select', options: knownPeople().map(p => [p.userId, p.name]) }
            : null,
        ].filter(Boolean), values => api('/api/accounts', { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } }),
        { submitLabel: t('common.create') });
        if (created) {
          toast(t('accounts.created', { name: created.name }));
          navigate(`/accounts/${created.id}`);
        }
      },
    }, t('accounts.new')) : null;

    return h('div', { class: 'accounts-page' },
      pageHeader(t('accounts.title'), newAccount), filterForm, tools.toolbar, list, tools.pager);
  },
};
