// Group hierarchy (集团层级, #/accounts/{id}?tab=hierarchy): the tree of a group's subsidiaries, level by level, each
// node with its roll-up over its own subtree — open pipeline, signed contract value, receivables and overdue — and its
// own health band. The tree comes from GET /api/accounts/{id}/hierarchy (only accounts the caller may see; a visible
// branch under an unseen one hangs from its nearest visible ancestor); receivables from one subtree aging report;
// pipeline, contracts and health per node. A figure the caller may not read shows as —, never as 0.
import { h } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api, apiAll } from '../../api.js';
import { defineStrings } from '../../common.js';
import { classBadge, bandBadge, empty } from '../../components.js';

defineStrings({
  'acct360.hier.title': ['Group hierarchy with roll-ups', '集团层级与汇总'],
  'acct360.hier.hint': ['Each figure sums the account and everything below it that you may see; health is the account’s own.', '每项数字汇总该客户及其下属中您可见的客户；健康度为该客户自身的。'],
  'acct360.hier.wholeGroup': ['See the whole group: {name}', '查看整个集团：{name}'],
  'acct360.hier.accounts': ['{count} accounts', '{count} 家客户'],
  'acct360.hier.level': ['Level {level}', '第 {level} 层'],
  'acct360.hier.pipeline': ['Open pipeline', '在途商机'],
  'acct360.hier.signed': ['Signed contracts', '已签合同'],
  'acct360.hier.receivables': ['Receivables', '应收'],
  'acct360.hier.overdue': ['Overdue', '逾期'],
  'acct360.hier.health': ['Health', '健康度'],
  'acct360.hier.noChildren': ['This account has no subsidiaries you may see.', '该客户没有您可见的下属公司。'],
  'acct360.hier.collapse': ['Show or hide the subsidiaries of {name}', '展开或收起 {name} 的下属公司'],
});

const SIGNED = new Set(['signed', 'in_execution', 'completed']);
const OPEN = o => o.stage !== 'won' && o.stage !== 'lost';

/** Sums by currency: {CNY: 1200, USD: 30}; null (unknown) stays null so it is never shown as 0. */
const sum = (items, amount, currency) => items === null ? null
  : items.reduce((acc, x) => ({ ...acc, [currency(x)]: (acc[currency(x)] ?? 0) + Number(amount(x)) }), {});
const add = (a, b) => (a === null || b === null ? null
  : Object.entries(b).reduce((acc, [c, v]) => ({ ...acc, [c]: (acc[c] ?? 0) + v }), { ...a }));
const money = m => (m === null ? '—' : Object.keys(m).length === 0 ? fmt.moneyShort(0)
  : Object.entries(m).sort(([a], [b]) => (a === 'CNY' ? -1 : b === 'CNY' ? 1 : a.localeCompare(b))).map(([c, v]) => fmt.moneyShort(v, c)).join(' + '));

const flatten = node => [node, ...(node.children ?? []).flatMap(flatten)];
const orNull = promise => promise.catch(() => null);

async function ownFigures(node, aging) {
  const [opportunities, contracts, health] = await Promise.all([
    orNull(apiAll('/api/opportunities', { accountId: node.id }, 500)),
    orNull(apiAll('/api/contracts', { accountId: node.id }, 500)),
    orNull(api(`/api/success/accounts/${node.id}/health`)),
  ]);
  const rows = aging === null ? null : aging.accounts.filter(r => r.accountId === node.id);
  return {
    pipeline: sum(opportunities?.filter(OPEN) ?? null, o => o.amount, o => o.currency),
    signed: sum(contracts?.filter(c => SIGNED.has(c.status)) ?? null, c => c.amount, c => c.currency),
    receivables: sum(rows, r => r.total, r => r.currency),
    overdue: sum(rows, r => Number(r.total) - Number(r.notDue), r => r.currency),
    health,
  };
}

/** Own figures plus the roll-ups of the children, bottom up. */
function rollUp(node, own) {
  const children = (node.children ?? []).map(c => rollUp(c, own));
  const mine = own.get(node.id);
  const total = ['pipeline', 'signed', 'receivables', 'overdue'].reduce((acc, key) => ({
    ...acc, [key]: children.reduce((s, c) => add(s, c.total[key]), mine[key]),
  }), {});
  return { node, health: mine.health, total, children };
}

/** One rolled-up money figure; data-cny keeps the exact CNY sum for readers that compare (tests, copy-paste). */
function moneyFigure(key, m, tone) {
  return h('div', { dataset: { figure: key }, class: tone },
    h('dt', null, t(`acct360.hier.${key}`)),
    h('dd', { dataset: m === null ? {} : { cny: (m.CNY ?? 0).toFixed(2) } }, money(m)));
}

function figures(r) {
  const overdue = r.total.overdue;
  const hasOverdue = overdue !== null && Object.values(overdue).some(v => v > 0);
  return h('dl', { class: 'hier-figures' },
    moneyFigure('pipeline', r.total.pipeline),
    moneyFigure('signed', r.total.signed),
    moneyFigure('receivables', r.total.receivables),
    moneyFigure('overdue', overdue, hasOverdue ? 'tone-danger' : null),
    h('div', { dataset: { figure: 'health' } }, h('dt', null, t('acct360.hier.health')), h('dd', null, r.health ? bandBadge(r.health.band, r.health.score) : '—')));
}

function nodeView(r, currentId, level) {
  const { node } = r;
  const title = h('span', { class: 'hier-title' },
    node.id === currentId ? h('strong', null, node.name) : h('a', { href: `#/accounts/${node.id}?tab=hierarchy`, class: 'hier-link' }, node.name),
    ' ', node.class ? classBadge(node.class) : null,
    h('span', { class: 'muted small' }, ' ', [node.region, t('acct360.hier.level', { level: level + 1 }),
      r.children.length ? t('acct360.hier.accounts', { count: node.rollup.accounts }) : null].filter(Boolean).join(' · ')));
  const attrs = { class: 'hier-node', dataset: { accountId: node.id, level: String(level + 1) } };
  if (!r.children.length) return h('li', attrs, h('div', { class: 'hier-head' }, title), figures(r));
  return h('li', attrs, h('details', { open: true },
    h('summary', { class: 'hier-head', title: t('acct360.hier.collapse', { name: node.name }) }, title),
    figures(r),
    h('ul', { class: 'hier-children' }, r.children.map(c => nodeView(c, currentId, level + 1)))));
}

export default {
  async render({ id, parent }) {
    const [tree, aging] = await Promise.all([
      api(`/api/accounts/${id}/hierarchy`),
      orNull(api('/api/collections/aging', { query: { accountId: id, includeSubsidiaries: true } })),
    ]);
    const nodes = flatten(tree);
    const own = new Map(await Promise.all(nodes.map(async n => [n.id, await ownFigures(n, aging)])));
    const root = rollUp(tree, own);
    return h('section', { class: 'card loop-card', id: 'account-hierarchy' },
      h('h2', null, t('acct360.hier.title')),
      parent ? h('p', null, h('a', { href: `#/accounts/${parent.id}?tab=hierarchy`, id: 'hierarchy-whole-group' }, t('acct360.hier.wholeGroup', { name: parent.name }))) : null,
      h('p', { class: 'muted small' }, t('acct360.hier.hint')),
      tree.children?.length ? null : empty(t('acct360.hier.noChildren')),
      h('ul', { class: 'hier-tree' }, nodeView(root, id, 0)));
  },
};
