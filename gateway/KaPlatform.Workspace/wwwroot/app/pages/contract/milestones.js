// The milestones as they stand: due date (once triggered), status, paid and open, invoice requested; finance requests
// the invoice and records payments here, everyone on the sales side and finance keeps the follow-ups.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { statusBadge, table, toast, deadline } from '../../components.js';
import { recordPayment, requestInvoice } from '../../milestones/payments.js';
import { followUpsPanel } from '../../milestones/followups.js';
import { MILESTONE_TONE } from '../../milestones/tone.js';
import { canMoney } from './access.js';
import { ruleText } from './plan.js';
import '../../milestones/strings.js';

/** The contract in the shape the collections dialogs read (the battle map's). */
const asMapContract = (c, account) => ({ ...c, contractId: c.id, accountName: account?.name ?? '' });

export function milestonesCard(ctx) {
  const c = ctx.contract;
  const contract = asMapContract(c, ctx.account);
  const followUps = h('div', { class: 'contract-follow-ups' });
  const open = m => Number(m.amount) - Number(m.paid);
  const act = fn => async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      if (await fn()) await ctx.reload();
    } catch (error) {
      toast(error.message, 'danger');
    } finally {
      button.disabled = false;
    }
  };
  const signed = c.status !== 'draft';

  const actions = m => h('div', { class: 'row-actions' },
    signed && canMoney() && !m.invoicedAt && open(m) > 0 && m.dueDate
      ? h('button', { type: 'button', class: 'secondary small', dataset: { action: 'invoice' }, onClick: act(() => requestInvoice(contract, m)) }, t('collections.requestInvoice')) : null,
    signed && canMoney() && open(m) > 0
      ? h('button', { type: 'button', class: 'secondary small', dataset: { action: 'pay' }, onClick: act(() => recordPayment([contract], { contract, milestone: m })) }, t('collections.payMilestone')) : null,
    signed ? h('button', { type: 'button', class: 'link small', dataset: { action: 'follow-ups' }, onClick: () => mount(followUps, followUpsPanel(contract, m, () => {})) }, t('contract.milestones.followUps')) : null);

  return h('section', { class: 'card', id: 'milestones' },
    h('div', { class: 'section-head' }, h('h2', null, t('contract.milestones.title')),
      signed && canMoney() && Number(c.outstanding) > 0
        ? h('button', { type: 'button', class: 'primary', id: 'record-payment', onClick: act(() => recordPayment([contract], { contract })) }, t('collections.recordPayment')) : null),
    table([
      { title: t('contract.plan.kind'), render: m => h('span', null, label('milestoneKind', m.kind), h('div', { class: 'muted small' }, ruleText(m.dueRule))) },
      { title: t('common.amount'), align: 'right', render: m => fmt.money(m.amount, c.currency) },
      { title: t('contract.milestones.due'), render: m => (m.dueDate ? (m.status === 'paid' ? fmt.date(m.dueDate) : deadline(m.dueDate)) : t('contract.milestones.notYet')) },
      { title: t('common.status'), render: m => h('span', { class: 'milestone-status', dataset: { status: m.status } }, statusBadge('milestoneStatus', m.status, MILESTONE_TONE[m.status])) },
      { title: t('contract.milestones.paid'), align: 'right', render: m => fmt.money(m.paid, c.currency) },
      { title: t('contract.milestones.open'), align: 'right', render: m => fmt.money(m.outstanding, c.currency) },
      { title: t('contract.milestones.invoiced'), render: m => (m.invoicedAt ? fmt.date(m.invoicedAt) : '—') },
      { title: t('contract.milestones.actions'), render: actions },
    ], c.milestones, { rowClass: m => `milestone-row milestone-${m.kind}` }),
    followUps);
}
