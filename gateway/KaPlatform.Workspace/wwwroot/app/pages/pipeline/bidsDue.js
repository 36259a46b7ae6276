// Bids due soon (GET /api/bids?dueWithinDays=30): tenders still in preparation whose deadline is near, or whose bid bond
// is due and not yet returned; overdue in red, within 7 days in amber.
import { h } from '../../dom.js';
import { t, fmt, daysFromToday } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { defineStrings } from '../../common.js';
import { table, deadline, statusBadge, selfLoading } from '../../components.js';
import { resolveAccounts, resolveOpportunities, accountLink, opportunityLink, localDate, bidDeadline, documentsDone } from '../../deals.js';

defineStrings({
  'bids.dueTitle': ['Bids due in the next 30 days', '30 天内到期的投标'],
  'bids.tenderRef': ['Tender ref.', '招标编号'],
  'bids.issuer': ['Issuer', '招标方'],
  'bids.deadline': ['Submission deadline', '投标截止'],
  'bids.documents': ['Documents', '标书文件'],
  'bids.bond': ['Bid bond', '投标保证金'],
  'bids.bondDue': ['due {date}', '{date} 到期'],
  'bids.bondReturned': ['returned', '已退还'],
  'bids.opportunity': ['Opportunity', '商机'],
  'bids.noneDue': ['No bid deadline or bid bond falls due in the next 30 days.', '未来 30 天没有投标截止或保证金到期。'],
  'bids.dueHint': ['Bids in preparation with a deadline in the next 30 days, and unreturned bid bonds due in them.', '准备中且 30 天内截止的投标，以及 30 天内到期且未退还的保证金。'],
});

export function bondCell(bond, currency) {
  if (!bond) return '—';
  return h('span', { class: 'bond' }, fmt.money(bond.amount, currency), ' · ',
    bond.returned ? h('span', { class: 'tone-ok' }, t('bids.bondReturned')) : bond.dueDate ? deadline(bond.dueDate) : '—');
}

function rowTone(bid) {
  const days = [bid.status === 'preparing' ? daysFromToday(localDate(bid.submissionDeadline)) : null,
    bid.bidBond && !bid.bidBond.returned && bid.bidBond.dueDate ? daysFromToday(bid.bidBond.dueDate) : null].filter(d => d !== null);
  const soonest = days.length ? Math.min(...days) : null;
  return soonest === null ? null : soonest < 0 ? 'row-danger' : soonest <= 7 ? 'row-warn' : null;
}

/** ownerId (a director's owner filter): only the bids of that seller's deals, like every other figure on the page. */
export function bidsDueSection({ ownerId } = {}) {
  return selfLoading({ id: 'bids-due', class: 'pipeline-section', title: t('bids.dueTitle') }, async () => {
    const [all, owned] = await Promise.all([
      apiAll('/api/bids', { dueWithinDays: 30 }, 200),
      ownerId ? apiAll('/api/opportunities', { ownerId }, 500).then(items => new Set(items.map(o => o.id))) : null,
    ]);
    const bids = owned ? all.filter(b => owned.has(b.opportunityId)) : all;
    await Promise.all([resolveAccounts(bids.map(b => b.accountId)), resolveOpportunities(bids.map(b => b.opportunityId))]);
    return [
      h('p', { class: 'muted small' }, t('bids.dueHint')),
      table([
        { title: t('bids.deadline'), render: bidDeadline },
        { title: t('bids.tenderRef'), render: b => h('strong', { class: 'tender-ref' }, b.tenderRef) },
        { title: t('bids.issuer'), key: 'issuer' },
        { title: t('bids.opportunity'), render: b => h('div', null, opportunityLink(b.opportunityId), h('div', { class: 'muted small' }, accountLink(b.accountId))) },
        { title: t('common.status'), render: b => statusBadge('bidStatus', b.status) },
        { title: t('bids.documents'), render: documentsDone },
        { title: t('bids.bond'), render: b => bondCell(b.bidBond, b.currency) },
      ], bids, { emptyText: t('bids.noneDue'), rowClass: rowTone }),
    ];
  });
}
