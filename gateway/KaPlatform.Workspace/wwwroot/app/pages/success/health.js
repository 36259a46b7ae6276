// Account health (docs/product.md §4.1): who is at risk first (every visible account's band), then one account's score, the five
// components with weight and reason, the trend against the bands, and its success reviews.
import { h, mount } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api, apiAll } from '../../api.js';
import { bandBadge, table, empty, loading, errorPanel, selfLoading } from '../../components.js';
import { lineChart } from '../../charts.js';
import { serverText } from '../../texts.js';

import { explain, healthOfMany, bandOf } from '../../health.js';
import { reviewsPanel } from './reviews.js';

const SHORT_LIST = 12;
const BANDS = [
  { from: 70, to: 100, className: 'band-healthy' },
  { from: 40, to: 70, className: 'band-watch' },
  { from: 0, to: 40, className: 'band-at_risk' },
];

/** One component: label and weight, a 0–100 bar in the band's colour, the score, and the reason a CSM can read out. */
function componentRow(c) {
  const score = Number(c.score);
  return h('div', { class: 'component', dataset: { component: c.name } },
    h('div', { class: 'component-name' }, h('strong', null, label('healthComponent', c.name)),
      h('span', { class: 'muted small' }, t('success.health.weight', { weight: fmt.number(c.weight) }))),
    h('div', { class: 'component-track', title: `${fmt.number(score)} / 100` },
      h('div', { class: `component-fill band-${bandOf(score)}`, style: { width: `${Math.max(0, Math.min(100, score))}%` } })),
    h('div', { class: 'component-score' }, fmt.number(score)),
    h('div', { class: 'component-reason', dataset: { code: c.code ?? '' } }, serverText(c.code, c.params, c.reason)));
}

/** The detail of one account: score, components, trend, reviews. */
async function detail(accountId, accountName, onChanged) {
  const [health, history, name] = await Promise.all([
    api(`/api/success/accounts/${accountId}/health`),
    apiAll(`/api/success/accounts/${accountId}/health/history`, {}, 200).catch(() => []),
    accountName ? accountName : api(`/api/success/accounts/${accountId}`).then(a => a?.name, () => null),
  ]);
  accountName = name ?? accountName;
  const points = [...history].reverse().map(e => ({ x: e.computedAt, y: e.score, label: fmt.date(e.computedAt) }));
  const trend = points.length
    ? [lineChart(points, { min: 0, max: 100, bands: BANDS, format: v => fmt.number(v), className: 'health-trend' }),
      points.length === 1 ? h('p', { class: 'muted small' }, t('success.health.trendOne')) : null]
    : empty();
  return h('div', { class: 'health-detail', dataset: { accountId } },
    h('div', { class: 'health-head' },
      h('div', null,
        h('a', { href: `#/accounts/${accountId}`, class: 'account-link health-account' }, accountName ?? accountId),
        h('div', { class: 'muted small' }, t('success.health.computedAt', { when: fmt.dateTime(health.computedAt) }))),
      h('div', { class: 'health-score' },
        h('span', { class: `big-score band-text-${health.band}` }, fmt.number(health.score)),
        bandBadge(health.band))),
    h('h3', null, t('success.health.components')),
    h('div', { class: 'components' }, health.components.map(componentRow)),
    h('h3', null, t('success.health.trend')),
    h('div', { class: 'trend-box' }, trend),
    reviewsPanel(accountId, accountName, onChanged));
}

/**
 * The health card (#health). accounts: promise of the visible accounts; selected: the route's accountId.
 * Resolves `healthMap` (a promise of Map accountId → health) for the other sections.
 */
