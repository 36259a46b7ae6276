// Saved views: a name for a list's filters, sort and page size, kept per user by accounts-api
// (GET/PUT/DELETE /api/users/me/views), so the views saved on a laptop are on the phone too (docs/workspace.md "Lists").
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { formDialog, toast } from '../components.js';
import './strings.js';

const options = (views, selected) => [h('option', { value: '' }, t('lists.viewChoose')),
  views.map(v => h('option', { value: v.name, selected: v.name === selected }, v.name))];

/** Choose / save / delete for `list`; `state()` is the list's query to keep, `apply(query)` shows a saved one. */
export function savedViews(list, state, apply) {
  let views = [];
  const chooser = h('select', {
    id: `${list}-views`, 'aria-label': t('lists.views'),
    onChange: e => { const view = views.find(v => v.name === e.target.value); if (view) apply(view.query); },
  }, options(views));
  const refresh = async selected => {
    views = (await api('/api/users/me/views', { query: { list } })).items;
    mount(chooser, options(views, selected));
  };
  // A list still works when the views cannot be read; the chooser then stays empty.
  refresh().catch(error => console.warn('saved views', error));

  const save = h('button', {
    type: 'button', class: 'secondary', id: `${list}-view-save`,
    onClick: async () => {
      const saved = await formDialog(t('lists.viewSave'), [{ name: 'name', label: t('lists.viewName'), required: true }],
        async values => (await api('/api/users/me/views', { method: 'PUT', body: { list, name: values.name, query: stringValues(state()) } })).name,
        { submitLabel: t('common.save') });
      if (typeof saved === 'string') {
        toast(t('lists.viewSaved', { name: saved }));
        await refresh(saved);
      }
    },
  }, t('lists.viewSave'));

  const remove = h('button', {
    type: 'button', class: 'secondary', id: `${list}-view-delete`,
    onClick: async () => {
      const name = chooser.value;
      if (!name) return;
      try {
        await api('/api/users/me/views', { method: 'DELETE', query: { list, name } });
        toast(t('lists.viewDeleted', { name }));
        await refresh();
      } catch (error) {
        toast(error.message, 'danger');
      }
    },
  }, t('lists.viewDelete'));

  return h('span', { class: 'list-views' }, chooser, save, remove);
}

const stringValues = query => Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
