// The power map drawn as an org chart (docs/product.md §1.4): a tree by reportsTo, roots side by side and wrapped into bands,
// long lists of direct reports without reports of their own stacked in a column, stance as colour, influence as
// node size (and pips), economic buyer / decision maker / coach flagged. Each person is a
// <g class="node" data-stakeholder-id> whose text includes the name.
import { h, s } from '../../dom.js';
import { t, label, fmt } from '../../i18n.js';
import { defineStrings } from '../../common.js';
import { stanceColor, fitText, textWidth, STANCES } from './util.js';
import { influenceLayer } from '../../decisionChain/influenceLinks.js';
import { shownAs } from '../../decisionChain/protectedContacts.js';
import { panZoom } from '../../phone/panZoom.js';

defineStrings({
  'acct360.flag.economic_buyer': ['EB', '经济决策'],
  'acct360.flag.decision_maker': ['DM', '决策者'],
  'acct360.flag.coach': ['Coach', '教练'],
  'acct360.org.legendStance': ['Stance', '立场'],
  'acct360.org.legendInfluence': ['Box size and ● = influence (1–5)', '方框大小与 ● 表示影响力（1–5）'],
  'acct360.org.aria': ['Org chart of {count} stakeholders', '{count} 位关键人的组织架构图'],
  'acct360.org.influence': ['Influence {value}/5', '影响力 {value}/5'],
  'acct360.org.closeness': ['Closeness {value}', '亲密度 {value}'],
  'acct360.org.reportsTo': ['Reports to {name}', '汇报给 {name}'],
  'acct360.org.key': ['Key person', '关键人物'],
});

const MAX_H = 74;          // tallest box (influence 5)
const V_GAP = 40;          // between a manager's row and their reports' row
const H_GAP = 18;          // between siblings side by side
const STACK_INDENT = 26;   // a stacked column of reports sits this far right of its manager
const STACK_GAP = 14;      // manager box → first stacked report
const STACK_SPACING = 10;  // between stacked reports
const ROOT_GAP = 36;       // between separate trees
const BAND_GAP = 44;       // between bands of trees
const MARGIN = 12;
const MAX_COLUMN = 7;        // a longer column of reports is split into several side by side
const FLAGS = ['economic_buyer', 'decision_maker'];

const boxSize = influence => {
  const i = Math.min(5, Math.max(1, Number(influence) || 1));
  return { w: 124 + i * 10, h: 54 + i * 5 };
};

/** Nodes into a forest: children by reportsTo, ordered by influence then name; a broken or cyclic line makes a root. */
function forest(nodes, edges) {
  const byId = new Map(nodes.map(n => [n.id, { data: n, children: [] }]));
  const manager = new Map(edges.filter(e => byId.has(e.from) && byId.has(e.to)).map(e => [e.from, e.to]));
  const roots = [];
  for (const [id, node] of byId) {
    // Follow the line up; a cycle (which the API prevents) would otherwise hide people.
    let up = manager.get(id);
    const seen = new Set([id]);
    while (up && !seen.has(up)) { seen.add(up); up = manager.get(up); }
    const parentId = manager.get(id);
    if (parentId && !up) byId.get(parentId).children.push(node);
    else roots.push(node);
  }
  const order = (a, b) => (b.data.influence - a.data.influence) || String(a.data.name).localeCompare(String(b.data.name));
  const sortTree = list => { list.sort(order); list.forEach(n => sortTree(n.children)); };
  sortTree(roots);
  return roots;
}

