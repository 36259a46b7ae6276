// Influence links (影响力关系, docs/product.md §8): dashed lines over the org chart, one dash pattern per kind, thicker when
// stronger; a toggle hides them; a card lists them with add / remove.
import { h, s } from '../dom.js';
import { t, label } from '../i18n.js';
import { api, idempotencyKey } from '../api.js';
import { card, table, formDialog, toast, enumOptions, empty } from '../components.js';
import { LINK_KINDS } from './strings.js';

const DASHES = { influences: '6 4', trusted_advisor: '2 3', informal_reports_to: '10 4 2 4', rival: '8 3 2 3 2 3', ally_of: '4 4' };
const COLORS = { influences: '#5b6fd6', trusted_advisor: '#1e7b34', informal_reports_to: '#6b4fa0', rival: '#c2413b', ally_of: '#2a8c8c' };

/** The layer of dashed links; `placed` are the chart's laid-out nodes ({data:{id}, x, y, size:{w,h}}). */
export function influenceLayer(edges, placed) {
  const boxes = new Map(placed.map(n => [n.data.id, n]));
  const centre = n => [n.x + n.size.w / 2, n.y + n.size.h / 2];
  const links = edges.filter(e => e.type !== 'reportsTo' && boxes.has(e.from) && boxes.has(e.to));
  return s('g', { class: 'influence-links' }, links.map(e => {
    const [x1, y1] = centre(boxes.get(e.from));
    const [x2, y2] = centre(boxes.get(e.to));
    // A gentle curve, so a link beside a reporting line stays visible.
    const mx = (x1 + x2) / 2 + (y2 - y1) * 0.15;
    const my = (y1 + y2) / 2 - (x2 - x1) * 0.15;
    return s('path', {
      class: ['influence-link', `kind-${e.type}`], d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`, fill: 'none',
      stroke: COLORS[e.type] ?? '#555', 'stroke-width': 1 + (e.strength ?? 1), 'stroke-dasharray': DASHES[e.type] ?? '4 4',
      dataset: { from: e.from, to: e.to, kind: e.type, strength: String(e.strength ?? '') },
    }, s('title', null, `${label('linkKind', e.type)} · ${e.strength ?? ''}/3`));
  }));
}

/** A checkbox that shows or hides the links of the chart inside `scope`. */
export function linkToggle(scope) {
  return h('label', { class: 'check influence-toggle' }, h('input', {
    type: 'checkbox', id: 'show-influence-links', checked: true,
    onChange: e => scope.classList.toggle('hide-influence-links', !e.target.checked),
  }), t('decisionChain.links.show'));
}

export function linkLegend() {
  return h('div', { class: 'legend influence-legend' }, h('span', { class: 'muted' }, t('decisionChain.links.legend')),
    LINK_KINDS.map(kind => h('span', { class: 'legend-item', dataset: { kind } },
      s('svg', { width: 28, height: 8, 'aria-hidden': 'true' },
        s('line', { x1: 0, y1: 4, x2: 28, y2: 4, stroke: COLORS[kind], 'stroke-width': 2, 'stroke-dasharray': DASHES[kind] })),
      label('linkKind', kind))));
}

/** The links of the account as a list, with add / remove for writers. */
export async function influenceLinksCard(accountId, people, { writable, onChange }) {
  const page = await api(`/api/accounts/${accountId}/influence-links`, { query: { limit: 500 } });
  const names = new Map(people.map(p => [p.id, p.name]));
  const active = people.filter(p => p.status !== 'departed' && !p.hidden);
  const add = writable && active.length > 1 ? h('button', {
    type: 'button', class: 'secondary', id: 'add-influence-link',
    onClick: async () => {
      const created = await formDialog(t('decisionChain.links.add'), [
        { name: 'fromId', label: t('decisionChain.links.from'), type: 'select', required: true, options: active.map(p => [p.id, p.name]) },
        { name: 'kind', label: t('decisionChain.links.kind'), type: 'select', required: true, value: 'influences', options: enumOptions('linkKind', LINK_KINDS) },
        { name: 'toId', label: t('decisionChain.links.to'), type: 'select', required: true, options: active.map(p => [p.id, p.name]) },
        { name: 'strength', label: t('decisionChain.links.strength'), type: 'number', required: true, min: 1, max: 3, step: 1, value: 2 },
        { name: 'note', label: t('decisionChain.links.note'), type: 'textarea', wide: true, rows: 2 },
      ], values => api(`/api/accounts/${accountId}/influence-links`, { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } }),
      { submitLabel: t('common.create') });
      if (created) { toast(t('decisionChain.links.added')); await onChange(); }
    },
  }, t('decisionChain.links.add')) : null;
  const remove = async link => {
    await api(`/api/accounts/${accountId}/influence-links/${link.id}`, { method: 'DELETE' });
    toast(t('decisionChain.links.removed'));
    await onChange();
  };
  return card(null,
    h('div', { class: 'a360-card-head' }, h('h2', null, t('decisionChain.links.title')), add),
    page.items.length ? table([
      { title: t('decisionChain.links.from'), render: l => names.get(l.fromId) ?? '—' },
      { title: t('decisionChain.links.kind'), render: l => h('span', { class: 'link-kind', dataset: { kind: l.kind } }, label('linkKind', l.kind)) },
      { title: t('decisionChain.links.to'), render: l => names.get(l.toId) ?? '—' },
      { title: t('decisionChain.links.strength'), align: 'right', render: l => `${l.strength}/3` },
      { title: t('decisionChain.links.note'), render: l => l.note ?? '' },
      writable ? { title: '', render: l => h('button', { type: 'button', class: 'secondary small-btn remove-link', dataset: { linkId: l.id }, onClick: () => remove(l) }, t('decisionChain.links.remove')) } : null,
    ].filter(Boolean), page.items, { rowClass: () => 'influence-link-row' }) : empty(t('decisionChain.links.none')));
}
