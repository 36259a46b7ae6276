// The leads an account referred (转介绍, docs/product.md §9): a satisfied customer is the best advertisement.
import { h } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { card, table, statusBadge } from '../../components.js';
import { resolveAccounts, accountLink } from '../../deals.js';

export default {
  async render({ id }) {
    const leads = await apiAll('/api/leads', { referredByAccountId: id }, 500);
    await resolveAccounts(leads.map(l => l.accountId));
    return card(t('referrals.title'), h('div', { id: 'referred-leads' }, table([
      { title: t('referrals.lead'), render: l => h('strong', null, l.title) },
      { title: t('referrals.into'), render: l => accountLink(l.accountId) },
      { title: t('common.status'), render: l => statusBadge('leadStatus', l.status) },
      { title: t('referrals.created'), render: l => fmt.date(l.createdAt) },
      { title: '', render: l => (l.opportunityId ? h('a', { href: `#/opportunities/${l.opportunityId}` }, label('leadStatus', 'qualified')) : null) },
    ], leads, { emptyText: t('referrals.none') })));
  },
};
