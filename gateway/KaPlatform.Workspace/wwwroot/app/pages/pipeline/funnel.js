// Funnel by stage (GET /api/funnel): how many of the deals opened in the period reached each stage, drawn as stacked
// trapezoids, with the conversion to the next stage between them.
import { h, s } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { api } from '../../api.js';
import { defineStrings } from '../../common.js';
import { empty, selfLoading } from '../../components.js';

import { funnelBasis } from './countBasis.js';

defineStrings({
  'funnel.title': ['Funnel by stage', '阶段漏斗'],
  'funnel.summary': ['{opened} deals opened in {period}, {lost} of them lost so far.', '{period} 新建 {opened} 个商机，其中已丢单 {lost} 个。'],
  'funnel.reached': ['{count} reached', '到达 {count} 个'],
  'funnel.conversion': ['{pct} went on', '{pct} 进入下一阶段'],
  'funnel.conversionShort': ['→ {pct}', '→ {pct}'],
  'funnel.none': ['No opportunities were opened in this period.', '本期没有新建商机。'],
  'funnel.opened': ['Opened in the period', '本期新建'],
  'funnel.stillOpen': ['Still open', '仍在推进'],
  'funnel.overallLabel': ['Opened → won', '新建 → 赢单'],
  'funnel.weakest': ['Weakest step', '转化最低环节'],
});

const FILL = ['#1f4e8c', '#245a9e', '#2f7fd1', '#4b94dc', '#5aa9e6', '#7cc4a4', '#2e8540'];

export function funnelView(f) {
  if (!f.opened) return empty(t('funnel.none'));
  const stages = f.stages;
  const width = 680;
  const left = 190;
  const plot = 290;
  const cx = left + plot / 2;
  const rowH = 30;
  const gapH = 16;
  const top = Math.max(1, stages[0]?.reached ?? 1);
  const w = n => Math.max(3, (n / top) * plot);
  const height = stages.length * (rowH + gapH);
  const won = stages.at(-1)?.reached ?? 0;

  const svg = s('svg', { class: 'chart funnel-chart', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': t('funnel.title') },
    stages.map((st, i) => {
      const y = i * (rowH + gapH);
      const wt = w(st.reached);
      const next = stages[i + 1];
      const wb = next ? Math.max(3, Math.min(wt, w(next.reached))) : wt * 0.85;
      const points = [[cx - wt / 2, y], [cx + wt / 2, y], [cx + wb / 2, y + rowH], [cx - wb / 2, y + rowH]]
        .map(([x, yy]) => `${x.toFixed(1)},${yy.toFixed(1)}`).join(' ');
      const conv = st.conversionToNext;
      return s('g', { class: 'funnel-stage', dataset: { stage: st.stage, reached: String(st.reached) } },
        s('title', null, `${label('stage', st.stage)}: ${t('funnel.reached', { count: st.reached })}`
          + (conv === null || conv === undefined ? '' : ` · ${t('funnel.conversion', { pct: fmt.ratio(conv) })}`)),
        s('text', { x: left - 12, y: y + rowH * 0.65, 'text-anchor': 'end', class: 'axis-label funnel-label' }, label('stage', st.stage)),
        s('polygon', { points, fill: FILL[i % FILL.length] }),
        s('text', { x: cx, y: y + rowH * 0.66, 'text-anchor': 'middle', class: ['funnel-count', wt < 40 ? 'outside' : null] },
          wt < 40 ? '' : fmt.number(st.reached)),
        wt < 40 ? s('text', { x: cx + wt / 2 + 6, y: y + rowH * 0.66, class: 'value-label' }, fmt.number(st.reached)) : null,
        s('text', { x: left + plot + 16, y: y + rowH * 0.65, class: 'value-label' }, t('funnel.reached', { count: fmt.number(st.reached) })),
        conv === null || conv === undefined ? null : s('text', {
          x: cx + plot / 2 + 16, y: y + rowH + gapH * 0.78, class: ['conversion-label', conv < 0.5 ? 'low' : null], dataset: { conversion: String(conv) },
        }, t('funnel.conversion', { pct: fmt.ratio(conv) })));
    }));

  // The weakest step: the lowest conversion among stages that somebody reached.
  const steps = stages.slice(0, -1).map((st, i) => ({ from: st.stage, to: stages[i + 1].stage, conv: st.conversionToNext }))
    .filter(st => st.conv !== null && st.conv !== undefined);
  const weakest = steps.reduce((low, st) => (low === null || st.conv < low.conv ? st : low), null);
  const facts = h('dl', { class: 'funnel-facts' },
    h('dt', null, t('funnel.opened')), h('dd', { dataset: { fact: 'opened' } }, fmt.number(f.opened)),
    h('dt', null, label('stage', 'won')), h('dd', { class: 'tone-ok', dataset: { fact: 'won' } }, fmt.number(won)),
    h('dt', null, label('stage', 'lost')), h('dd', { class: 'tone-danger', dataset: { fact: 'lost' } }, fmt.number(f.lost)),
    h('dt', null, t('funnel.stillOpen')), h('dd', { dataset: { fact: 'open' } }, fmt.number(Math.max(0, f.opened - won - f.lost))),
    h('dt', null, t('funnel.overallLabel')), h('dd', { dataset: { fact: 'overall' } }, fmt.ratio(f.opened ? won / f.opened : 0)),
    weakest ? [h('dt', null, t('funnel.weakest')), h('dd', { class: weakest.conv < 0.5 ? 'tone-warn' : null, dataset: { fact: 'weakest' } },
      `${label('stage', weakest.from)} → ${label('stage', weakest.to)} · ${fmt.ratio(weakest.conv)}`)] : null);

  return [
    h('p', { class: 'muted small' }, t('funnel.summary', { opened: fmt.number(f.opened), period: f.period, lost: fmt.number(f.lost) })),
    funnelBasis(),
    h('div', { class: 'funnel-layout' }, svg, facts),
  ];
}

export function funnelSection({ period, ownerId }) {
  return selfLoading({ id: 'funnel', class: 'pipeline-section', title: t('funnel.title') }, async () =>
    funnelView(await api('/api/funnel', { query: { period, ownerId } })));
}
