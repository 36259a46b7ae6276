// Signing, delivery and acceptance: the sales side records them (contracts-api lets only the sales roles), each
// delivery and the acceptance with the document that proves it, which lands in the evidence chain.
import { h } from '../../dom.js';
import { t, today } from '../../i18n.js';
import { api, ifMatch } from '../../api.js';
import { formDialog, toast } from '../../components.js';
import { canExecute } from './access.js';
import { evidenceFields, hashFileInto, lastDialog } from './fileHash.js';

function addYears(date, n) {
  const [y, m, d] = date.split('-');
  return `${Number(y) + n}-${m}-${d}`;
}

async function sign(ctx) {
  const c = ctx.contract;
  const done = await formDialog(t('contract.sign.title', { number: c.number }), [
    { name: 'signedAt', label: t('contract.signedAt'), type: 'date', required: true, value: today(), max: today() },
    { name: 'startDate', label: t('contract.sign.startDate'), type: 'date', required: true, value: today() },
    { name: 'endDate', label: t('contract.sign.endDate'), type: 'date', required: true, value: addYears(today(), 1) },
  ], values => api(`/api/contracts/${c.id}/sign`, { method: 'POST', body: values, headers: ifMatch(c) }), { submitLabel: t('contract.sign') });
  if (done) {
    toast(t('contract.sign.done'));
    await ctx.reload();
  }
}

async function step(ctx, kind) {
  const c = ctx.contract;
  let ready = () => Promise.resolve();
  const promise = formDialog(t(`contract.${kind}.title`, { number: c.number }), [
    { name: 'date', label: t('contract.step.date'), type: 'date', required: true, value: today(), max: today() },
    ...evidenceFields(),
  ], async values => {
    await ready();
    const sha256 = lastDialog()?.querySelector('input[name=sha256]')?.value || values.sha256 || null;
    const path = kind === 'delivery' ? 'deliveries' : 'acceptance';
    return api(`/api/contracts/${c.id}/${path}`, {
      method: 'POST', headers: ifMatch(c),
      body: { date: values.date, evidence: { reference: values.reference, note: values.note, sha256 } },
    });
  }, { submitLabel: t(`contract.${kind}`) });
  const dialog = lastDialog();
  dialog?.setAttribute('id', `${kind}-dialog`);
  ready = hashFileInto(dialog);
  if (await promise) {
    toast(t('contract.step.done'));
    await ctx.reload();
  }
}

export function executionCard(ctx) {
  const c = ctx.contract;
  const run = fn => async event => {
    const button = event.currentTarget;
    button.disabled = true;
    try { await fn(); } catch (error) { toast(error.message, 'danger'); } finally { button.disabled = false; }
  };
  let body;
  if (!canExecute()) {
    body = h('p', { class: 'muted small' }, t('contract.salesOnly'));
  } else if (c.status === 'draft') {
    body = h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'primary', id: 'sign-contract', onClick: run(() => sign(ctx)) }, t('contract.sign')));
  } else if (c.status === 'terminated' || c.acceptedAt) {
    body = h('p', { class: 'muted small' }, t('contract.allRecorded'));
  } else {
    body = h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'secondary', id: 'record-delivery', onClick: run(() => step(ctx, 'delivery')) }, t('contract.delivery')),
      h('button', { type: 'button', class: 'primary', id: 'record-acceptance', onClick: run(() => step(ctx, 'acceptance')) }, t('contract.acceptance')));
  }
  return h('section', { class: 'card', id: 'contract-execution' }, h('h2', null, t('contract.stepsTitle')), body,
    c.status === 'draft' && canExecute() ? h('p', { class: 'muted small' }, t('contract.notSignedYet')) : null);
}
