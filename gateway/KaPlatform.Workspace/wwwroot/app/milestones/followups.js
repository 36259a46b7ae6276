// The collection tracking sheet (催款跟进) of one milestone: what was done, with whom, what was promised — and a form
// to add a line. Contacts come from the account's decision chain (accounts-api stakeholders).
import { h, mount } from '../dom.js';
import { t, label, fmt, today, locale } from '../i18n.js';
import { api, apiAll, idempotencyKey } from '../api.js';
import { personName } from '../people.js';
import { loading, errorPanel, form, table, toast } from '../components.js';
import { canFollowUp } from './access.js';

const stakeholderCache = new Map();

export function clearStakeholderCache() {
  stakeholderCache.clear();
}

/** The account's stakeholders (active and departed), read once per page visit. */
function stakeholdersOf(accountId) {
  if (!stakeholderCache.has(accountId)) {
    const promise = apiAll(`/api/accounts/${accountId}/stakeholders`, {}, 500);
    promise.catch(() => stakeholderCache.delete(accountId));
    stakeholderCache.set(accountId, promise);
  }
  return stakeholderCache.get(accountId);
}

/** onRecorded(latest) lets the battle map show the newest follow-up in its row without reloading. */
export function followUpsPanel(contract, milestone, onRecorded) {
  const panel = h('div', { class: 'follow-ups-panel', dataset: { followUpsFor: milestone.id } }, loading());
  const path = `/api/contracts/${contract.contractId}/milestones/${milestone.id}/follow-ups`;

  async function load() {
    mount(panel, loading());
    try {
      const [followUps, stakeholders] = await Promise.all([
        api(path),
        stakeholdersOf(contract.accountId).then(items => ({ items }), error => ({ items: [], error })),
      ]);
      const names = new Map(stakeholders.items.map(s => [s.id, s]));
      const contactName = id => {
        if (!id) return '—';
        const s = names.get(id);
        return s ? `${s.name}${s.title ? ` · ${s.title}` : ''}` : String(id).slice(0, 8);
      };
      const list = table([
        { title: t('collections.followUps.date'), render: f => fmt.date(f.date) },
        { title: t('collections.followUps.contact'), render: f => contactName(f.stakeholderId) },
        { title: t('collections.followUps.action'), key: 'action' },
        { title: t('collections.followUps.promisedDate'), render: f => (f.promisedDate ? fmt.date(f.promisedDate) : '—') },
        { title: t('collections.followUps.result'), render: f => f.result ?? '—' },
        { title: t('collections.followUps.by'), render: f => personName(f.recordedBy) },
      ], followUps, { emptyText: t('collections.followUps.none') });

      const title = h('h3', null, t('collections.followUps.title', { kind: label('milestoneKind', milestone.kind), number: contract.number }));
      if (!canFollowUp()) {
        mount(panel, title, list, h('p', { class: 'muted small' }, t('collections.followUps.readOnly')));
        return;
      }

      const active = stakeholders.items.filter(s => s.status !== 'departed');
      const addForm = form([
        { name: 'date', label: t('collections.followUps.date'), type: 'date', required: true, value: today() },
        {
          name: 'stakeholderId', label: t('collections.followUps.contact'), type: 'select',
          options: active.map(s => [s.id, `${s.name}${s.title ? ` · ${s.title}` : ''}${s.buyingRoles?.length ? ` (${s.buyingRoles.map(r => label('buyingRole', r)).join(locale() === 'zh-CN' ? '、' : ', ')})` : ''}`]),
        },
        { name: 'promisedDate', label: t('collections.followUps.promisedDate'), type: 'date' },
        { name: 'action', label: t('collections.followUps.action'), required: true, wide: true, placeholder: t('collections.followUps.actionPlaceholder') },
        { name: 'result', label: t('collections.followUps.result'), type: 'textarea', wide: true, rows: 2 },
      ], {
        submitLabel: t('collections.followUps.add'),
        onSubmit: async values => {
          const saved = await api(path, { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } });
          toast(t('collections.followUps.saved'));
          onRecorded?.(saved);
          await load();
        },
      });
      mount(panel, title, list,
        stakeholders.error ? h('p', { class: 'muted small' }, t('collections.followUps.noContacts', { message: stakeholders.error.message })) : null,
        h('div', { class: 'follow-up-form' }, h('h3', null, t('collections.followUps.add')), addForm.element));
    } catch (error) {
      console.error(error);
      mount(panel, errorPanel(error, load));
    }
  }

  load();
  return panel;
}
