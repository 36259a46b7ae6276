// Pipeline "Stuck deals" (项目卡在哪儿, docs/product.md §9) for the KAM (their deals) and the director (their region, or one
// owner): GET /api/opportunities?stuck=true with the reasons of each.
import { h } from '../dom.js';
import { t, label, fmt } from '../i18n.js';
import { api } from '../api.js';
import { serverText } from '../texts.js';
import { personName } from '../people.js';
import { table, selfLoading } from '../components.js';
import { resolveAccounts, accountLink, stageBadge, rememberOpportunities } from '../deals.js';
import './strings.js';

export function stuckDealsSection({ ownerId }) {
  return selfLoading({ id: 'stuck-deals', class: 'pipeline-section', title: t('dealExecution.stuck.title') }, async () => {
    const page = await api('/api/opportunities', { query: { stuck: true, ownerId, limit: 100 } });
    rememberOpportunities(page.items);
    await resolveAccounts(page.items.map(o => o.accountId));
    return table([
      { title: t('dealExecution.stuck.deal'), render: o => h('a', { href: `#/opportunities/${o.id}`, class: 'opportunity-link', dataset: { id: o.id } }, o.name) },
      { title: t('common.account'), render: o => accountLink(o.accountId) },
      { title: t('dealExecution.stuck.stage'), render: o => stageBadge(o.stage) },
      { title: t('dealExecution.stuck.reasons'), render: o => h('div', { class: 'stuck-reasons' },
        o.stuckReasons.map(r => h('span', { class: 'badge tone-danger', dataset: { reason: r } }, label('stuckReason', r))),
        (o.stuckDetails ?? []).map(d => h('div', { class: 'small muted stuck-detail', dataset: { code: d.code } }, serverText(d.code, d.params, d.text)))) },
      { title: t('common.amount'), align: 'right', render: o => fmt.money(o.amount, o.currency) },
      { title: t('common.owner'), render: o => personName(o.ownerId) },
    ], page.items, { emptyText: t('dealExecution.stuck.none'), rowClass: () => 'stuck-row' });
  });
}
