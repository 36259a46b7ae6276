// Related (关联业务): everything hanging off the account in the other services — its opportunities (open and
// closed), contracts, receivables aging (and its group's, for a parent), health with its components and history, open
// alerts and renewals. Each list loads on its own and shows only what the caller may see (the APIs filter).
import '../../milestones/strings.js';
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll } from '../../api.js';
import { defineStrings } from '../../common.js';
import { personName } from '../../people.js';
import { table, statusBadge, bandBadge, deadline, empty, selfLoading } from '../../components.js';

import { serverText, alertReason } from '../../texts.js';

defineStrings({
  'acct360.rel.openCount': ['{open} open · {closed} closed', '在途 {open} · 已结 {closed}'],
  'acct360.rel.receivables': ['Receivables', '应收账款'],
  'acct360.rel.ownAging': ['This account', '本客户'],
  'acct360.rel.groupAging': ['With its subsidiaries', '含下属公司'],
  'acct360.rel.noReceivables': ['Nothing is owed today.', '目前没有应收款。'],
  'acct360.rel.health': ['Health', '健康度'],
  'acct360.rel.healthHistory': ['Changes', '变化记录'],
  'acct360.rel.noAlerts': ['No open alert.', '没有待处理的预警。'],
  'acct360.rel.renewals': ['Renewals', '续约'],
  'acct360.rel.renewalEnds': ['Ends', '到期日'],
  'acct360.rel.noRenewals': ['No renewal on record.', '暂无续约记录。'],
  'acct360.rel.close': ['Close date', '成交日期'],
  'acct360.rel.stage': ['Stage', '阶段'],
  'acct360.rel.weight': ['Weight', '权重'],
  'acct360.rel.asOf': ['As of {date}; a milestone counts once its due date exists; overdue from the day after it.', '截至 {date}；回款节点有到期日才计入应收，到期日次日起算逾期。'],
});

const BUCKETS = ['notDue', 'd1_30', 'd31_60', 'd61_90', 'd90Plus'];
const STAGE_TONE = { won: 'ok', lost: 'danger' };

async function opportunities(accountId) {
  const items = await apiAll('/api/opportunities', { accountId }, 500);
  const open = items.filter(o => o.stage !== 'won' && o.stage !== 'lost');
  items.sort((a, b) => (a.stage === 'won' || a.stage === 'lost') - (b.stage === 'won' || b.stage === 'lost') || String(b.expectedCloseDate).localeCompare(String(a.expectedCloseDate)));
  return [
    h('p', { class: 'muted small' }, t('acct360.rel.openCount', { open: open.length, closed: items.length - open.length })),
    table([
      { title: t('common.name'), render: o => h('a', { href: `#/opportunities/${o.id}`, class: 'opportunity-link' }, o.name) },
      { title: t('acct360.rel.stage'), render: o => statusBadge('stage', o.stage, STAGE_TONE[o.stage]) },
      { title: t('common.amount'), align: 'right', render: o => fmt.money(o.amount, o.currency) },
      { title: t('acct360.rel.close'), render: o => fmt.date(o.closeDate ?? o.expectedCloseDate) },
      { title: t('common.owner'), render: o => personName(o.ownerId) },
    ], items),
  ];
}

/** The account's contracts with their money and milestones (the list carries neither): one read per contract, newest 50. */
export async function contractsWithMoney(accountId) {
  const rows = await apiAll('/api/contracts', { accountId }, 50);
  return Promise.all(rows.map(c => api(`/api/contracts/${c.id}`)));
}

async function contracts(accountId) {
  const items = await contractsWithMoney(accountId);
  return table([
    { title: t('collections.contracts.number'), render: c => h('a', { href: `#/contracts/${c.id}`, class: 'contract-link' }, c.number) },
    { title: t('collections.contracts.name'), key: 'title' },
    { title: t('common.status'), render: c => statusBadge('contractStatus', c.status) },
    { title: t('common.amount'), align: 'right', render: c => fmt.money(c.amount, c.currency) },
    { title: t('collections.map.collected'), align: 'right', render: c => fmt.money(c.collected, c.currency) },
    { title: t('collections.map.outstanding'), align: 'right', render: c => fmt.money(c.outstanding, c.currency) },
  ], items);
}

function agingRow(title, report) {
  const o = report.overall;
  return h('tr', { dataset: { scope: title } }, h('th', null, title),
    BUCKETS.map(b => h('td', { class: 'num', dataset: { bucket: b } }, fmt.money(o[b], report.currency ?? 'CNY'))),
    h('td', { class: 'num', dataset: { bucket: 'total' } }, h('strong', null, fmt.money(o.total, report.currency ?? 'CNY'))));
}

