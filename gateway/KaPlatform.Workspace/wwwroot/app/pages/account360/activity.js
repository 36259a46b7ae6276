// Activity (动态): one timeline, newest first, across the services — visits and other interactions, opportunities'
// stage changes, contracts signed, delivered and accepted, invoices requested, payments received, and risk alerts. Each
// entry links to its record. Each source is read on its own: one the caller may not read leaves its entries out and
// says so, never blanks the tab.
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll } from '../../api.js';
import { defineStrings } from '../../common.js';
import { personName } from '../../people.js';
import { empty } from '../../components.js';
import { contractsWithMoney } from './related.js';
import { hasRole } from '../../session.js';

defineStrings({
  'acct360.act.title': ['Activity across visits, deals, contracts and alerts', '拜访、商机、合同与预警动态'],
  'acct360.act.visit': ['{kind}: {summary}', '{kind}：{summary}'],
  'acct360.act.stage': ['{name}: {from} → {to}', '{name}：{from} → {to}'],
  'acct360.act.opened': ['{name} opened at {to}', '新建商机 {name}（{to}）'],
  'acct360.act.signed': ['Contract {number} signed: {amount}', '合同 {number} 签署：{amount}'],
  'acct360.act.delivered': ['Contract {number}: delivery recorded', '合同 {number}：已登记到货'],
  'acct360.act.accepted': ['Contract {number}: acceptance recorded', '合同 {number}：已登记验收'],
  'acct360.act.invoiced': ['Contract {number}: invoice requested for {kind} ({amount})', '合同 {number}：{kind}已申请开票（{amount}）'],
  'acct360.act.payment': ['Contract {number}: payment of {amount} received ({ref})', '合同 {number}：收到回款 {amount}（{ref}）'],
  'acct360.act.payments': ['Payments', '回款'],
  'acct360.act.alert': ['Alert: {kind} ({severity}) — {status}', '预警：{kind}（{severity}）——{status}'],
  'acct360.act.by': ['by {name}', '{name}'],
  'acct360.act.partial': ['Some sources could not be read: {list}', '部分来源无法读取：{list}'],
  'acct360.act.none': ['No activity yet.', '暂无动态。'],
  'acct360.act.more': ['Showing the latest {count}.', '显示最近 {count} 条。'],
});

const LIMIT = 100;

async function visits(id) {
  const page = await api(`/api/accounts/${id}/interactions`, { query: { limit: 50 } });
  return page.items.map(v => ({ at: v.occurredAt, kind: 'visit', href: `#/accounts/${id}?tab=visits`, text: t('acct360.act.visit', { kind: label('interactionKind', v.kind), summary: v.summary ?? '' }) }));
}

async function stageChanges(id) {
  const opportunities = (await apiAll('/api/opportunities', { accountId: id }, 500))
    .sort((a, b) => String(b.updatedAt ?? '').localeCompare(String(a.updatedAt ?? ''))).slice(0, 20);
  const detailed = await Promise.all(opportunities.map(o => api(`/api/opportunities/${o.id}`).catch(() => ({ ...o, stageHistory: [] }))));
  return detailed.flatMap(o => (o.stageHistory ?? []).map(c => ({
    at: c.at, kind: 'stage', href: `#/opportunities/${o.id}`, by: c.actorId,
    text: c.fromStage
      ? t('acct360.act.stage', { name: o.name, from: label('stage', c.fromStage), to: label('stage', c.toStage) })
      : t('acct360.act.opened', { name: o.name, to: label('stage', c.toStage) }),
  })));
}

async function contractEvents(id) {
  const contracts = await contractsWithMoney(id);
  const out = [];
  for (const c of contracts) {
    const href = `#/contracts/${c.id}`;
    if (c.signedAt) out.push({ at: c.signedAt, kind: 'signed', href, text: t('acct360.act.signed', { number: c.number, amount: fmt.money(c.amount, c.currency) }) });
    if (c.deliveredAt) out.push({ at: c.deliveredAt, kind: 'contract', href, text: t('acct360.act.delivered', { number: c.number }) });
    if (c.acceptedAt) out.push({ at: c.acceptedAt, kind: 'contract', href, text: t('acct360.act.accepted', { number: c.number }) });
    for (const m of c.milestones ?? []) {
      if (m.invoicedAt) out.push({ at: m.invoicedAt, kind: 'contract', href, text: t('acct360.act.invoiced', { number: c.number, kind: label('milestoneKind', m.kind), amount: fmt.money(m.amount, c.currency) }) });
    }
  }
  return out;
}

/** Money received, read per contract (newest 50 contracts, as the contract events). */
async function paymentEvents(id) {
  const contracts = await apiAll('/api/contracts', { accountId: id }, 50);
  const lists = await Promise.all(contracts.map(c => api(`/api/contracts/${c.id}/payments`).then(payments => ({ c, payments }))));
  return lists.flatMap(({ c, payments }) => payments.map(p => ({
    at: p.receivedAt, kind: 'payment', href: `#/contracts/${c.id}`,
    text: t('acct360.act.payment', { number: p.contractNumber, amount: fmt.money(p.amount, p.currency), ref: p.externalRef }),
  })));
}

async function alertEvents(id) {
  const alerts = await apiAll('/api/success/alerts', { accountId: id }, 200);
  // The success page shows every alert with its playbook; finance does not use it and reads open alerts on the account.
  const href = hasRole('admin', 'sales_director', 'key_account_manager', 'sales_rep', 'cs_manager') ? `#/success?accountId=${id}` : `#/accounts/${id}?tab=related`;
  return alerts.map(a => ({
    at: a.raisedAt, kind: 'alert', href,
    text: t('acct360.act.alert', { kind: label('alertKind', a.kind), severity: label('severity', a.severity), status: label('alertStatus', a.status) }),
  }));
}

/** Date-only values (YYYY-MM-DD) sort as the start of that day. */
const sortKey = at => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00` : String(at));

export default {
  async render({ id }) {
    const sources = [['acct360.tab.visits', visits], ['acct360.rel.opportunities', stageChanges], ['acct360.rel.contracts', contractEvents], ['acct360.act.payments', paymentEvents], ['acct360.rel.alerts', alertEvents]];
    const results = await Promise.all(sources.map(([, load]) => load(id).then(items => ({ items }), error => ({ error }))));
    const failed = sources.filter((_, i) => results[i].error).map(([key]) => t(key));
    const all = results.flatMap(r => r.items ?? []).filter(e => e.at).sort((a, b) => sortKey(b.at).localeCompare(sortKey(a.at)));
    const shown = all.slice(0, LIMIT);
    return h('section', { class: 'card loop-card', id: 'account-activity' },
      h('h2', null, t('acct360.act.title')),
      failed.length ? h('p', { class: 'inline-error' }, t('acct360.act.partial', { list: failed.join('、') })) : null,
      shown.length ? h('ol', { class: 'activity-timeline' }, shown.map(e => h('li', { dataset: { kind: e.kind } },
        h('time', { class: 'muted small', datetime: e.at }, /T/.test(e.at) ? fmt.dateTime(e.at) : fmt.date(e.at)), ' ',
        e.href ? h('a', { href: e.href }, e.text) : h('span', null, e.text),
        e.by ? h('span', { class: 'muted small' }, ' · ', t('acct360.act.by', { name: personName(e.by) })) : null))) : empty(t('acct360.act.none')),
      all.length > LIMIT ? h('p', { class: 'muted small' }, t('acct360.act.more', { count: LIMIT })) : null);
  },
};
