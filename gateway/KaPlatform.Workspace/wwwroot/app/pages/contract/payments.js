// Payments received on the contract (GET /api/contracts/{id}/payments), newest first, each with the milestones it
// paid and any part left as credit. Recording a payment stays on the milestones card (finance).
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { defineStrings } from '../../common.js';
import { table, empty, selfLoading } from '../../components.js';

defineStrings({
  'contract.payments.title': ['Payments received', '已收回款'],
  'contract.payments.none': ['No payment received yet.', '尚未收到回款。'],
  'contract.payments.receivedAt': ['Received', '到账日期'],
  'contract.payments.ref': ['Reference', '流水号'],
  'contract.payments.appliedTo': ['Applied to', '核销到'],
  'contract.payments.credit': ['credit {amount}', '预收 {amount}'],
});

export function paymentsCard(ctx) {
  const c = ctx.contract;
  const milestone = new Map(c.milestones.map(m => [m.id, m]));
  const body = selfLoading({}, async () => {
    const payments = await api(`/api/contracts/${c.id}/payments`);
    if (!payments.length) return empty(t('contract.payments.none'));
    return table([
      { title: t('contract.payments.receivedAt'), render: p => fmt.date(p.receivedAt) },
      { title: t('common.amount'), align: 'right', render: p => fmt.money(p.amount, p.currency) },
      { title: t('contract.payments.ref'), render: p => h('span', { class: 'payment-ref' }, p.externalRef) },
      { title: t('contract.payments.appliedTo'), render: p => [
        ...p.applications.map(a => `${milestone.has(a.milestoneId) ? label('milestoneKind', milestone.get(a.milestoneId).kind) : '—'} ${fmt.money(a.amount, p.currency)}`),
        Number(p.unappliedAmount) > 0 ? t('contract.payments.credit', { amount: fmt.money(p.unappliedAmount, p.currency) }) : null,
      ].filter(Boolean).join(' · ') || '—' },
    ], payments, { rowClass: () => 'payment-row' });
  });
  return h('section', { class: 'card', id: 'contract-payments' }, h('h2', null, t('contract.payments.title')), body);
}
