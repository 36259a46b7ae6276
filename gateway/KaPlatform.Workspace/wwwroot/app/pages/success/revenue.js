// Revenue retention (docs/product.md §4.4): NRR, GRR and the revenue bridge (recurring, expansion, contraction, churned, new) of
// a year against the year before or a quarter against the one before; the last four quarters as a chart; per account.
import { h, mount } from '../../dom.js';
import { t, fmt, today } from '../../i18n.js';
import { moneySummary } from '../../texts.js';
import { api } from '../../api.js';
import { kpi, table, loading, selfLoading, safely, toast } from '../../components.js';
import { columnChart, color } from '../../charts.js';
import { explain } from '../../health.js';
import { quarterRange, lastQuarters } from '../../dates.js';

const SERIES = ['recurring', 'expansion', 'new'];
// Rows drawn at a time: a region's year at a large customer base has 100,000+ accounts, too many for one page (and a phone).
const ROWS_PER_PAGE = 100;
const SERIES_COLOR = { recurring: color(0), expansion: color(3), new: color(4) };

function periodChoices() {
  const now = today();
  const year = Number(now.slice(0, 4));
  const quarters = lastQuarters(now, 4).reverse();
  return [
    { id: `Y${year}`, mode: 'year', text: t('success.revenue.yearOf', { year }), range: [`${year}-01-01`, `${year}-12-31`] },
    { id: `Y${year - 1}`, mode: 'year', text: t('success.revenue.yearOf', { year: year - 1 }), range: [`${year - 1}-01-01`, `${year - 1}-12-31`] },
    ...quarters.map(q => ({ id: `${q.year}Q${q.quarter}`, mode: 'quarter', text: t('success.revenue.quarterOf', q), range: quarterRange(q.year, q.quarter) })),
  ];
}

const retention = (value, report) => (value === null || value === undefined
  ? { text: '—', sub: t('success.revenue.noBase') }
  : { text: fmt.ratio(value, 1), sub: t('success.revenue.previous', { amount: fmt.money(report.previousRevenue, report.currency) }) });

/** The four quarters up to today as a stacked chart (recurring + expansion + new = the quarter's revenue) and NRR/GRR. */
async function quarterChart() {
  const quarters = lastQuarters(today(), 4);
  const reports = await Promise.all(quarters.map(q => {
    const [from, to] = quarterRange(q.year, q.quarter);
    // Totals only: the chart needs no per-account rows (a region's year can be 100,000 of them).
    return api('/api/success/revenue', { query: { from, to, rows: 0 } });
  }));
  const labelOf = q => `${q.year} Q${q.quarter}`;
  const currency = reports[0]?.currency ?? 'CNY';
  const chart = columnChart(quarters.map((q, i) => ({
    key: labelOf(q), label: labelOf(q),
    parts: SERIES.map(name => ({ name: t(`success.revenue.${name}`), value: Number(reports[i][name]), color: SERIES_COLOR[name] })),
  })), { format: v => fmt.moneyShort(v, currency), height: 220, legend: false, className: 'revenue-columns' });
  return h('div', { class: 'revenue-chart' },
    h('div', null,
      h('h3', null, t('success.revenue.chart')), chart,
      h('div', { class: 'legend' }, SERIES.map(name => h('span', { class: 'legend-item' }, h('i', { style: { background: SERIES_COLOR[name] } }), t(`success.revenue.${name}`))))),
    table([
      { title: t('success.revenue.mode'), render: r => r.label },
      { title: t('success.revenue.revenue'), align: 'right', render: r => fmt.moneyShort(r.report.revenue, r.report.currency) },
      { title: 'NRR', align: 'right', render: r => retention(r.report.nrr, r.report).text },
      { title: 'GRR', align: 'right', render: r => retention(r.report.grr, r.report).text },
    ], quarters.map((q, i) => ({ label: labelOf(q), report: reports[i] }))));
}

