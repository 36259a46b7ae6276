// Forecast against target (docs/product.md §2.4): tiles, target vs closed won vs pipeline vs required pipeline, and the pipeline by stage.
import { h, s } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { moneySummary } from '../../texts.js';
import { api } from '../../api.js';
import { defineStrings } from '../../common.js';
import { kpi, selfLoading } from '../../components.js';
import { barChart } from '../../charts.js';
import { dealCount } from '../../deals.js';
import { forecastBasis } from './countBasis.js';

defineStrings({
  'forecast.title': ['Forecast against target', '目标与预测'],
  'forecast.target': ['Target', '目标'],
  'forecast.closedWon': ['Closed won', '已赢单'],
  'forecast.pipeline': ['Pipeline', '管道金额'],
  'forecast.weighted': ['Weighted pipeline', '加权管道'],
  'forecast.gap': ['Gap to target', '目标缺口'],
  'forecast.coverage': ['Coverage', '覆盖倍数'],
  'forecast.winRate': ['Win rate', '赢率'],
  'forecast.required': ['Required pipeline', '所需管道'],
  'forecast.ofTarget': ['{pct} of target', '完成目标 {pct}'],
  'forecast.noTarget': ['No target set for this period', '本期未设定目标'],
  'forecast.gapClosed': ['Target reached: no gap to cover', '已达成目标，无缺口'],
  'forecast.coverageSub': ['pipeline ÷ gap · needs {needed}×', '管道 ÷ 缺口 · 需 {needed} 倍'],
  'forecast.weightedSub': ['Σ amount × probability', 'Σ 金额 × 赢率'],
  'forecast.pipelineSub': ['{count} open deals closing in the period', '本期预计成交的 {count} 个在途商机'],
  'forecast.winRateSub': ['{won} won / {lost} lost, {from} – {to}', '{from} – {to} 赢 {won} / 输 {lost}'],
  'forecast.winRateDefault': ['No closed deals in the last 4 quarters: default 30%', '近 4 个季度无结单，按默认 30%'],
  'forecast.requiredSub': ['gap ÷ win rate', '缺口 ÷ 赢率'],
  'forecast.requiredNone': ['No deal won in the last 4 quarters', '近 4 个季度没有赢单'],
  'forecast.requiredShort': ['Pipeline short by {amount}', '管道缺少 {amount}'],
  'forecast.requiredOk': ['Pipeline covers it', '管道已足够'],
  'forecast.compare': ['Target, won and pipeline', '目标、赢单与管道对比'],
  'forecast.byStage': ['Pipeline by stage', '各阶段管道'],
  'forecast.byStageLegendAmount': ['Amount', '金额'],
  'forecast.byStageLegendWeighted': ['Weighted', '加权金额'],
  'forecast.stageNote': ['{count} · weighted {weighted}', '{count} · 加权 {weighted}'],
  'forecast.period': ['Period {period} ({from} – {to}), amounts in {currency}', '期间 {period}（{from} – {to}），金额单位 {currency}'],
});

const COLORS = { target: '#1f4e8c', won: '#2e8540', pipeline: '#2f7fd1', weighted: '#5aa9e6', required: '#e07b39', gap: '#c2413b' };

/** Amount per stage as a light bar with its weighted part drawn darker inside; counts and figures as text. */
function stageBars(byStage, currency) {
  const width = 640;
  const labelWidth = 170;
  const valueWidth = 200;
  const plot = width - labelWidth - valueWidth;
  const row = 30;
  const top = Math.max(1, ...byStage.map(r => Number(r.amount) || 0));
  const short = v => fmt.moneyShort(v, currency);
  return h('figure', { class: 'chart-figure stage-bars' },
    s('svg', { class: 'chart', viewBox: `0 0 ${width} ${byStage.length * row + 4}`, width: '100%', role: 'img', 'aria-label': t('forecast.byStage') },
      byStage.map((r, i) => {
        const y = i * row + 2;
        const w = (Number(r.amount) || 0) / top * plot;
        const ww = (Number(r.weighted) || 0) / top * plot;
        const note = t('forecast.stageNote', { count: dealCount(r.count), weighted: short(r.weighted) });
        return s('g', { class: 'bar', dataset: { stage: r.stage } },
          s('title', null, `${label('stage', r.stage)}: ${fmt.money(r.amount, currency)} · ${note}`),
          s('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', class: 'axis-label' }, label('stage', r.stage)),
          s('rect', { x: labelWidth, y, width: Math.max(w, 0), height: 22, rx: 3, fill: COLORS.weighted, opacity: 0.45 }),
          s('rect', { x: labelWidth, y, width: Math.max(ww, 0), height: 22, rx: 3, fill: COLORS.target }),
          s('text', { x: labelWidth + w + 6, y: y + 16, class: 'value-label' }, `${short(r.amount)} · ${note}`));
      })),
    h('figcaption', { class: 'legend' },
      h('span', { class: 'legend-item' }, h('i', { style: { background: COLORS.weighted, opacity: '0.45' } }), t('forecast.byStageLegendAmount')),
      h('span', { class: 'legend-item' }, h('i', { style: { background: COLORS.target } }), t('forecast.byStageLegendWeighted'))));
}

