// The global search of the top bar: a combobox (WAI-ARIA pattern) over the grouped results of results.js. Arrow keys
// move through the hits across groups, Enter opens the active hit (or the first), Escape closes. On a phone the field
// folds behind a search button and opens as a full-width row under the top bar.
import { h, s, mount } from '../dom.js';
import { t } from '../i18n.js';
import { searchEverywhere, hitHref, hitDetail } from './results.js';
import './strings.js';

const DEBOUNCE_MS = 250;
let asked = 0;

function icon() {
  return s('svg', { viewBox: '0 0 24 24', width: '18', height: '18', 'aria-hidden': 'true' },
    s('circle', { cx: '10.5', cy: '10.5', r: '6.5', fill: 'none', stroke: 'currentColor', 'stroke-width': '2' }),
    s('path', { d: 'M15.5 15.5L21 21', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' }));
}

export function searchBox() {
  const list = h('div', { class: 'gsearch-results', id: 'global-search-results', role: 'listbox', 'aria-label': t('search.label'), hidden: true });
  const input = h('input', {
    type: 'search', id: 'global-search', class: 'gsearch-input', placeholder: t('search.placeholder'), autocomplete: 'off', enterkeyhint: 'search',
    role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'global-search-results', 'aria-autocomplete': 'list', 'aria-label': t('search.label'),
  });
  const box = h('div', { class: 'gsearch' });
  const toggle = h('button', {
    type: 'button', class: 'gsearch-toggle', id: 'global-search-toggle', 'aria-label': t('search.open'), 'aria-expanded': 'false',
    onClick: () => {
      const open = !box.classList.contains('open');
      box.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', String(open));
      if (open) input.focus(); else close();
    },
  }, icon());
  const form = h('form', { class: 'gsearch-form', role: 'search', onSubmit: e => { e.preventDefault(); openActive(); } }, input, list);
  box.append(toggle, form);

  let timer = null;
  const options = () => [...list.querySelectorAll('[role="option"]')];
  const active = () => list.querySelector('[aria-selected="true"]');

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function select(option) {
    options().forEach(o => o.setAttribute('aria-selected', String(o === option)));
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  }

  function openActive() {
    const option = active() ?? options()[0];
    if (!option) return;
    close();
    box.classList.remove('open');
    location.hash = option.dataset.href;
  }

  function show(children) {
    mount(list, children);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  async function run(q) {
    const mine = ++asked;
    show(h('div', { class: 'gsearch-note muted' }, t('search.searching')));
    const { groups, partial } = await searchEverywhere(q);
    if (mine !== asked) return;
    let n = 0;
    const body = groups.map(group => h('div', { class: 'gsearch-group', role: 'group', 'aria-label': t(`search.kind.${group.kind}`), dataset: { kind: group.kind } },
      h('div', { class: 'gsearch-kind', 'aria-hidden': 'true' }, t(`search.kind.${group.kind}`)),
      group.items.map(hit => h('div', {
        class: 'gsearch-hit', role: 'option', id: `gsearch-opt-${n++}`, 'aria-selected': 'false', dataset: { href: hitHref(hit), kind: hit.kind, id: hit.id },
        onPointerdown: e => e.preventDefault(),
        onClick: e => { select(e.currentTarget); openActive(); },
      }, h('span', { class: 'gsearch-title' }, hit.title), h('span', { class: 'gsearch-detail muted' }, hitDetail(hit))))));
    show([
      body.length ? body : h('div', { class: 'gsearch-note muted' }, t('search.none', { q })),
      partial ? h('div', { class: 'gsearch-note muted' }, t('search.partial')) : null,
    ]);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { asked++; close(); return; }
    timer = setTimeout(() => run(q), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', e => {
    const all = options();
    const at = all.indexOf(active());
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!all.length) return;
      const next = e.key === 'ArrowDown' ? (at + 1) % all.length : (at <= 0 ? all.length - 1 : at - 1);
      select(all[next]);
    } else if (e.key === 'Escape') {
      if (!list.hidden) { e.stopPropagation(); close(); } else { box.classList.remove('open'); toggle.setAttribute('aria-expanded', 'false'); }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return box;
}
