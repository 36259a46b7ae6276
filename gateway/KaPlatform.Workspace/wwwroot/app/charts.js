// Small SVG charts drawn here, so nothing is fetched from outside. Every chart carries its numbers as text too
// (labels, <title> tooltips), so it reads without hovering and tests can find the figures.
import { h, s } from './dom.js';

const PALETTE = ['#1f4e8c', '#2f7fd1', '#5aa9e6', '#7cc4a4', '#f0b429', '#e07b39', '#c2413b', '#8e6bbf'];
export const color = i => PALETTE[i % PALETTE.length];

/**
 * Horizontal bars: items [{label, value, color?, note?}], options {format(v), max, width}.
 * Good for funnels, stage breakdowns and per-account amounts.
 */
export function barChart(items, { format = String, max, width = 560, barHeight = 22, labelWidth = 160, className } = {}) {
  const top = Math.max(max ?? 0, ...items.map(i => Number(i.value) || 0), 1);
  const valueWidth = 130;
  const plot = width - labelWidth - valueWidth;
  const height = items.length * (barHeight + 8) + 4;
  return s('svg', { class: ['chart', 'bar-chart', className], viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' },
    items.map((item, i) => {
      const y = i * (barHeight + 8) + 2;
      const w = Math.max(0, (Number(item.value) || 0) / top * plot);
      return s('g', { class: 'bar', dataset: { label: item.key ?? item.label } },
        s('title', null, `${item.label}: ${format(item.value)}`),
        s('text', { x: labelWidth - 8, y: y + barHeight * 0.7, 'text-anchor': 'end', class: 'axis-label' }, item.label),
        s('rect', { x: labelWidth, y, width: w, height: barHeight, rx: 3, fill: item.color ?? color(i) }),
        s('text', { x: labelWidth + w + 6, y: y + barHeight * 0.7, class: 'value-label' }, format(item.value), item.note ? ` · ${item.note}` : ''));
    }));
}

/**
 * Vertical columns, optionally stacked: categories [{label, parts: [{name, value, color}]}], options {format}.
 * Good for aging buckets and period comparisons.
 */
export function columnChart(categories, { format = String, width = 560, height = 240, className, legend = true } = {}) {
  const pad = { top: 22, bottom: 42, left: 8, right: 8 };
  const totals = categories.map(c => c.parts.reduce((sum, p) => sum + (Number(p.value) || 0), 0));
  const top = Math.max(...totals, 1);
  const slot = (width - pad.left - pad.right) / Math.max(categories.length, 1);
  const barWidth = Math.min(64, slot * 0.6);
  const plotHeight = height - pad.top - pad.bottom;
  const seriesNames = [...new Set(categories.flatMap(c => c.parts.map(p => p.name)))];
  const svg = s('svg', { class: ['chart', 'column-chart', className], viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' },
    s('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, class: 'axis' }),
    categories.map((c, i) => {
      const x = pad.left + i * slot + (slot - barWidth) / 2;
      let y = height - pad.bottom;
      const rects = c.parts.map((p, j) => {
        const hgt = (Number(p.value) || 0) / top * plotHeight;
        y -= hgt;
        return s('rect', { x, y, width: barWidth, height: hgt, fill: p.color ?? color(seriesNames.indexOf(p.name) >= 0 ? seriesNames.indexOf(p.name) : j) },
          s('title', null, `${c.label} · ${p.name ?? ''} ${format(p.value)}`));
      });
      return s('g', { class: ['column', c.className], dataset: { label: c.key ?? c.label } }, rects,
        s('text', { x: x + barWidth / 2, y: y - 6, 'text-anchor': 'middle', class: 'value-label' }, format(totals[i])),
        s('text', { x: x + barWidth / 2, y: height - pad.bottom + 16, 'text-anchor': 'middle', class: 'axis-label' }, c.label));
    }));
  if (!legend || seriesNames.length < 2) return svg;
  return h('figure', { class: 'chart-figure' }, svg, h('figcaption', { class: 'legend' }, seriesNames.map((name, i) =>
    h('span', { class: 'legend-item' }, h('i', { style: { background: color(i) } }), name))));
}

/**
 * A line over time: points [{x: 'YYYY-MM-DD' or ISO, y}], options {min, max, bands: [{from, to, className}], format}.
 * Good for health trends.
 */
export function lineChart(points, { min = 0, max = 100, bands = [], format = String, width = 560, height = 200, className } = {}) {
  const pad = { top: 10, bottom: 28, left: 34, right: 10 };
  const times = points.map(p => new Date(p.x).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const X = time => pad.left + (time - t0) / (t1 - t0) * (width - pad.left - pad.right);
  const Y = v => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${X(times[i]).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
  return s('svg', { class: ['chart', 'line-chart', className], viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img' },
    bands.map(b => s('rect', { x: pad.left, width: width - pad.left - pad.right, y: Y(b.to), height: Y(b.from) - Y(b.to), class: b.className })),
    [min, (min + max) / 2, max].map(v => s('text', { x: pad.left - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, format(v))),
    s('path', { d: path, class: 'line' }),
    points.map((p, i) => s('circle', { cx: X(times[i]), cy: Y(p.y), r: 3.5, class: 'point' }, s('title', null, `${p.label ?? p.x}: ${format(p.y)}`))),
    points.length ? [
      s('text', { x: pad.left, y: height - 8, class: 'axis-label' }, points[0].label ?? String(points[0].x).slice(0, 10)),
      s('text', { x: width - pad.right, y: height - 8, 'text-anchor': 'end', class: 'axis-label' }, points.at(-1).label ?? String(points.at(-1).x).slice(0, 10)),
    ] : null);
}

/** Target vs actual as paired bars: items [{label, target, actual}], options {format}. */
export function progressBars(items, { format = String } = {}) {
  return h('div', { class: 'progress-bars' }, items.map(item => {
    const target = Number(item.target) || 0;
    const actual = Number(item.actual) || 0;
    const ratio = target > 0 ? actual / target : null;
    const widthPct = target > 0 ? Math.min(100, ratio * 100) : actual > 0 ? 100 : 0;
    const tone = ratio === null ? 'muted' : ratio >= 1 ? 'ok' : ratio >= 0.6 ? 'warn' : 'danger';
    return h('div', { class: 'progress-row', dataset: { label: item.key ?? item.label } },
      h('div', { class: 'progress-label' }, item.label),
      h('div', { class: 'progress-track', title: `${format(actual)} / ${format(target)}` },
        h('div', { class: `progress-fill tone-${tone}`, style: { width: `${widthPct}%` } })),
      h('div', { class: 'progress-figures' }, `${format(actual)} / ${format(target)}`,
        ratio === null ? '' : ` (${Math.round(ratio * 100)}%)`));
  }));
}