export function forecastView(f) {
  const cur = f.currency || 'CNY';
  // KPI tiles read as 万 in Chinese, as a Chinese sales reader expects; tables keep exact amounts.
  const m = v => moneySummary(v, cur);
  const target = Number(f.target);
  const gap = Number(f.gap);
  const openCount = f.byStage.reduce((n, r) => n + r.count, 0);
  const short = f.requiredPipeline !== null && Number(f.pipeline) < Number(f.requiredPipeline);
  const needed = f.winRate > 0 ? fmt.number(1 / f.winRate, 1) : '—';
  const basis = f.winRateBasis ?? {};
  const noHistory = (basis.won ?? 0) + (basis.lost ?? 0) === 0;

  const coverageReason = target === 0 ? t('forecast.noTarget') : t('forecast.gapClosed');
  const tiles = h('div', { class: 'kpis forecast-kpis' },
    tile('target', kpi(t('forecast.target'), m(f.target), target === 0 ? t('forecast.noTarget') : null, target === 0 ? 'warn' : null)),
    tile('closedWon', kpi(t('forecast.closedWon'), m(f.closedWon),
      target > 0 ? t('forecast.ofTarget', { pct: fmt.ratio(f.closedWon / target) }) : null, target > 0 && gap === 0 ? 'ok' : null)),
    tile('pipeline', kpi(t('forecast.pipeline'), m(f.pipeline), t('forecast.pipelineSub', { count: openCount }))),
    tile('weightedPipeline', kpi(t('forecast.weighted'), m(f.weightedPipeline), t('forecast.weightedSub'))),
    tile('gap', kpi(t('forecast.gap'), m(f.gap), gap === 0 ? coverageReason : null, gap > 0 ? 'danger' : target > 0 ? 'ok' : null)),
    tile('coverage', kpi(t('forecast.coverage'), f.coverage === null ? '—' : `${fmt.number(f.coverage, 2)}×`,
      f.coverage === null ? coverageReason : t('forecast.coverageSub', { needed }),
      f.coverage === null ? null : short ? 'danger' : 'ok')),
    tile('winRate', kpi(t('forecast.winRate'), fmt.ratio(f.winRate, 1),
      noHistory ? t('forecast.winRateDefault')
        : t('forecast.winRateSub', { won: basis.won, lost: basis.lost, from: fmt.date(basis.from), to: fmt.date(basis.to) }))),
    tile('requiredPipeline', kpi(t('forecast.required'), f.requiredPipeline === null ? '—' : m(f.requiredPipeline),
      f.requiredPipeline === null ? t('forecast.requiredNone')
        : gap === 0 ? coverageReason
          : short ? t('forecast.requiredShort', { amount: m(f.requiredPipeline - f.pipeline) }) : t('forecast.requiredOk'),
      f.requiredPipeline === null ? 'warn' : gap === 0 ? null : short ? 'danger' : 'ok')));

  const compare = barChart([
    { key: 'target', label: t('forecast.target'), value: Number(f.target), color: COLORS.target },
    { key: 'closedWon', label: t('forecast.closedWon'), value: Number(f.closedWon), color: COLORS.won,
      note: target > 0 ? fmt.ratio(f.closedWon / target) : null },
    { key: 'gap', label: t('forecast.gap'), value: gap, color: COLORS.gap },
    { key: 'pipeline', label: t('forecast.pipeline'), value: Number(f.pipeline), color: COLORS.pipeline },
    { key: 'weightedPipeline', label: t('forecast.weighted'), value: Number(f.weightedPipeline), color: COLORS.weighted },
    { key: 'requiredPipeline', label: t('forecast.required'), value: Number(f.requiredPipeline ?? 0), color: COLORS.required,
      note: f.requiredPipeline === null ? t('forecast.requiredNone') : null },
  ], { format: v => fmt.moneyShort(v, cur), width: 620, labelWidth: 150, className: 'forecast-compare' });

  return [
    h('p', { class: 'muted small period-note' }, t('forecast.period', { period: f.period, from: fmt.date(f.from), to: fmt.date(f.to), currency: cur })),
    forecastBasis(),
    tiles,
    h('div', { class: 'grid-2 forecast-charts' },
      h('div', null, h('h3', null, t('forecast.compare')), compare),
      h('div', null, h('h3', null, t('forecast.byStage')), stageBars(f.byStage, cur))),
  ];
}

function tile(key, node) {
  node.dataset.kpi = key;
  return node;
}

export function forecastSection({ period, ownerId }) {
  return selfLoading({ id: 'forecast', class: 'pipeline-section', title: t('forecast.title') }, async () =>
    forecastView(await api('/api/forecast', { query: { period, ownerId } })));
}
