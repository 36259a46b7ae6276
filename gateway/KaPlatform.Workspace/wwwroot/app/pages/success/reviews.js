// Success reviews of one account (docs/product.md §4.5): the latest ones, and a form to record a new one (which rescores health).
import { h, mount } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api, idempotencyKey } from '../../api.js';
import { formDialog, enumOptions, table, loading, errorPanel, toast, safely } from '../../components.js';
import { canWrite, explain, stars } from '../../health.js';

const SERVICE_LEVELS = ['reactive', 'relationship', 'success'];

/** onChanged() is called after a review was recorded (health changes with it). */
export function reviewsPanel(accountId, accountName, onChanged) {
  const body = h('div', { class: 'reviews-body' }, loading());
  const add = canWrite() ? h('button', {
    type: 'button', class: 'secondary small', id: 'new-review',
    onClick: safely(async () => {
      const saved = await formDialog(t('success.reviews.dialog', { name: accountName ?? '' }), [
        { name: 'date', label: t('success.reviews.date'), type: 'date', required: true, value: today(), max: today() },
        { name: 'satisfaction', label: t('success.reviews.satisfaction'), type: 'select', required: true, value: '4', options: [5, 4, 3, 2, 1].map(n => [String(n), `${n} ${'★'.repeat(n)}`]) },
        { name: 'serviceLevel', label: t('success.reviews.serviceLevel'), type: 'select', required: true, value: 'relationship', options: enumOptions('serviceLevel', SERVICE_LEVELS) },
        { name: 'outcomes', label: t('success.reviews.outcomes'), type: 'textarea', wide: true },
        { name: 'needDescription', label: t('success.reviews.need'), hint: t('success.reviews.needHint') },
        { name: 'needValue', label: t('success.reviews.needValue'), type: 'number', step: '0.01', min: '0' },
      ], async values => {
        const body = {
          date: values.date, satisfaction: values.satisfaction ? Number(values.satisfaction) : null, serviceLevel: values.serviceLevel,
          outcomes: values.outcomes,
          newNeeds: values.needDescription ? [{ description: values.needDescription, estimatedValue: values.needValue }] : [],
        };
        return api(`/api/success/accounts/${accountId}/reviews`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey() } });
      }, { submitLabel: t('success.reviews.new') });
      if (saved) {
        toast(t('success.reviews.saved'));
        onChanged?.();
      }
    }, error => toast(error.message, 'danger')),
  }, t('success.reviews.new')) : null;

  (async () => {
    try {
      const page = await api(`/api/success/accounts/${accountId}/reviews`, { query: { limit: 5 } });
      mount(body, table([
        { title: t('common.date'), render: r => fmt.date(r.date) },
        { title: t('success.reviews.satisfaction'), render: r => stars(r.satisfaction) },
        { title: t('success.reviews.serviceLevel'), render: r => label('serviceLevel', r.serviceLevel) },
        { title: t('success.reviews.outcomes'), render: r => r.outcomes ?? '—' },
        {
          title: t('success.reviews.needs'), render: r => (r.newNeeds.length ? h('ul', { class: 'needs' }, r.newNeeds.map(n => h('li', null, n.description,
            n.estimatedValue ? ` · ${fmt.money(n.estimatedValue, n.currency)}` : '',
            n.opportunityId ? [' · ', h('a', { href: `#/opportunities/${n.opportunityId}` }, t('success.reviews.opportunity'))] : null))) : '—'),
        },
      ], page.items, { emptyText: t('success.reviews.none') }));
    } catch (error) {
      console.error(error);
      mount(body, errorPanel(explain(error)));
    }
  })();

  return h('div', { class: 'reviews', id: 'reviews' },
    h('div', { class: 'subhead' }, h('h3', null, t('success.reviews.title')), add), body);
}
