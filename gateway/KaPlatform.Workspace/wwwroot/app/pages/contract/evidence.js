// The evidence chain (证据链) as an append-only timeline, oldest first with its sequence number, and a form to append.
import { h } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api, idempotencyKey } from '../../api.js';
import { personName } from '../../people.js';
import { formDialog, toast, enumOptions, empty, selfLoading } from '../../components.js';
import { canPlan, EVIDENCE_KINDS } from './access.js';
import { evidenceFields, hashFileInto, lastDialog } from './fileHash.js';

function timeline(items, contract) {
  if (!items.length) return empty(t('contract.evidence.none'));
  const milestone = new Map(contract.milestones.map(m => [m.id, m]));
  return h('ol', { class: 'evidence-timeline', id: 'evidence-timeline' }, items.map(e => h('li', { dataset: { seq: e.seq, kind: e.kind } },
    h('div', { class: 'evidence-head' },
      h('span', { class: 'evidence-seq' }, `#${e.seq}`), ' ',
      h('strong', null, label('evidenceKind', e.kind)), ' · ', h('span', { class: 'evidence-ref' }, e.reference), ' · ', fmt.date(e.occurredAt),
      e.milestoneId && milestone.has(e.milestoneId) ? [' · ', label('milestoneKind', milestone.get(e.milestoneId).kind)] : null),
    e.note ? h('div', { class: 'evidence-note' }, e.note) : null,
    e.sha256 ? h('div', { class: 'evidence-sha small' }, 'SHA-256 ', h('code', null, e.sha256)) : null,
    h('div', { class: 'muted small' }, t('contract.evidence.by', { name: personName(e.recordedBy), at: fmt.dateTime(e.recordedAt) })))));
}

async function add(ctx, reload) {
  const c = ctx.contract;
  let ready = () => Promise.resolve();
  const promise = formDialog(t('contract.evidence.add'), [
    { name: 'kind', label: t('contract.evidence.kind'), type: 'select', required: true, options: enumOptions('evidenceKind', EVIDENCE_KINDS), value: 'correspondence' },
    { name: 'occurredAt', label: t('contract.evidence.occurredAt'), type: 'date', required: true, value: today(), max: today() },
    { name: 'milestoneId', label: t('contract.evidence.milestone'), type: 'select', options: c.milestones.map(m => [m.id, label('milestoneKind', m.kind)]) },
    ...evidenceFields(),
  ], async values => {
    await ready();
    const sha256 = lastDialog()?.querySelector('input[name=sha256]')?.value || null;
    const body = {
      kind: values.kind, reference: values.reference, note: values.note, sha256, milestoneId: values.milestoneId,
      occurredAt: values.occurredAt ? new Date(`${values.occurredAt}T00:00:00`).toISOString() : null,
    };
    return api(`/api/contracts/${c.id}/evidence`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey() } });
  }, { submitLabel: t('contract.evidence.add') });
  const dialog = lastDialog();
  dialog?.setAttribute('id', 'evidence-dialog');
  ready = hashFileInto(dialog);
  const saved = await promise;
  if (saved) {
    toast(t('contract.evidence.saved', { seq: saved.seq }));
    await reload();
  }
}

export function evidenceCard(ctx) {
  const list = selfLoading({}, async () => {
    const answer = await api(`/api/contracts/${ctx.id}/evidence`);
    const items = Array.isArray(answer) ? answer : answer.items;
    return timeline([...items].sort((a, b) => a.seq - b.seq), ctx.contract);
  });
  return h('section', { class: 'card', id: 'evidence' },
    h('div', { class: 'section-head' }, h('h2', null, t('contract.evidence.title')),
      canPlan() ? h('button', { type: 'button', class: 'secondary', id: 'add-evidence', onClick: () => add(ctx, list.reload).catch(e => toast(e.message, 'danger')) }, t('contract.evidence.add')) : null),
    h('p', { class: 'muted small' }, t('contract.evidence.appendOnly')),
    list);
}