export function healthSection({ accounts, selected, healthReady }) {
  let expanded = false;
  const detailBox = h('div', { class: 'health-detail-box', id: 'health-detail' });
  const picker = h('select', { id: 'health-account', 'aria-label': t('success.health.account') },
    h('option', { value: '' }, t('success.health.pick')));

  let current = null;
  const show = async (accountId, name) => {
    current = accountId;
    picker.value = accountId;
    el.querySelectorAll('.overview-table tbody tr').forEach(tr => tr.classList.toggle('is-selected', tr.dataset.accountId === accountId));
    const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
    query.set('accountId', accountId);
    history.replaceState(null, '', `#/success?${query}`);
    mount(detailBox, loading());
    try {
      const content = await detail(accountId, name, () => show(accountId, name));
      if (current === accountId) mount(detailBox, content);
    } catch (error) {
      console.error(error);
      if (current === accountId) mount(detailBox, errorPanel(explain(error), () => show(accountId, name)));
    }
  };

  const el = selfLoading({ id: 'health', class: 'health', title: t('success.health.title') }, async () => {
    let list;
    try {
      list = await accounts;
    } catch (error) {
      healthReady(new Map());
      throw explain(error);
    }

    let bands;
    let bandNote = null;
    try {
      bands = await healthOfMany(list.map(a => a.id));
    } catch (error) {
      bands = new Map();
      bandNote = t('success.health.bulkFailed', { message: explain(error).message });
    }

    healthReady(bands);
    const names = new Map(list.map(a => [a.id, a.name]));
    picker.replaceChildren(h('option', { value: '' }, t('success.health.pick')),
      ...[...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map(a => h('option', { value: a.id }, a.name)));
    picker.onchange = () => { if (picker.value) show(picker.value, names.get(picker.value)); };

    const rows = list.map(a => ({ ...a, health: bands.get(a.id) }))
      .sort((a, b) => (a.health ? 0 : 1) - (b.health ? 0 : 1) || (a.health?.score ?? 101) - (b.health?.score ?? 101) || a.name.localeCompare(b.name, 'zh-CN'));
    const counts = { at_risk: 0, watch: 0, healthy: 0 };
    rows.forEach(r => { if (r.health) counts[r.health.band] = (counts[r.health.band] ?? 0) + 1; });
    const unscored = rows.filter(r => !r.health).length;

    const overviewBox = h('div', { class: 'overview-table' });
    const drawOverview = () => {
      const shown = expanded ? rows : rows.slice(0, SHORT_LIST);
      mount(overviewBox,
        table([
          { title: t('common.account'), render: r => h('span', { class: 'account-name' }, r.name) },
          { title: t('common.region'), key: 'region' },
          { title: t('common.health'), render: r => bandBadge(r.health?.band, r.health?.score) },
        ], shown, {
          emptyText: t('success.health.noAccounts'),
          onRowClick: r => show(r.id, r.name),
          rowClass: r => [`overview-${r.health?.band ?? 'none'}`, r.health?.band === 'at_risk' && 'row-danger'].filter(Boolean).join(' '),
        }),
        rows.length > SHORT_LIST ? h('div', { class: 'more' }, h('button', {
          type: 'button', class: 'link', onClick: () => { expanded = !expanded; drawOverview(); },
        }, expanded ? t('success.health.showFewer') : t('success.health.showAll', { count: rows.length }))) : null);
      overviewBox.querySelectorAll('tbody tr').forEach((tr, i) => {
        tr.dataset.accountId = shown[i].id;
        tr.classList.toggle('is-selected', shown[i].id === current);
      });
    };
    drawOverview();

    // The route's account, else the one most at risk.
    const initial = selected || rows.find(r => r.health)?.id || rows[0]?.id;
    if (initial) {
      show(initial, names.get(initial));
    } else {
      mount(detailBox, empty(t('success.health.noneSelected')));
    }

    return h('div', { class: 'health-grid' },
      h('div', { class: 'health-overview' },
        h('h3', null, t('success.health.overview')),
        h('div', { class: 'band-counts' },
          ['at_risk', 'watch', 'healthy'].map(b => h('span', { class: `badge band-${b}`, dataset: { bandCount: b } }, `${label('band', b)} ${counts[b]}`)),
          unscored ? h('span', { class: 'muted small' }, t('success.health.unscored', { count: unscored })) : null),
        bandNote ? h('p', { class: 'muted small' }, bandNote) : null,
        overviewBox),
      h('div', { class: 'health-main' },
        h('label', { class: 'inline-field' }, h('span', null, t('success.health.account')), picker),
        detailBox));
  });
  return el;
}
