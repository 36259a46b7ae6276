// Server-side paging with previous/next over keyset cursors, the page size and "1–50 of 1,234" (the API's total
// under the same filters). Cursors of the pages already seen are kept, so "previous" asks for the same page again.
import { h } from '../dom.js';
import { t, fmt } from '../i18n.js';
import { toast } from '../components.js';
import './strings.js';

export const PAGE_SIZES = [10, 25, 50, 100, 200];

export const pageSize = value => (PAGE_SIZES.includes(Number(value)) ? Number(value) : 50);

/**
 * pager({ id, limit, onLimit, load(cursor, includeTotal) → {items, nextCursor, total, …}, draw(page) }) → { first(), node }.
 * `draw` gets each page as it arrives (with the total of the first call).
 */
export function pager({ id, limit, onLimit, load, draw }) {
  const cursors = [null];
  let index = 0;
  let total = null;
  let page = null;
  const range = h('span', { class: 'list-range', id: `${id}-range`, 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', class: 'secondary', id: `${id}-previous`, onClick: () => go(index - 1).catch(e => toast(e.message, 'danger')) }, t('lists.previous'));
  const next = h('button', { type: 'button', class: 'secondary', id: `${id}-next`, onClick: () => go(index + 1).catch(e => toast(e.message, 'danger')) }, t('lists.next'));
  const size = h('select', { id: `${id}-page-size`, 'aria-label': t('lists.pageSize'), onChange: e => onLimit(Number(e.target.value)) },
    PAGE_SIZES.map(n => h('option', { value: n, selected: n === limit }, t('lists.perPage', { count: n }))));

  const update = () => {
    const from = index * limit + 1;
    const to = index * limit + page.items.length;
    range.textContent = page.items.length === 0 ? t('lists.none')
      : t('lists.range', { from: fmt.number(from), to: fmt.number(to), total: total === null ? '…' : fmt.number(total) });
    previous.disabled = index === 0;
    next.disabled = !page.nextCursor;
  };

  async function go(target) {
    previous.disabled = next.disabled = true;
    try {
      const answer = await load(cursors[target], total === null);
      if (total === null) total = answer.total ?? null;
      page = answer;
      index = target;
      cursors[index + 1] = answer.nextCursor;
      await draw(answer);
    } finally {
      if (page) update();
    }
  }

  return { first: () => go(0), node: h('div', { class: 'list-pager', id: `${id}-pager` }, range, h('span', { class: 'list-pager-buttons' }, previous, next), size) };
}
