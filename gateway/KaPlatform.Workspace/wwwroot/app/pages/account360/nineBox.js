// The potential × contribution nine-box (docs/product.md §1.2): potential high→low top to bottom, contribution low→high left to
// right, the class of each cell written in it, the account's current cell marked data-current, and where earlier
// fiscal years' assessments put it.
import { h, s } from '../../dom.js';
import { t, label } from '../../i18n.js';
import { defineStrings } from '../../common.js';

defineStrings({
  'acct360.nine.title': ['Potential × contribution', '潜力 × 贡献矩阵'],
  'acct360.nine.potential': ['Potential', '潜力'],
  'acct360.nine.contribution': ['Contribution', '贡献'],
  'acct360.nine.current': ['Now', '当前'],
  'acct360.nine.aria': ['Nine-box: the account is class {cls}, potential {potential}, contribution {contribution}.',
    '九宫格：客户为 {cls} 类，潜力{potential}，贡献{contribution}。'],
  'acct360.nine.ariaNone': ['Nine-box: the account has not been assessed yet.', '九宫格：客户尚未评估。'],
  'acct360.nine.trail': ['Dots: earlier fiscal years; the line runs from the oldest to now.', '圆点为往年评估结果，连线从最早指向当前。'],
});

const POTENTIAL_ROWS = ['high', 'medium', 'low'];
const CONTRIBUTION_COLS = ['low', 'medium', 'high'];

/** The class a cell stands for (docs/product.md §1.2). */
export function classOf(potential, contribution) {
  if (contribution === 'high') return potential === 'high' ? 'A' : 'B';
  return potential === 'low' ? 'D' : 'C';
}

const CELL_W = 112;
const CELL_H = 84;
const LEFT = 78;
const TOP = 12;

function cellOrigin(potential, contribution) {
  return { x: LEFT + CONTRIBUTION_COLS.indexOf(contribution) * CELL_W, y: TOP + POTENTIAL_ROWS.indexOf(potential) * CELL_H };
}

/** current: the classification's current result (or null); history: every result, newest first. */
export function nineBox(current, history = []) {
  const width = LEFT + 3 * CELL_W + 10;
  const height = TOP + 3 * CELL_H + 52;

  // One point per fiscal year (its latest assessment), oldest first, ending with the current result.
  const byYear = new Map();
  for (const item of history) if (!byYear.has(item.fiscalYear) && item.id !== current?.id) byYear.set(item.fiscalYear, item);
  const trail = [...byYear.values()].filter(i => !current || i.fiscalYear !== current.fiscalYear).sort((a, b) => a.fiscalYear - b.fiscalYear);
  if (current) trail.push(current);
  const perCell = new Map();
  const points = trail.map(item => {
    const key = `${item.potentialLevel}/${item.contributionLevel}`;
    const n = perCell.get(key) ?? 0;
    perCell.set(key, n + 1);
    const o = cellOrigin(item.potentialLevel, item.contributionLevel);
    const isCurrent = item === current;
    return { item, isCurrent, x: isCurrent ? o.x + CELL_W / 2 - 14 : o.x + 12 + (n % 2) * 50, y: isCurrent ? o.y + CELL_H - 14 : o.y + CELL_H - 13 - Math.floor(n / 2) * 15 };
  });

  const cells = POTENTIAL_ROWS.flatMap(potential => CONTRIBUTION_COLS.map(contribution => {
    const cls = classOf(potential, contribution);
    const { x, y } = cellOrigin(potential, contribution);
    const isCurrent = current && current.potentialLevel === potential && current.contributionLevel === contribution;
    return s('g', {
      class: ['cell', `cell-${cls}`, isCurrent && 'current'],
      dataset: { potential, contribution, class: cls, ...(isCurrent ? { current: 'true' } : {}) },
    },
    s('title', null, `${t('acct360.nine.potential')} ${label('level', potential)} · ${t('acct360.nine.contribution')} ${label('level', contribution)} → ${cls}`),
    s('rect', { x: x + 2, y: y + 2, width: CELL_W - 4, height: CELL_H - 4, rx: 6, class: 'cell-box' }),
    s('text', { x: x + CELL_W / 2, y: y + 42, 'text-anchor': 'middle', class: 'cell-class' }, cls),
    isCurrent ? s('text', { x: x + CELL_W - 8, y: y + 18, 'text-anchor': 'end', class: 'cell-now' }, t('acct360.nine.current')) : null);
  }));

  const svg = s('svg', {
    class: 'a360-nine-box', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': current
      ? t('acct360.nine.aria', { cls: current.class, potential: label('level', current.potentialLevel), contribution: label('level', current.contributionLevel) })
      : t('acct360.nine.ariaNone'),
  },
  cells,
  POTENTIAL_ROWS.map((p, i) => s('text', { x: LEFT - 8, y: TOP + i * CELL_H + CELL_H / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, label('level', p))),
  CONTRIBUTION_COLS.map((c, i) => s('text', { x: LEFT + i * CELL_W + CELL_W / 2, y: TOP + 3 * CELL_H + 18, 'text-anchor': 'middle', class: 'axis-label' }, label('level', c))),
  s('text', { x: LEFT + 1.5 * CELL_W, y: TOP + 3 * CELL_H + 42, 'text-anchor': 'middle', class: 'axis-title' }, `${t('acct360.nine.contribution')} →`),
  s('text', { x: 16, y: TOP + 1.5 * CELL_H, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 16 ${TOP + 1.5 * CELL_H})` }, `${t('acct360.nine.potential')} →`),
  points.length > 1 ? s('polyline', { class: 'trail', points: points.map(p => `${p.x},${p.y}`).join(' ') }) : null,
  points.map(p => s('g', { class: ['point', p.isCurrent && 'point-current'], dataset: { fiscalYear: p.item.fiscalYear } },
    s('title', null, `${p.item.fiscalYear}: ${p.item.class} (${label('level', p.item.potentialLevel)} / ${label('level', p.item.contributionLevel)})`),
    s('circle', { cx: p.x, cy: p.y, r: p.isCurrent ? 6 : 4 }),
    s('text', { x: p.x + (p.isCurrent ? 10 : 7), y: p.y + 4, class: 'point-label' }, String(p.item.fiscalYear)))));

  return h('figure', { id: 'nine-box', class: 'a360-nine-figure', dataset: current ? { class: current.class } : {} },
    svg, trail.length > 1 ? h('figcaption', { class: 'muted small' }, t('acct360.nine.trail')) : null);
}
