// 作战地图: every signed contract the caller may see, each milestone's money, proof, last follow-up and next step.
// Contracts with overdue money come first, largest overdue amount first; overdue milestones are red.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { statusBadge, deadline, empty, toast, selfLoading, safely } from '../../components.js';
import { summaryText, definitionText } from './figures.js';
import { followUpsPanel } from '../../milestones/followups.js';
import { recordPayment, requestInvoice } from '../../milestones/payments.js';
import { canMoney } from '../../milestones/access.js';
import { MILESTONE_TONE } from '../../milestones/tone.js';

const PAGE = 100;
const FIRST_LOAD = 200;


const overdueOf = c => c.milestones.filter(m => m.status === 'overdue').reduce((sum, m) => sum + Number(m.amount) - Number(m.paid), 0);
/** The figures behind the next action (API params): how late and how much is open. */
function nextActionDetail(p) {
  if (!p || p.outstanding === undefined) return null;
  const amount = fmt.money(p.outstanding, p.currency ?? 'CNY');
  const text = p.daysOverdue ? t('nextAction.detail.late', { days: fmt.number(p.daysOverdue, 0), amount }) : t('nextAction.detail.open', { amount });
  return h('small', { class: 'next-action-detail muted' }, text);
}

const percentText = p => `${fmt.number(p, Number(p) % 1 ? 1 : 0)}%`;

/** Loads battle-map pages until `max` contracts or the end; answers {items, nextCursor}. */
async function loadPages(query, cursor, max) {
  const items = [];
  let next = cursor;
  do {
    const page = await api('/api/collections/battle-map', { query: { ...query, limit: PAGE, cursor: next } });
    items.push(...page.items);
    next = page.nextCursor;
  } while (next && items.length < max);
  return { items, nextCursor: next };
}

/**
 * The battle-map card (#battle-map). state.contracts is kept up to date for the payment dialog;
 * onMoneyChanged() is called after a payment or an invoice request so the page can refresh its totals.
 */
