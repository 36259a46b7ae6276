// One contract (#/contracts/{id}), from the draft a won deal created to the last payment: header with status and
// money, the payment plan (editable while draft), signing, delivery and acceptance with evidence, the milestones with
// invoices, payments and follow-ups, and the append-only evidence chain. Each part reloads the contract after a
// change, so every figure on the page is the server's.
import './strings.js';
import { h, mount } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { kpi, statusBadge, pageHeader, errorPanel } from '../../components.js';
import { planCard } from './plan.js';
import { executionCard } from './execution.js';
import { milestonesCard } from './milestones.js';
import { evidenceCard } from './evidence.js';
import { paymentsCard } from './payments.js';
import { STATUS_TONE } from './access.js';

function notFound(error) {
  return h('div', { class: 'contract-page', id: 'contract-not-found' },
    h('p', null, h('a', { href: '#/collections' }, t('contract.back'))),
    error.status === 404
      ? h('div', { class: 'error-panel', role: 'alert' }, h('strong', null, t('error.notFound')), h('p', null, t('contract.notFound')))
      : errorPanel(error));
}

function header(c, account) {
  const term = c.startDate ? `${fmt.date(c.startDate)} – ${fmt.date(c.endDate)}` : '—';
  return [
    pageHeader(h('span', null, h('span', { id: 'contract-number' }, c.number), ' ', c.title, ' ',
      h('span', { id: 'contract-status', dataset: { status: c.status } }, statusBadge('contractStatus', c.status, STATUS_TONE[c.status])))),
    h('p', { class: 'subtitle contract-links' },
      h('a', { href: '#/collections' }, t('contract.back')), ' · ',
      t('contract.account'), ': ', h('a', { href: `#/accounts/${c.accountId}`, id: 'contract-account' }, account?.name ?? String(c.accountId).slice(0, 8)), ' · ',
      h('a', { href: `#/opportunities/${c.opportunityId}`, id: 'contract-opportunity' }, t('contract.opportunity'))),
    h('div', { class: 'kpis contract-kpis' },
      kpi(t('contract.amount'), fmt.money(c.amount, c.currency)),
      tile('collected', kpi(t('contract.collected'), fmt.money(c.collected, c.currency), null, Number(c.outstanding) === 0 && Number(c.collected) > 0 ? 'ok' : null)),
      tile('outstanding', kpi(t('contract.outstanding'), fmt.money(c.outstanding, c.currency))),
      Number(c.unappliedCredit) > 0 ? kpi(t('contract.credit'), fmt.money(c.unappliedCredit, c.currency)) : null,
      kpi(t('contract.signedAt'), fmt.date(c.signedAt), term),
      kpi(t('contract.deliveredAt'), fmt.date(c.deliveredAt), `${t('contract.acceptedAt')}: ${fmt.date(c.acceptedAt)}`)),
  ];
}

function tile(key, node) {
  node.dataset.kpi = key;
  return node;
}

export default {
  async render({ params }) {
    const root = h('div', { class: 'contract-page', id: 'contract-page', dataset: { contractId: params.id } });
    const ctx = { id: params.id };
    ctx.reload = async () => {
      ctx.contract = await api(`/api/contracts/${params.id}`);
      ctx.account ??= await api(`/api/accounts/${ctx.contract.accountId}`).catch(() => null);
      root.dataset.status = ctx.contract.status;
      mount(root,
        header(ctx.contract, ctx.account),
        ctx.contract.status === 'draft' ? h('p', { class: 'notice' }, t('contract.draftNote')) : null,
        h('div', { class: 'grid-2 contract-grid' },
          h('div', null, planCard(ctx), milestonesCard(ctx), paymentsCard(ctx)),
          h('div', null, executionCard(ctx), evidenceCard(ctx))));
    };
    try {
      await ctx.reload();
    } catch (error) {
      if (error.status === 404) return notFound(error);
      throw error;
    }
    return root;
  },
};
