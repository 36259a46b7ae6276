// Finance's money actions: record a payment received (POST /api/payments) and ask the ERP to invoice a milestone
// (POST /api/contracts/{id}/milestones/{mid}/invoices). Shown only to the roles contracts-api lets do them.
import { h } from '../dom.js';
import { t, label, fmt, today } from '../i18n.js';
import { api, idempotencyKey, ApiError } from '../api.js';
import { formDialog, toast } from '../components.js';

const open = m => Number(m.amount) - Number(m.paid);

function milestoneOptions(contract) {
  return (contract?.milestones ?? []).filter(m => m.status !== 'paid' && open(m) > 0).map(m => [m.id, t('collections.payment.milestoneOption', {
    kind: label('milestoneKind', m.kind), amount: fmt.money(m.amount, contract.currency), open: fmt.money(open(m), contract.currency),
  })]);
}

/**
 * The "Record payment" dialog. contracts: the battle map's contracts (those with money still open come first);
 * preset {contract, milestone} fills the form for one milestone. Resolves to the payment, or null when cancelled.
 */
export async function recordPayment(contracts, preset = {}) {
  let choices = [...(contracts ?? [])];
  if (!choices.length) {
    choices = (await api('/api/collections/battle-map', { query: { limit: 200 } })).items;
  }

  if (!choices.length) {
    toast(t('collections.payment.noContracts'), 'danger');
    return null;
  }

  choices.sort((a, b) => (Number(b.outstanding) > 0) - (Number(a.outstanding) > 0) || String(a.number).localeCompare(String(b.number)));
  const byId = new Map(choices.map(c => [c.contractId, c]));
  const contract = preset.contract ?? null;
  const milestone = preset.milestone ?? null;
  const contractOptions = choices.map(c => [c.contractId, t('collections.payment.contractOption', {
    number: c.number, account: c.accountName ?? '', outstanding: fmt.money(c.outstanding, c.currency),
  })]);

  const dialogPromise = formDialog(t('collections.payment.title'), [
    { name: 'contractId', label: t('collections.payment.contract'), type: 'select', required: true, options: contractOptions, value: contract?.contractId ?? choices[0].contractId, wide: true },
    { name: 'amount', label: t('collections.payment.amount'), type: 'number', required: true, step: '0.01', min: '0.01', value: milestone ? open(milestone) : '' },
    { name: 'currency', label: t('collections.payment.currency'), required: true, value: contract?.currency ?? choices[0].currency ?? 'CNY' },
    { name: 'receivedAt', label: t('collections.payment.receivedAt'), type: 'date', required: true, value: today(), max: today() },
    { name: 'externalRef', label: t('collections.payment.externalRef'), required: true, hint: t('collections.payment.externalRefHint') },
    {
      name: 'milestoneId', label: t('collections.payment.milestone'), type: 'select', wide: true, hint: t('collections.payment.milestoneHint'),
      options: milestoneOptions(contract ?? choices[0]), value: milestone?.id ?? '',
    },
  ], async values => {
    const body = { ...values, currency: values.currency?.toUpperCase() ?? null };
    const payment = await api('/api/payments', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey() } });
    toast([
      t('collections.payment.saved', { ref: payment.externalRef, amount: fmt.money(payment.amount, payment.currency) }),
      Number(payment.unappliedAmount) > 0 ? t('collections.payment.credit', { amount: fmt.money(payment.unappliedAmount, payment.currency) }) : '',
    ].join(' '));
    return payment;
  }, { submitLabel: t('collections.recordPayment') });

  // The milestone list follows the chosen contract.
  const dialog = [...document.querySelectorAll('dialog.dialog')].at(-1);
  const contractSelect = dialog?.querySelector('select[name=contractId]');
  const milestoneSelect = dialog?.querySelector('select[name=milestoneId]');
  const currencyInput = dialog?.querySelector('input[name=currency]');
  dialog?.setAttribute('id', 'record-payment-dialog');
  contractSelect?.addEventListener('change', () => {
    const chosen = byId.get(contractSelect.value);
    milestoneSelect.replaceChildren(h('option', { value: '' }, '—'),
      ...milestoneOptions(chosen).map(([value, text]) => h('option', { value }, text)));
    if (chosen?.currency && currencyInput) currencyInput.value = chosen.currency;
  });
  return dialogPromise;
}

/** Confirms, then asks the ERP for the invoice of what is open on a milestone. Resolves true when requested. */
export async function requestInvoice(contract, milestone) {
  const amount = fmt.money(open(milestone), contract.currency);
  const result = await formDialog(
    t('collections.invoice.confirm', { amount, kind: label('milestoneKind', milestone.kind), number: contract.number }), [],
    async () => {
      try {
        await api(`/api/contracts/${contract.contractId}/milestones/${milestone.id}/invoices`, {
          method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() },
        });
      } catch (error) {
        // The business refusals in the reader's language; the server's sentence (with its date) follows.
        const known = { already_invoiced: 'collections.invoice.already', milestone_paid: 'collections.invoice.paid', contract_not_signed: 'collections.invoice.notSigned' };
        if (error instanceof ApiError && known[error.code]) {
          throw new ApiError(error.status, `${t(known[error.code])} (${error.message})`, error.problem);
        }
        throw error;
      }
      toast(t('collections.invoice.saved', { amount }));
      return true;
    }, { submitLabel: t('collections.requestInvoice') });
  return result === true;
}