/** Splits items into the fewest even chunks of at most max. */
function chunks(items, max) {
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** A column of reports without reports of their own, hanging from one vertical line: far narrower than a row. */
function column(items) {
  return {
    column: true, items,
    w: STACK_INDENT + Math.max(...items.map(k => k.w)),
    h: items.reduce((sum, k) => sum + k.h, 0) + STACK_SPACING * (items.length - 1),
  };
}

function measure(n) {
  n.size = boxSize(n.data.influence);
  const kids = n.children;
  kids.forEach(measure);
  if (!kids.length) {
    n.mode = 'leaf';
    n.w = n.size.w;
    n.h = n.size.h;
    return;
  }
  const leaves = kids.filter(k => !k.children.length);
  if (leaves.length === kids.length && kids.length >= 3 && kids.length <= MAX_COLUMN) {
    // Only a few direct reports without reports: one column under the manager, indented.
    n.mode = 'stack';
    n.stack = column(kids);
    n.w = Math.max(n.size.w, n.stack.w);
    n.h = n.size.h + STACK_GAP + n.stack.h;
    return;
  }
  // A row of sub-trees; reports without reports of their own share column slots in it (at most MAX_COLUMN each).
  n.mode = 'row';
  const branches = kids.filter(k => k.children.length);
  n.slots = [
    ...branches.map(k => ({ node: k, w: k.w, h: k.h })),
    ...(leaves.length >= 3 || (leaves.length === 2 && branches.length)
      ? chunks(leaves, MAX_COLUMN).map(column)
      : leaves.map(k => ({ node: k, w: k.w, h: k.h }))),
  ];
  const span = n.slots.reduce((sum, k) => sum + k.w, 0) + H_GAP * (n.slots.length - 1);
  n.w = Math.max(n.size.w, span);
  n.h = MAX_H + V_GAP + Math.max(...n.slots.map(k => k.h));
}

function placeColumn(col, x, y) {
  col.trunk = x + STACK_INDENT / 2;
  let cy = y;
  for (const k of col.items) {
    place(k, x + STACK_INDENT, cy);
    cy += k.h + STACK_SPACING;
  }
}

/** Places n in the span [x, x + n.w) from y; sets n.x/n.y (box top-left). */
function place(n, x, y) {
  n.y = y;
  if (n.mode === 'leaf') {
    n.x = x + (n.w - n.size.w) / 2;
  } else if (n.mode === 'stack') {
    n.x = x;
    placeColumn(n.stack, x, y + n.size.h + STACK_GAP);
    n.stack.trunk = x + STACK_INDENT / 2;
  } else {
    const span = n.slots.reduce((sum, k) => sum + k.w, 0) + H_GAP * (n.slots.length - 1);
    let cx = x + (n.w - span) / 2;
    for (const slot of n.slots) {
      if (slot.column) placeColumn(slot, cx, y + MAX_H + V_GAP);
      else place(slot.node, cx, y + MAX_H + V_GAP);
      slot.anchor = slot.column ? slot.trunk : slot.node.x + slot.node.size.w / 2;
      cx += slot.w + H_GAP;
    }
    n.x = (n.slots[0].anchor + n.slots.at(-1).anchor) / 2 - n.size.w / 2;
  }
}

function edge(d, from, to) {
  return s('path', { class: 'edge', d, dataset: { from, to } });
}

function columnLines(col, top, managerId, out) {
  const last = col.items.at(-1);
  out.push(edge(`M${col.trunk},${top} V${last.y + last.size.h / 2}`, '', managerId));
  for (const k of col.items) out.push(edge(`M${col.trunk},${k.y + k.size.h / 2} H${k.x}`, k.data.id, managerId));
}

function lines(n, out) {
  const px = n.x + n.size.w / 2;
  const bottom = n.y + n.size.h;
  if (n.mode === 'row') {
    const mid = n.y + MAX_H + V_GAP / 2;
    for (const slot of n.slots) {
      if (slot.column) {
        out.push(edge(`M${px},${bottom} V${mid} H${slot.trunk}`, '', n.data.id));
        columnLines(slot, mid, n.data.id, out);
      } else {
        out.push(edge(`M${px},${bottom} V${mid} H${slot.anchor} V${slot.node.y}`, slot.node.data.id, n.data.id));
      }
    }
  } else if (n.mode === 'stack') {
    columnLines(n.stack, bottom, n.data.id, out);
  }
  n.children.forEach(k => lines(k, out));
}

function pill(x, y, text, className) {
  const w = textWidth(text, 10.5) + 10;
  return { w, el: s('g', { class: ['flag', className] }, s('rect', { x, y, width: w, height: 16, rx: 8 }), s('text', { x: x + w / 2, y: y + 11.5, 'text-anchor': 'middle' }, text)) };
}

function nodeView(n, { names, keyIds, onSelect }) {
  const d = n.data;
  const { w, h: hgt } = n.size;
  const colors = stanceColor(d.stance);
  const isCoach = (d.buyingRoles ?? []).includes('coach');
  const flags = FLAGS.filter(r => (d.buyingRoles ?? []).includes(r));
  const tooltip = [
    `${d.name}${d.title ? ` · ${d.title}` : ''}${d.department ? ` · ${d.department}` : ''}`,
    `${label('stance', d.stance)} · ${t('acct360.org.influence', { value: d.influence })} · ${t('acct360.org.closeness', { value: fmt.number(d.compositeCloseness, 1) })}`,
    (d.buyingRoles ?? []).map(r => label('buyingRole', r)).join(', '),
    d.reportsToId && names.get(d.reportsToId) ? t('acct360.org.reportsTo', { name: names.get(d.reportsToId) }) : '',
  ].filter(Boolean).join('\n');

  const parts = [
    s('title', null, tooltip),
    s('rect', { class: 'node-box', width: w, height: hgt, rx: 8, fill: colors.fill, stroke: colors.stroke, 'stroke-width': 1 + Number(d.influence) * 0.4 }),
    s('rect', { class: 'node-stance-bar', x: 0, y: 8, width: 5, height: hgt - 16, rx: 2, fill: colors.stroke }),
  ];
  const nameSize = 13 + Math.min(2, Math.floor((Number(d.influence) || 1) / 2));
  let flagSpace = 0;
  if (isCoach) {
    const text = t('acct360.flag.coach');
    const p = pill(0, 0, text, 'flag-coach');
    flagSpace = p.w + 6;
    p.el.setAttribute('transform', `translate(${w - p.w - 6},6)`);
    parts.push(p.el);
  }
  const isKey = keyIds.has(d.id);
  parts.push(s('text', { class: 'node-name', x: 12, y: 21, 'font-size': nameSize }, fitText(d.name, w - 18 - flagSpace - (isKey ? 14 : 0), nameSize)));
  parts.push(s('text', { class: 'node-title', x: 12, y: 38 }, fitText(d.title || d.department || '', w - 18, 11.5)));
  // Influence pips on the left, the buyer flags on the right; when both flags do not fit beside the pips, the
  // influence is written as "4/5" instead.
  const pipY = hgt - 12;
  const flagPills = flags.map(role => pill(0, 0, t(`acct360.flag.${role}`), `flag-${role}`));
  const flagsWidth = flagPills.reduce((sum, p) => sum + p.w + 4, 0);
  if (w - 6 - flagsWidth >= 58) {
    for (let i = 0; i < 5; i++) {
      parts.push(s('circle', { class: ['pip', i < d.influence && 'on'], cx: 15 + i * 9, cy: pipY, r: 3, fill: i < d.influence ? colors.stroke : null }));
    }
  } else {
    parts.push(s('text', { class: 'influence-text', x: 12, y: pipY + 4 }, `${d.influence}/5`));
  }
  let fx = w - 6;
  for (const p of flagPills.reverse()) {
    fx -= p.w;
    p.el.setAttribute('transform', `translate(${fx},${hgt - 21})`);
    parts.push(p.el);
    fx -= 4;
  }
  if (isKey) parts.push(s('text', { class: 'node-key', x: w - 6 - flagSpace, y: 19, 'text-anchor': 'end' }, '★'));

  return s('g', {
    class: ['node', `stance-${d.stance}`, d.hidden && 'protected', isCoach && 'coach', flags.length && 'buyer', keyIds.has(d.id) && 'key'],
    transform: `translate(${n.x},${n.y})`,
    dataset: { stakeholderId: d.id, stance: d.stance, influence: String(d.influence), roles: (d.buyingRoles ?? []).join(' ') },
    tabindex: onSelect ? '0' : null,
    role: onSelect ? 'button' : null,
    'aria-label': `${d.name} ${d.title ?? ''} ${label('stance', d.stance)}`,
    onClick: onSelect && !d.hidden ? () => onSelect(d) : null,
    onKeydown: onSelect && !d.hidden ? e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(d); } } : null,
  }, parts);
}

