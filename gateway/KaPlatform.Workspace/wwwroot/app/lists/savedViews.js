// Saved views: a name for a list's filters and sort, kept per user in this browser (localStorage, keyed by the
// signed-in user's id and the list), decided in docs/workspace.md "Lists".
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { current } from '../session.js';
import { formDialog, toast } from '../components.js';
import './strings.js';

const storageKey = list => `ka.views.${current()?.user?.id ?? 'anonymous'}.${list}`;

export function loadViews(list) {
  try {
    const views = JSON.parse(localStorage.getItem(storageKey(list)) ?? '[]');
    return Array.isArray(views) ? views.filter(v => typeof v?.name === 'string' && v.query && typeof v.query === 'object') : [];
  } catch {
    return [];
  }
}

const store = (list, views) => localStorage.setItem(storageKey(list), JSON.stringify(views));

/** Choose / save / delete for `list`; `state()` is the list's query to keep, `apply(query)` shows a saved one. */
export function savedViews(list, state, apply) {
  const views = loadViews(list);
  const chooser = h('select', {
    id: `${list}-views`, 'aria-label': t('lists.views'),
    onChange: e => { const view = views.find(v => v.name === e.target.value); if (view) apply(view.query); },
  }, h('option', { value: '' }, t('lists.viewChoose')), views.map(v => h('option', { value: v.name }, v.name)));

  const save = h('button', {
    type: 'button', class: 'secondary', id: `${list}-view-save`,
    onClick: async () => {
      const saved = await formDialog(t('lists.viewSave'), [{ name: 'name', label: t('lists.viewName'), required: true }], values => {
        const name = String(values.name ?? '').trim().slice(0, 80);
        if (!name) return null;
        store(list, [...loadViews(list).filter(v => v.name !== name), { name, query: state() }]);
        return name;
      }, { submitLabel: t('common.save') });
      if (typeof saved === 'string') {
        toast(t('lists.viewSaved', { name: saved }));
        chooser.replaceChildren(h('option', { value: '' }, t('lists.viewChoose')),
          loadViews(list).map(v => h('option', { value: v.name, selected: v.name === saved }, v.name)));
        views.splice(0, views.length, ...loadViews(list));
      }
    },
  }, t('lists.viewSave'));

  const remove = h('button', {
    type: 'button', class: 'secondary', id: `${list}-view-delete`,
    onClick: () => {
      const name = chooser.value;
      if (!name) return;
      store(list, loadViews(list).filter(v => v.name !== name));
      views.splice(0, views.length, ...loadViews(list));
      chooser.querySelector(`option[value="${CSS.escape(name)}"]`)?.remove();
      chooser.value = '';
      toast(t('lists.viewDeleted', { name }));
    },
  }, t('lists.viewDelete'));

  return h('span', { class: 'list-views' }, chooser, save, remove);
}
