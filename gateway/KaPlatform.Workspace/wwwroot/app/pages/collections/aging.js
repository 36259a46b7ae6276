// Receivables aging (应收账龄) as of a date, overall and per account, with DSO over the last 90 days.
import { h } from '../../dom.js';
import { t, label, fmt, today } from '../../i18n.js';
import { api } from '../../api.js';
import { kpi, table, empty, selfLoading } from '../../components.js';
import { columnChart } from '../../charts.js';
import { addDays } from '../../dates.js';
import { moneySummary } from '../../texts.js';

export const BUCKETS = ['notDue', 'd1_30', 'd31_60', 'd61_90', 'd90Plus'];
export const BUCKET_COLORS = { notDue: '#7cc4a4', d1_30: '#f0b429', d31_60: '#e07b39', d61_90: '#c2413b', d90Plus: '#7a1f19' };

/** A horizontal bar split by bucket, for one account's row. */
function mixBar(row) {
  const total = Number(row.total) || 0;
  return h('div', { class: 'aging-mix', title: BUCKETS.map(b => `${label('agingBucket', b)} ${fmt.money(row[b], row.currency)}`).join('\n') },
    BUCKETS.filter(b => Number(row[b]) > 0).map(b =>
      h('i', { style: { width: `${(Number(row[b]) / total * 100).toFixed(2)}%`, background: BUCKET_COLORS[b] }, dataset: { bucket: b } })));
}

/** The DSO of the last 90 days under the aging's own filters (account or group, collector), so the two agree. */
async function dsoKpi(asOf, filters) {
  const from = addDays(asOf, -89);
  try {
    const dso = await api('/api/collections/dso', { query: { from, to: asOf, accountId: filters.accountId, includeSubsidiaries: filters.includeSubsidiaries, ownerId: filters.ownerId } });
    if (dso.dso === null || dso.dso === undefined) {
      return kpi(t('collections.dso'), '—', t('collections.dso.none'));
    }

    return kpi(t('collections.dso'), t('collections.dso.days', { days: fmt.number(dso.dso, 1) }),
      t('collections.dso.sub', { receivables: fmt.moneyShort(dso.receivables, dso.currency), billed: fmt.moneyShort(dso.invoicedOrDue, dso.currency), days: dso.days }),
      Number(dso.dso) > 90 ? 'danger' : Number(dso.dso) > 60 ? 'warn' : null);
  } catch (error) {
    return kpi(t('collections.dso'), '—', t('collections.dso.failed', { message: error.message }));
  }
}