export function battleMapSection({ ownerId, state, onMoneyChanged }) {
  const filters = { onlyOverdue: false, text: '' };
  let contracts = [];
  let nextCursor = null;

  const search = h('input', {
    type: 'search', class: 'map-search', placeholder: t('collections.map.search'), 'aria-label': t('collections.map.search'),
    onInput: e => { filters.text = e.target.value.trim().toLowerCase(); draw(); },
  });
  const onlyOverdue = h('label', { class: 'check' },
    h('input', { type: 'checkbox', id: 'only-overdue', onChange: e => { filters.onlyOverdue = e.target.checked; draw(); } }),
    t('collections.map.onlyOverdue'));
  const summary = h('p', { class: 'muted map-summary' });
  const list = h('div', { class: 'contract-list' });
  const more = h('div', { class: 'more' });

  function draw() {
    const sorted = [...contracts].sort((a, b) => overdueOf(b) - overdueOf(a) || Number(b.outstanding) - Number(a.outstanding));
    const shown = sorted.filter(c => (!filters.onlyOverdue || overdueOf(c) > 0) &&
      (!filters.text || `${c.number} ${c.accountName ?? ''}`.toLowerCase().includes(filters.text)));
    const currency = contracts[0]?.currency ?? 'CNY';
    mount(summary, summaryText(contracts, currency), h('br'), h('span', { class: 'small' }, definitionText()));
    mount(list, contracts.length === 0 ? empty(t('collections.map.empty'))
      : shown.length === 0 ? empty(t('collections.map.noMatch'))
        : shown.map(c => contractBlock(c)));
    mount(more, nextCursor ? h('button', {
      type: 'button', class: 'secondary', id: 'battle-map-more',
      onClick: safely(async () => {
        const page = await loadPages({ ownerId }, nextCursor, FIRST_LOAD);
        contracts.push(...page.items);
        nextCursor = page.nextCursor;
        state.contracts = contracts;
        draw();
      }, error => toast(error.message, 'danger')),
    }, t('collections.map.more')) : null);
  }

  function contractBlock(c) {
    const overdue = overdueOf(c);
    const collectedShare = Number(c.amount) > 0 ? Math.min(1, Number(c.collected) / Number(c.amount)) : 0;
    const figure = (title, value, tone) => h('div', { class: ['figure', tone && `tone-${tone}`] },
      h('span', { class: 'figure-label' }, title), h('span', { class: 'figure-value' }, value));
    return h('article', { class: ['contract-block', overdue > 0 && 'has-overdue'], dataset: { contractId: c.contractId } },
      h('header', { class: 'contract-head' },
        h('div', { class: 'contract-title' },
          h('a', { href: `#/accounts/${c.accountId}`, class: 'account-link' }, c.accountName ?? c.accountId),
          h('a', { class: 'contract-number', href: `#/contracts/${c.contractId}` }, c.number),
          statusBadge('contractStatus', c.status),
          overdue > 0 ? h('span', { class: 'badge tone-danger overdue-pill' }, t('collections.map.overdueAmount', { amount: fmt.money(overdue, c.currency) })) : null),
        h('div', { class: 'contract-figures' },
          figure(t('collections.map.amount'), fmt.money(c.amount, c.currency)),
          figure(t('collections.map.signed'), fmt.date(c.signedAt)),
          figure(t('collections.map.collected'), fmt.money(c.collected, c.currency), 'ok'),
          figure(t('collections.map.outstanding'), fmt.money(c.outstanding, c.currency), overdue > 0 ? 'danger' : null)),
        h('div', { class: 'collected-track', title: `${fmt.ratio(collectedShare)} ${t('collections.map.collected')}` },
          h('div', { class: 'collected-fill', style: { width: `${(collectedShare * 100).toFixed(1)}%` } }))),
      milestoneTable(c));
  }

  function milestoneTable(c) {
    const columns = [
      t('collections.map.kind'), t('collections.map.percent'), t('common.amount'), t('collections.map.due'), t('common.status'),
      t('collections.map.paid'), t('collections.map.evidence'), t('collections.map.lastFollowUp'), t('collections.map.nextAction'), '',
    ];
    const numeric = new Set([1, 2, 5, 6]);
    const rows = c.milestones.map(m => milestoneRows(c, m, columns.length));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data milestones' },
      h('thead', null, h('tr', null, columns.map((title, i) => h('th', { class: numeric.has(i) ? 'num' : null }, title)))),
      h('tbody', null, rows)));
  }

  function milestoneRows(c, m, span) {
    const open = Number(m.amount) - Number(m.paid);
    const followUpCell = h('td', { class: 'last-follow-up' }, lastFollowUp(m.lastFollowUp));
    const detail = h('tr', { class: 'follow-ups-row', hidden: true }, h('td', { colspan: span }));
    const toggle = h('button', {
      type: 'button', class: 'link follow-ups-toggle', 'aria-expanded': 'false',
      onClick: () => {
        const opening = detail.hidden;
        detail.hidden = !opening;
        toggle.setAttribute('aria-expanded', String(opening));
        toggle.textContent = opening ? t('collections.followUps.hide') : t('collections.followUps');
        if (opening) {
          mount(detail.firstChild, followUpsPanel(c, m, latest => mount(followUpCell, lastFollowUp(latest))));
        }
      },
    }, t('collections.followUps'));

    const actions = [toggle];
    if (canMoney() && ['due', 'overdue', 'partially_paid'].includes(m.status)) {
      actions.push(h('button', {
        type: 'button', class: 'link request-invoice',
        onClick: safely(async () => { if (await requestInvoice(c, m)) onMoneyChanged(); }, error => toast(error.message, 'danger')),
      }, t('collections.requestInvoice')));
    }

    if (canMoney() && m.status !== 'paid' && open > 0) {
      actions.push(h('button', {
        type: 'button', class: 'link pay-milestone',
        onClick: safely(async () => { if (await recordPayment(state.contracts, { contract: c, milestone: m })) onMoneyChanged(); },
          error => toast(error.message, 'danger')),
      }, t('collections.payMilestone')));
    }

    const next = m.nextAction ? h('span', { class: ['next-action', m.nextAction === 'escalate' && 'tone-danger'], dataset: { nextAction: m.nextAction } },
      t(`nextAction.${m.nextAction}`), nextActionDetail(m.nextActionParams)) : h('span', { class: 'muted' }, '—');
    const due = !m.dueDate ? h('span', { class: 'muted' }, t('collections.map.noDueDate'))
      : m.status === 'paid' ? h('span', null, fmt.date(m.dueDate)) : deadline(m.dueDate);
    const row = h('tr', { class: [m.status === 'overdue' && 'row-danger', `milestone-${m.status}`], dataset: { milestoneId: m.id, status: m.status } },
      h('td', null, label('milestoneKind', m.kind)),
      h('td', { class: 'num' }, percentText(m.percent)),
      h('td', { class: 'num' }, fmt.money(m.amount, c.currency)),
      h('td', null, due),
      h('td', null, statusBadge('milestoneStatus', m.status, MILESTONE_TONE[m.status])),
      h('td', { class: 'num' }, fmt.money(m.paid, c.currency)),
      h('td', { class: 'num' }, m.evidenceCount > 0 ? t('collections.map.evidenceCount', { count: m.evidenceCount }) : h('span', { class: 'muted' }, '0')),
      followUpCell,
      h('td', null, next),
      h('td', null, h('div', { class: 'row-actions' }, actions)));
    return [row, detail];
  }

  const el = selfLoading({ id: 'battle-map', class: 'battle-map', title: t('collections.map.title') }, async () => {
    const page = await loadPages({ ownerId }, null, FIRST_LOAD);
    contracts = page.items;
    nextCursor = page.nextCursor;
    state.contracts = contracts;
    draw();
    return [h('div', { class: 'filters map-filters' }, search, onlyOverdue), summary, list, more];
  });
  return el;
}

export function lastFollowUp(f) {
  if (!f) return h('span', { class: 'muted' }, '—');
  return h('div', { class: 'follow-up-brief' },
    h('div', null, h('strong', null, fmt.date(f.date)), ' ', f.action),
    f.promisedDate ? h('div', { class: 'small tone-warn' }, t('collections.map.promised', { date: fmt.date(f.promisedDate) })) : null,
    f.result ? h('div', { class: 'small muted' }, f.result) : null);
}
