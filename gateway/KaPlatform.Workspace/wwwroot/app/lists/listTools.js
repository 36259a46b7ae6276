// One list's tools in one place: server-side sort (headers and a phone select), pages with the total, export of the
// current filtered and sorted list, saved views. `state` holds the list's filters plus sort and limit as they stand in
// the address; `go(next)` shows the list for another state (the page puts it in the address).
import { h } from '../dom.js';
import { api } from '../api.js';
import { sortableHeaders, sortSelect } from './sorting.js';
import { pager, pageSize } from './paging.js';
import { exportButtons } from './exporting.js';
import { savedViews } from './savedViews.js';

export function listTools({ id, path, exportPath, columns, state, extra = {}, go, draw }) {
  const limit = pageSize(state.limit);
  const filters = Object.fromEntries(Object.entries(state).filter(([k]) => k !== 'limit' && k !== 'sort'));
  const sort = state.sort ?? '';
  const onSort = value => go({ ...state, sort: value });
  const decorate = container => sortableHeaders(container.querySelector('table'), columns, sort, onSort);
  const paging = pager({
    id, limit,
    onLimit: n => go({ ...state, limit: n }),
    load: (cursor, includeTotal) => api(path, { query: { ...filters, ...extra, sort, limit, cursor, includeTotal: includeTotal || null } }),
    draw: page => draw(page, decorate),
  });
  const toolbar = h('div', { class: 'list-tools', id: `${id}-tools` },
    sortSelect(`${id}-sort`, columns, sort, onSort),
    savedViews(id, () => ({ ...state }), view => go(view)),
    exportButtons(id, exportPath, () => ({ ...filters, ...extra, sort })));
  return { first: paging.first, toolbar, pager: paging.node };
}
