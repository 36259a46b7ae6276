// Portfolio load (是否负责太多客户, docs/product.md §9): one row per account manager with the accounts by class, the pipeline and
// this fiscal year's wins, flagged when the book is too heavy to serve well. A row opens that manager's accounts.
// Directors see their region, admins everyone, a manager only themselves (the API decides).
import { h } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { personName } from '../../people.js';
import { card, pageHeader, table, classBadge, loadInto } from '../../components.js';

const flagBadges = row => row.flags.length
  ? row.flags.map(f => h('span', { class: 'badge tone-danger flag', dataset: { flag: f } }, t(`portfolio.flag.${f}`)))
  : h('span', { class: 'badge tone-ok' }, t('portfolio.ok'));

function ownersTable(report, navigate) {
  const c = k => r => String(r.accounts[k]);
  return table([
    { title: t('portfolio.owner'), render: r => h('a', { href: `#/portfolio?ownerId=${r.ownerId}`, class: 'owner-link' }, personName(r.ownerId)) },
    { title: 'A', align: 'right', render: c('a') },
    { title: 'B', align: 'right', render: c('b') },
    { title: 'C', align: 'right', render: c('c') },
    { title: 'D', align: 'right', render: c('d') },
    { title: t('portfolio.unclassified'), align: 'right', render: c('unclassified') },
    { title: t('portfolio.keyAccounts'), align: 'right', render: r => h('strong', null, String(r.keyAccounts)) },
    { title: t('portfolio.total'), align: 'right', render: c('total') },
    { title: t('portfolio.openPipeline'), align: 'right', render: r => fmt.money(r.openPipeline, report.currency) },
    { title: t('portfolio.weighted'), align: 'right', render: r => fmt.money(r.weightedPipeline, report.currency) },
    { title: t('portfolio.won', { year: report.fiscalYear }), align: 'right', render: r => fmt.money(r.wonThisFiscalYear, report.currency) },
    { title: t('portfolio.status'), render: flagBadges },
  ], report.items, {
    emptyText: t('portfolio.none'),
    rowClass: r => ['portfolio-row', r.overloaded ? 'overloaded' : null].filter(Boolean).join(' '),
    onRowClick: r => navigate('/portfolio', { ownerId: r.ownerId }),
  });
}

function accountsTable(row) {
  return table([
    { title: t('common.account'), render: a => h('a', { href: `#/accounts/${a.accountId}` }, a.name) },
    { title: t('portfolio.class'), render: a => classBadge(a.class) },
    { title: t('portfolio.region'), key: 'region' },
  ], row.accountList ?? []);
}

export default {
  async render({ query, navigate }) {
    const ownerId = query.ownerId || null;
    const body = h('div', { id: 'portfolio-body' });
    const subtitle = h('p', { class: 'subtitle page-subtitle' });
    await loadInto(body, async () => {
      const report = await api('/api/portfolio', { query: { ownerId } });
      subtitle.textContent = t('portfolio.subtitle', { key: report.maxKeyAccounts, all: report.maxAccounts });
      if (!ownerId) return card(null, ownersTable(report, navigate));
      const row = report.items[0];
      return h('div', null,
        h('p', null, h('a', { href: '#/portfolio', id: 'portfolio-back' }, t('portfolio.back'))),
        card(null, ownersTable(report, navigate)),
        row ? card(t('portfolio.accountsOf', { name: personName(row.ownerId) }), h('div', { id: 'portfolio-accounts' }, accountsTable(row))) : null);
    })();
    return h('div', { class: 'portfolio-page', id: 'portfolio-page', dataset: { owner: ownerId ?? '' } },
      pageHeader(t('portfolio.title')), subtitle, body);
  },
};
