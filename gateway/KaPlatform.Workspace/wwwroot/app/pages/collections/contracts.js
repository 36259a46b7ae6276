// The contracts the caller may see, by status (GET /api/contracts?status=), newest first.
import { h, mount } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { statusBadge, table, toast, selfLoading, safely } from '../../components.js';

const STATUSES = ['draft', 'signed', 'in_execution', 'completed', 'terminated'];
const TONE = { draft: null, signed: 'info', in_execution: 'info', completed: 'ok', terminated: 'danger' };

/** accounts: a promise of the visible accounts, for names. */
export function contractsSection({ accounts }) {
  let status = '';
  let rows = [];
  let nextCursor = null;
  let names = new Map();
  let el;

  const statusSelect = h('select', {
    id: 'contract-status', 'aria-label': t('collections.contracts.status'),
    onChange: e => { status = e.target.value; el.reload(); },
  }, h('option', { value: '' }, `${t('collections.contracts.status')}: ${t('common.all')}`),
  STATUSES.map(s => h('option', { value: s }, statusBadge('contractStatus', s).textContent)));
  const holder = h('div');
  const count = h('p', { class: 'muted small' });
  const more = h('div', { class: 'more' });

  const columns = [
    { title: t('collections.contracts.number'), render: c => h('a', { href: `#/contracts/${c.id}`, class: 'contract-link' }, h('strong', null, c.number)) },
    { title: t('collections.contracts.name'), key: 'title' },
    { title: t('common.account'), render: c => h('a', { href: `#/accounts/${c.accountId}`, class: 'account-link' }, names.get(c.accountId) ?? String(c.accountId).slice(0, 8)) },
    { title: t('common.status'), render: c => statusBadge('contractStatus', c.status, TONE[c.status]) },
    { title: t('common.amount'), align: 'right', render: c => fmt.money(c.amount, c.currency) },
    { title: t('collections.map.signed'), render: c => fmt.date(c.signedAt) },
    { title: t('collections.contracts.term'), render: c => (c.startDate ? `${fmt.date(c.startDate)} – ${fmt.date(c.endDate)}` : '—') },
    { title: t('collections.contracts.delivered'), render: c => fmt.date(c.deliveredAt) },
    { title: t('collections.contracts.accepted'), render: c => fmt.date(c.acceptedAt) },
  ];

  const draw = () => {
    mount(holder, table(columns, rows, { rowClass: c => `contract-${c.status}` }));
    mount(count, t('collections.contracts.count', { count: rows.length + (nextCursor ? '+' : '') }));
    mount(more, nextCursor ? h('button', {
      type: 'button', class: 'secondary',
      onClick: safely(async () => {
        const page = await api('/api/contracts', { query: { status, limit: 50, cursor: nextCursor } });
        rows.push(...page.items);
        nextCursor = page.nextCursor;
        draw();
      }, error => toast(error.message, 'danger')),
    }, t('common.more')) : null);
  };

  el = selfLoading({ id: 'contracts-list', class: 'contracts card-list', title: t('collections.contracts.title') }, async () => {
    const [page, visible] = await Promise.all([
      api('/api/contracts', { query: { status, limit: 50 } }),
      accounts.catch(() => []),
    ]);
    names = new Map(visible.map(a => [a.id, a.name]));
    rows = [...page.items];
    nextCursor = page.nextCursor;
    draw();
    return [h('div', { class: 'filters' }, statusSelect, count), holder, more];
  });
  return el;
}