async function receivables(account, hasChildren) {
  const own = await api('/api/collections/aging', { query: { accountId: account.id } });
  const group = hasChildren ? await api('/api/collections/aging', { query: { accountId: account.id, includeSubsidiaries: true } }) : null;
  return [
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'account-aging' },
      h('thead', null, h('tr', null, h('th'), BUCKETS.map(b => h('th', { class: 'num' }, label('agingBucket', b))), h('th', { class: 'num' }, t('collections.aging.total')))),
      h('tbody', null, agingRow(t('acct360.rel.ownAging'), own), group ? agingRow(t('acct360.rel.groupAging'), group) : null))),
    h('p', { class: 'muted small' }, Number(own.overall.total) === 0 ? t('acct360.rel.noReceivables') : null, ' ', t('acct360.rel.asOf', { date: fmt.date(own.asOf) })),
  ];
}

async function health(accountId) {
  const [now, history] = await Promise.all([
    api(`/api/success/accounts/${accountId}/health`),
    api(`/api/success/accounts/${accountId}/health/history`, { query: { limit: 10 } }).then(p => p.items ?? p, () => []),
  ]);
  return [
    h('p', { class: 'health-now' }, bandBadge(now.band, now.score), ' ', h('span', { class: 'muted small' }, fmt.dateTime(now.computedAt))),
    table([
      { title: t('common.name'), render: c => label('healthComponent', c.name) },
      { title: t('acct360.rel.weight'), align: 'right', render: c => fmt.ratio(Number(c.weight) > 1 ? Number(c.weight) / 100 : c.weight) },
      { title: t('common.health'), align: 'right', render: c => fmt.number(c.score) },
      { title: t('common.reason'), render: c => serverText(c.code, c.params, c.reason) },
    ], now.components ?? []),
    history.length ? [h('h3', null, t('acct360.rel.healthHistory')), h('ol', { class: 'history-list' },
      history.map(e => h('li', null, fmt.dateTime(e.computedAt), ' · ', bandBadge(e.band, e.score))))] : null,
  ];
}

async function alerts(accountId) {
  const items = await apiAll('/api/success/alerts', { accountId, status: 'open' }, 200);
  if (!items.length) return empty(t('acct360.rel.noAlerts'));
  return table([
    { title: t('common.name'), render: a => label('alertKind', a.kind) },
    { title: t('common.status'), render: a => label('severity', a.severity) },
    { title: t('common.date'), render: a => fmt.dateTime(a.raisedAt) },
    { title: t('common.reason'), render: a => alertReason(a) },
  ], items);
}

async function renewals(accountId) {
  const items = await apiAll('/api/success/renewals', { accountId }, 200);
  if (!items.length) return empty(t('acct360.rel.noRenewals'));
  return table([
    { title: t('acct360.rel.renewalEnds'), render: r => deadline(r.endDate, { warnWithin: 90 }) },
    { title: t('common.amount'), align: 'right', render: r => fmt.money(r.amount, r.currency) },
    { title: t('common.status'), render: r => statusBadge('renewalStatus', r.status) },
    { title: t('acct360.rel.opportunities'), render: r => (r.renewalOpportunityId ? h('a', { href: `#/opportunities/${r.renewalOpportunityId}` }, '→') : '—') },
  ], items);
}

export default {
  async render({ id, account }) {
    const children = await apiAll('/api/accounts', { parentId: id }, 1).catch(() => []);
    return h('div', { class: 'a360-related', id: 'account-related' },
      selfLoading({ id: 'related-opportunities', class: 'loop-card', title: t('acct360.rel.opportunities') }, () => opportunities(id)),
      selfLoading({ id: 'related-contracts', class: 'loop-card', title: t('acct360.rel.contracts') }, () => contracts(id)),
      selfLoading({ id: 'related-receivables', class: 'loop-card', title: t('acct360.rel.receivables') }, () => receivables(account, children.length > 0)),
      h('div', { class: 'grid-2' },
        selfLoading({ id: 'related-health', class: 'loop-card', title: t('acct360.rel.health') }, () => health(id)),
        h('div', null,
          selfLoading({ id: 'related-alerts', class: 'loop-card', title: t('acct360.rel.alerts') }, () => alerts(id)),
          selfLoading({ id: 'related-renewals', class: 'loop-card', title: t('acct360.rel.renewals') }, () => renewals(id)))));
  },
};