/** map: the power-map answer; options {maxWidth, keyIds, onSelect(stakeholder)}. */
export function orgChart(map, { maxWidth = 980, keyIds = new Set(), onSelect } = {}) {
  map = { ...map, nodes: map.nodes.map(shownAs) };
  // The tree follows reporting lines only; influence links are drawn over it.
  const roots = forest(map.nodes, map.edges.filter(e => e.type === 'reportsTo'));
  roots.forEach(measure);
  const bandWidth = Math.max(maxWidth, ...roots.map(r => r.w));
  // Pack trees into bands no wider than maxWidth, or than the widest tree when one is wider.
  const bands = [];
  for (const root of roots) {
    const band = bands.at(-1);
    if (band && band.w + ROOT_GAP + root.w <= bandWidth) {
      band.roots.push(root);
      band.w += ROOT_GAP + root.w;
      band.h = Math.max(band.h, root.h);
    } else {
      bands.push({ roots: [root], w: root.w, h: root.h });
    }
  }
  const width = Math.max(...bands.map(b => b.w), 200) + MARGIN * 2;
  let y = MARGIN;
  for (const band of bands) {
    let x = MARGIN + (width - MARGIN * 2 - band.w) / 2;
    for (const root of band.roots) {
      place(root, x, y);
      x += root.w + ROOT_GAP;
    }
    y += band.h + BAND_GAP;
  }
  const height = y - BAND_GAP + MARGIN;

  const all = [];
  const walk = n => { all.push(n); n.children.forEach(walk); };
  roots.forEach(walk);
  const names = new Map(map.nodes.map(n => [n.id, n.name]));
  const edgeEls = [];
  roots.forEach(r => lines(r, edgeEls));

  const svg = s('svg', {
    class: 'a360-org-chart', viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': t('acct360.org.aria', { count: map.nodes.length }),
    style: { width: `${width}px`, 'max-width': '100%', 'min-width': `${Math.round(width * 0.75)}px` },
  },
  s('g', { class: 'edges' }, edgeEls),
  influenceLayer(map.edges, all),
  s('g', { class: 'nodes' }, all.map(n => nodeView(n, { names, keyIds, onSelect }))));

  return panZoom(h('div', { class: 'a360-org-scroll', dataset: { width: String(Math.round(width)), height: String(Math.round(height)) } }, svg), { width, height });
}

export function orgLegend() {
  return h('div', { class: 'legend a360-org-legend' },
    h('span', { class: 'muted' }, `${t('acct360.org.legendStance')}:`),
    STANCES.map(st => h('span', { class: 'legend-item', dataset: { stance: st } },
      h('i', { style: { background: stanceColor(st).stroke } }), label('stance', st))),
    h('span', { class: 'legend-item' }, '●●●○○ ', t('acct360.org.legendInfluence')),
    h('span', { class: 'legend-item' }, h('b', { class: 'a360-flag-sample coach' }, t('acct360.flag.coach')), label('buyingRole', 'coach')),
    h('span', { class: 'legend-item' }, h('b', { class: 'a360-flag-sample' }, t('acct360.flag.economic_buyer')), label('buyingRole', 'economic_buyer')),
    h('span', { class: 'legend-item' }, h('b', { class: 'a360-flag-sample' }, t('acct360.flag.decision_maker')), label('buyingRole', 'decision_maker')),
    h('span', { class: 'legend-item' }, '★ ', t('acct360.org.key')));
}
