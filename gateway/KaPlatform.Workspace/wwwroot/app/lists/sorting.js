// Server-side sort for a list: clickable column headers with aria-sort, and a sort select for the card layout of a
// phone (where the headers are hidden). The sort is the API's ?sort=name|-name|…; '' is the list's own order.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import './strings.js';

const parse = sort => (sort ? { key: sort.replace(/^-/, ''), descending: sort.startsWith('-') } : null);

/** Next sort when a header is clicked: ascending first, then descending. */
const toggled = (current, key) => (current?.key === key && !current.descending ? `-${key}` : key);

/** Puts a sort button into each header of `tableEl` whose column has a `sort` key; `onSort(value)` runs on a click. */
export function sortableHeaders(tableEl, columns, sort, onSort) {
  const current = parse(sort);
  const headers = tableEl?.querySelectorAll('thead th') ?? [];
  columns.forEach((column, i) => {
    const th = headers[i];
    if (!th || !column.sort) return;
    const active = current?.key === column.sort;
    th.setAttribute('aria-sort', active ? (current.descending ? 'descending' : 'ascending') : 'none');
    th.replaceChildren(h('button', {
      type: 'button', class: ['sort-header', active && 'active'], dataset: { sort: column.sort },
      title: t('lists.sortColumn', { column: column.title }),
      onClick: event => { event.stopPropagation(); onSort(toggled(current, column.sort)); },
    }, column.title, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (current.descending ? ' ▼' : ' ▲') : ' ↕')));
  });
}

/** A select with every sortable column both ways, for phones. */
export function sortSelect(id, columns, sort, onSort) {
  return h('label', { class: 'list-sort' },
    h('span', { class: 'sr-only' }, t('lists.sortBy')),
    h('select', { id, 'aria-label': t('lists.sortBy'), onChange: e => onSort(e.target.value) },
      h('option', { value: '' }, `${t('lists.sortBy')}: ${t('lists.sortDefault')}`),
      columns.filter(c => c.sort).flatMap(c => [
        h('option', { value: c.sort, selected: sort === c.sort }, t('lists.ascending', { column: c.title })),
        h('option', { value: `-${c.sort}`, selected: sort === `-${c.sort}` }, t('lists.descending', { column: c.title })),
      ])));
}
