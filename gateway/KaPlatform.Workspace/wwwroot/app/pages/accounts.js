// My accounts: the accounts the caller may see (the API filters by role and team), with class, region, owner and
// health, searchable in Chinese and English.
import { h } from '../dom.js';
import { t, label } from '../i18n.js';
import { api, idempotencyKey } from '../api.js';
import { hasRole, SALES_ROLES } from '../session.js';
import { personName, knownPeople } from '../people.js';
import { healthOfMany } from './success/shared.js';
import { defineStrings } from '../common.js';
import { classBadge, bandBadge, table, pageHeader, formDialog, enumOptions, errorPanel, toast } from '../components.js';

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
export const REGIONS = ['华北', '华东', '华南', '华中', '西南', '西北', '东北'];

/** Health bands for the ids on screen; roles without success access simply get no band. */
const healthOf = ids => healthOfMany(ids).catch(() => new Map());

export default {
  async render({ query, navigate }) {
    const filters = { q: query.q ?? '', class: query.class ?? '', region: query.region ?? '', category: query.category ?? '', lifecycleStage: query.lifecycleStage ?? '' };
    const page = await api('/api/accounts', { query: { ...filters, limit: 50 } });
    const rows = [...page.items];
    let nextCursor = page.nextCursor;
    const names = new Map(rows.map(a => [a.id, a.name]));
    const health = await healthOf(rows.map(a => a.id));

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
        navigate('/accounts', Object.fromEntries(new FormData(event.target)));
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
      { title: t('common.class'), render: a => classBadge(a.class) },
      { title: t('common.name'), render: a => h('div', null, h('a', { href: `#/accounts/${a.id}`, class: 'account-link' }, a.name),
        a.parentId ? h('div', { class: 'muted small' }, '↳ ', names.get(a.parentId) ?? t('accounts.parent')) : null) },
      { title: t('common.region'), key: 'region' },
      { title: t('common.owner'), render: a => personName(a.ownerId) },
      { title: t('accounts.industry'), render: a => a.industry ?? '—' },
      { title: t('accounts.category'), render: a => label('category', a.category) },
      { title: t('accounts.lifecycle'), render: a => label('lifecycleStage', a.lifecycleStage) },
      { title: t('common.health'), render: a => bandBadge(health.get(a.id)?.band, health.get(a.id)?.score) },
    ];
    const list = h('div', { id: 'account-list', class: 'card-list' }, table(columns, rows, { onRowClick: a => navigate(`/accounts/${a.id}`), emptyText: t('common.empty') }));

    const more = h('button', {
      type: 'button', class: 'secondary', hidden: !nextCursor,
      onClick: async () => {
        try {
          const next = await api('/api/accounts', { query: { ...filters, limit: 50, cursor: nextCursor } });
          next.items.forEach(a => names.set(a.id, a.name));
          rows.push(...next.items);
          (await healthOf(next.items.map(a => a.id))).forEach((v, k) => health.set(k, v));
          nextCursor = next.nextCursor;
          more.hidden = !nextCursor;
          list.replaceChildren(table(columns, rows, { onRowClick: a => navigate(`/accounts/${a.id}`) }));
        } catch (error) {
          list.append(errorPanel(error));
        }
      },
    }, t('common.more'));

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
      pageHeader(t('accounts.title'), newAccount), filterForm,
      h('p', { class: 'muted' }, t('accounts.count', { count: rows.length + (nextCursor ? '+' : '') })),
      list, h('div', { class: 'more' }, more));
  },
};