export function revenueSection() {
  const choices = periodChoices();
  let chosen = choices[0];
  let el;
  const select = h('select', {
    id: 'revenue-period', 'aria-label': t('success.revenue.mode'),
    onChange: e => { chosen = choices.find(c => c.id === e.target.value) ?? choices[0]; el.reload(); },
  },
  h('optgroup', { label: t('success.revenue.year') }, choices.filter(c => c.mode === 'year').map(c => h('option', { value: c.id, selected: c === chosen }, c.text))),
  h('optgroup', { label: t('success.revenue.quarter') }, choices.filter(c => c.mode === 'quarter').map(c => h('option', { value: c.id }, c.text))));

  // The chart does not depend on the chosen period: it loads once and survives period changes.
  const chartBox = h('div', { class: 'revenue-chart-box' }, loading());
  quarterChart().then(chart => mount(chartBox, chart), error => {
    console.error(error);
    mount(chartBox, h('p', { class: 'muted small' }, t('success.revenue.chartFailed', { message: explain(error).message })));
  });

  el = selfLoading({ id: 'revenue', class: 'revenue', title: t('success.revenue.title') }, async () => {
    let report;
    const query = { from: chosen.range[0], to: chosen.range[1] };
    try {
      report = await api('/api/success/revenue', { query: { ...query, rows: ROWS_PER_PAGE } });
    } catch (error) {
      throw explain(error);
    }

    const c = report.currency;
    const nrr = retention(report.nrr, report);
    const grr = retention(report.grr, report);
    const money = v => fmt.money(v, c);
    const summary = v => moneySummary(v, c);
    const headline = h('div', { class: 'kpis revenue-headline' },
      kpi(t('success.revenue.nrr'), nrr.text, nrr.sub, report.nrr === null ? null : Number(report.nrr) >= 1 ? 'ok' : Number(report.nrr) >= 0.9 ? 'warn' : 'danger'),
      kpi(t('success.revenue.grr'), grr.text, grr.sub, report.grr === null ? null : Number(report.grr) >= 0.9 ? 'ok' : Number(report.grr) >= 0.8 ? 'warn' : 'danger'),
      kpi(t('success.revenue.revenue'), summary(report.revenue), t('success.revenue.previous', { amount: summary(report.previousRevenue) })),
      kpi(t('success.revenue.cumulative'), summary(report.cumulative), t('success.revenue.cumulativeSub', { date: fmt.date(report.to) })));
    const bridge = h('div', { class: 'kpis revenue-bridge' },
      kpi(t('success.revenue.recurring'), summary(report.recurring)),
      kpi(t('success.revenue.expansion'), summary(report.expansion), null, Number(report.expansion) > 0 ? 'ok' : null),
      kpi(t('success.revenue.contraction'), summary(report.contraction), null, Number(report.contraction) > 0 ? 'warn' : null),
      kpi(t('success.revenue.churned'), summary(report.churned), null, Number(report.churned) > 0 ? 'danger' : null),
      kpi(t('success.revenue.new'), summary(report.new), null, Number(report.new) > 0 ? 'ok' : null));

    const columns = [
      { title: t('common.account'), render: a => h('a', { href: `#/accounts/${a.accountId}`, class: 'account-link' }, a.accountName) },
      { title: t('common.class'), render: a => a.class ?? '—' },
      { title: t('success.revenue.revenue'), align: 'right', render: a => money(a.revenue) },
      { title: t('success.revenue.previousCol'), align: 'right', render: a => money(a.previousRevenue) },
      ...['recurring', 'expansion', 'contraction', 'churned', 'new'].map(key => ({
        title: t(`success.revenue.${key}`), align: 'right',
        render: a => h('span', { class: Number(a[key]) > 0 ? `rev-${key}` : 'muted' }, Number(a[key]) > 0 ? money(a[key]) : '—'),
      })),
      { title: t('success.revenue.cumulative'), align: 'right', render: a => money(a.cumulative) },
    ];
    // The server lists the accounts that weigh most across both periods first (a large churned one near the top)
    // and sends only the rows asked for: the next hundred come with "Load more", not the whole region up front.
    const accounts = h('div', { class: 'revenue-rows' });
    const drawRows = page => mount(accounts,
      table(columns, page.accounts, { emptyText: t('success.revenue.none'), rowClass: a => (Number(a.churned) > 0 ? 'row-danger' : null) }),
      page.accountCount > ROWS_PER_PAGE
        ? h('p', { class: 'muted small revenue-rows-count' }, t('success.revenue.rowsShown', { shown: fmt.number(page.accounts.length), count: fmt.number(page.accountCount) }))
        : null,
      page.accounts.length < page.accountCount ? h('button', {
        type: 'button', class: 'secondary revenue-more',
        onClick: safely(async () => drawRows(await api('/api/success/revenue', { query: { ...query, rows: page.accounts.length + ROWS_PER_PAGE } })),
          error => toast(explain(error).message, 'danger')),
      }, t('common.more')) : null);
    drawRows(report);

    return [
      h('div', { class: 'filters' }, h('label', { class: 'inline-field' }, h('span', null, t('success.revenue.mode')), select),
        h('span', { class: 'muted small' }, t('success.revenue.compare', {
          from: fmt.date(report.from), to: fmt.date(report.to), pfrom: fmt.date(report.previousFrom), pto: fmt.date(report.previousTo),
        }))),
      report.unconvertedCurrencies?.length ? h('p', { class: 'notice' }, t('success.revenue.unconverted', { list: report.unconvertedCurrencies.join(', ') })) : null,
      headline, bridge,
      chartBox,
      h('div', { class: 'revenue-accounts' }, h('h3', null, t('success.revenue.perAccount')), accounts)];
  });
  return el;
}