/** The aging card (#aging-chart). accounts: a promise of the visible accounts (for the account filter). */
export function agingSection({ ownerId, accounts }) {
  const filters = { asOf: today(), accountId: '', includeSubsidiaries: false };
  let el;

  const asOfInput = h('input', { type: 'date', name: 'asOf', value: filters.asOf, 'aria-label': t('collections.aging.asOf') });
  const accountSelect = h('select', { name: 'accountId', 'aria-label': t('collections.aging.account') },
    h('option', { value: '' }, t('collections.aging.allAccounts')));
  const subsidiaries = h('input', { type: 'checkbox', name: 'includeSubsidiaries' });
  const apply = () => {
    filters.asOf = asOfInput.value || today();
    filters.accountId = accountSelect.value;
    filters.includeSubsidiaries = subsidiaries.checked;
    el.reload();
  };
  asOfInput.addEventListener('change', apply);
  accountSelect.addEventListener('change', apply);
  subsidiaries.addEventListener('change', apply);
  accounts.then(list => {
    const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    accountSelect.append(...sorted.map(a => h('option', { value: a.id }, a.parentId ? `↳ ${a.name}` : a.name)));
  }, () => {});

  const filterBar = h('div', { class: 'filters aging-filters' },
    h('label', { class: 'inline-field' }, h('span', null, t('collections.aging.asOf')), asOfInput),
    h('label', { class: 'inline-field' }, h('span', null, t('collections.aging.account')), accountSelect),
    h('label', { class: 'check' }, subsidiaries, t('collections.aging.subsidiaries')));

  el = selfLoading({ id: 'aging-chart', class: 'aging', title: t('collections.aging.title') }, async () => {
    const query = { asOf: filters.asOf, accountId: filters.accountId, includeSubsidiaries: filters.accountId && filters.includeSubsidiaries ? 'true' : null, ownerId };
    const [report, dso] = await Promise.all([api('/api/collections/aging', { query }), dsoKpi(filters.asOf, query)]);
    const o = report.overall;
    const overdue = BUCKETS.slice(1).reduce((s, b) => s + Number(o[b]), 0);
    const kpis = h('div', { class: 'kpis' },
      kpi(t('collections.aging.total'), moneySummary(o.total, o.currency), t('collections.aging.accounts', { count: report.accountCount })),
      kpi(t('collections.aging.overdue'), moneySummary(overdue, o.currency),
        Number(o.total) > 0 ? t('collections.aging.overdueShare', { share: fmt.ratio(overdue / Number(o.total)) }) : null, overdue > 0 ? 'danger' : 'ok'),
      kpi(label('agingBucket', 'd90Plus'), moneySummary(o.d90Plus, o.currency), null, Number(o.d90Plus) > 0 ? 'danger' : null),
      dso);

    const chart = columnChart(BUCKETS.map(b => ({
      key: b, label: label('agingBucket', b), parts: [{ name: label('agingBucket', b), value: Number(o[b]), color: BUCKET_COLORS[b] }],
    })), { format: v => fmt.moneyShort(v, o.currency), legend: false, height: 200, className: 'aging-columns' });

    const names = new Map(report.accounts.map(r => [r.accountId, r.name]));
    const rows = table([
      {
        title: t('common.account'), render: r => h('div', null,
          h('a', { href: `#/accounts/${r.accountId}`, class: 'account-link' }, r.name ?? String(r.accountId).slice(0, 8)),
          r.parentId && names.has(r.parentId) ? h('div', { class: 'small muted' }, t('collections.aging.parent', { name: names.get(r.parentId) })) : null),
      },
      { title: t('collections.aging.mix'), render: r => mixBar(r), className: 'mix-cell' },
      ...BUCKETS.map(b => ({
        title: label('agingBucket', b), align: 'right',
        render: r => h('span', { class: Number(r[b]) > 0 && b !== 'notDue' ? 'tone-danger' : Number(r[b]) > 0 ? null : 'muted' },
          Number(r[b]) > 0 ? fmt.money(r[b], r.currency) : '—'),
      })),
      { title: t('collections.aging.total'), align: 'right', render: r => h('strong', null, fmt.money(r.total, r.currency)) },
    ], report.accounts, { emptyText: t('collections.aging.nothing'), rowClass: r => (Number(r.d90Plus) > 0 ? 'row-danger' : null) });

    const others = report.otherCurrencies?.length
      ? h('p', { class: 'notice' }, t('collections.aging.otherCurrencies', { list: report.otherCurrencies.map(c => fmt.money(c.total, c.currency)).join('、') }))
      : null;
    const truncated = report.accounts.length < report.accountCount
      ? h('p', { class: 'muted small' }, t('collections.aging.more', { shown: report.accounts.length, count: report.accountCount })) : null;
    const figure = [chart, Number(o.total) > 0 ? null : empty(t('collections.aging.nothing'))];
    return [filterBar, others,
      h('div', { class: 'aging-grid' },
        h('div', { class: 'aging-chart-box' }, figure,
          h('div', { class: 'legend' }, BUCKETS.map(b => h('span', { class: 'legend-item' }, h('i', { style: { background: BUCKET_COLORS[b] } }), label('agingBucket', b))))),
        kpis),
      h('div', { class: 'aging-table' }, h('h3', null, t('collections.aging.perAccount')), rows, truncated)];
  });
  return el;
}
