// Renewals (docs/product.md §4.3): contracts ending from 30 days ago to 180 days ahead, their renewal status and opportunity,
// and the new needs raised since signing — with the account's health beside each, since an at-risk account up for
// renewal is the one to visit first.
import { h } from '../../dom.js';
import { t, fmt, today, daysFromToday } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { statusBadge, bandBadge, deadline, table, kpi, selfLoading } from '../../components.js';
import { explain } from '../../health.js';
import { addDays } from '../../dates.js';
import { moneySummary } from '../../texts.js';

const STATUS_TONE = { upcoming: 'warn', opportunity_open: 'info', renewed: 'ok', churned: 'danger' };

/** healthMap: a promise of Map accountId → health (from the health section). */
export function renewalsSection({ healthMap }) {
  const from = addDays(today(), -30);
  const to = addDays(today(), 180);
  return selfLoading({ id: 'renewals', class: 'renewals', title: t('success.renewals.title') }, async () => {
    let rows;
    try {
      rows = await apiAll('/api/success/renewals', { from, to }, 500);
    } catch (error) {
      throw explain(error);
    }

    const bands = await Promise.race([healthMap, new Promise(resolve => setTimeout(() => resolve(new Map()), 8000))]);
    const open = rows.filter(r => r.status === 'upcoming' || r.status === 'opportunity_open');
    const soon = open.filter(r => daysFromToday(r.endDate) <= 90);
    const currency = rows[0]?.currency ?? 'CNY';
    const kpis = h('div', { class: 'kpis' },
      kpi(t('success.renewals.due90'), fmt.number(soon.length), null, soon.length ? 'warn' : null),
      kpi(t('success.renewals.atStake'), moneySummary(open.reduce((s, r) => s + Number(r.amount), 0), currency)),
      kpi(t('success.renewals.noOpportunity'), fmt.number(open.filter(r => !r.renewalOpportunityId).length), null,
        open.some(r => !r.renewalOpportunityId && daysFromToday(r.endDate) <= 90) ? 'danger' : null));

    const list = table([
      { title: t('common.account'), render: r => h('a', { href: `#/accounts/${r.accountId}`, class: 'account-link' }, r.accountName) },
      { title: t('common.health'), render: r => bandBadge(bands.get(r.accountId)?.band, bands.get(r.accountId)?.score) },
      { title: t('success.renewals.contract'), render: r => h('span', { class: 'contract-number' }, r.contractNumber) },
      { title: t('success.renewals.endDate'), render: r => (r.status === 'renewed' || r.status === 'churned' ? fmt.date(r.endDate) : deadline(r.endDate, { warnWithin: 90 })) },
      { title: t('common.amount'), align: 'right', render: r => fmt.money(r.amount, r.currency) },
      { title: t('common.status'), render: r => statusBadge('renewalStatus', r.status, STATUS_TONE[r.status]) },
      {
        title: t('success.renewals.opportunity'),
        render: r => (r.renewalOpportunityId ? h('a', { href: `#/opportunities/${r.renewalOpportunityId}`, class: 'renewal-opportunity' }, t('success.renewals.openOpportunity')) : '—'),
      },
      { title: t('success.renewals.renewal'), render: r => (r.renewalAmount ? `${fmt.money(r.renewalAmount, r.currency)}${r.renewalDate ? ` · ${fmt.date(r.renewalDate)}` : ''}` : '—') },
      {
        title: t('success.renewals.needs'),
        render: r => (r.newNeeds?.length ? h('ul', { class: 'needs' }, r.newNeeds.map(n => h('li', null, n.description,
          n.estimatedValue ? ` · ${fmt.money(n.estimatedValue, n.currency)}` : ''))) : '—'),
      },
    ], rows, {
      emptyText: t('success.renewals.none'),
      rowClass: r => (bands.get(r.accountId)?.band === 'at_risk' && (r.status === 'upcoming' || r.status === 'opportunity_open') ? 'row-danger' : null),
    });
    return [
      h('p', { class: 'muted small' }, t('success.renewals.window', { from: fmt.date(from), to: fmt.date(to) })),
      kpis, list];
  });
}
