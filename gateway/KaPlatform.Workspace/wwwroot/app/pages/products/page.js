// The product catalogue (产品分类, docs/product.md §9): everyone reads it, admins add, edit, retire and import products.
// An import is all or nothing: the rows the server refused are listed with their row, column and reason.
import { h, mount } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { api, apiAll, ApiError, idempotencyKey, ifMatch } from '../../api.js';
import { current, hasRole } from '../../session.js';
import { card, pageHeader, table, formDialog, toast, loadInto } from '../../components.js';

const fields = product => [
  { name: 'code', label: t('products.code'), required: true, value: product?.code },
  { name: 'name', label: t('products.name'), required: true, value: product?.name, wide: true },
  { name: 'family', label: t('products.family'), required: true, value: product?.family },
  { name: 'unit', label: t('products.unit'), required: true, value: product?.unit },
  { name: 'listPrice', label: t('products.listPrice'), type: 'number', step: '0.01', min: 0, required: true, value: product?.listPrice },
];

async function editDialog(product, reload) {
  const saved = await formDialog(product ? `${product.code} · ${product.name}` : t('products.new'), fields(product), values => product
    ? api(`/api/products/${product.id}`, { method: 'PATCH', body: values, headers: ifMatch(product) })
    : api('/api/products', { method: 'POST', body: values, headers: { 'Idempotency-Key': idempotencyKey() } }));
  if (saved?.code) { toast(t(product ? 'products.updated' : 'products.created', { code: saved.code })); reload(); }
}

async function setActive(product, active, reload) {
  try {
    await api(`/api/products/${product.id}`, { method: 'PATCH', body: { active }, headers: ifMatch(product) });
    toast(t('products.updated', { code: product.code }));
  } catch (error) {
    toast(error.message, 'danger');
  }
  reload();
}

/** The file goes as the request body with its own content type; the answer is JSON like every other call. */
async function upload(file) {
  const response = await fetch('/api/products/import', {
    method: 'POST',
    headers: { Authorization: `Bearer ${current()?.token}`, Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail || body.title || String(response.status), body);
  return body;
}

function importControl(report, reload) {
  const input = h('input', { type: 'file', id: 'product-import-file', accept: '.csv,.xlsx,text/csv', class: 'sr-only',
    onChange: async e => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      try {
        const result = await upload(file);
        mount(report, h('p', { class: 'ok', role: 'status' }, t('products.imported', result)));
        reload();
      } catch (error) {
        const rows = error.problem?.errors;
        mount(report, h('div', { class: 'inline-error import-errors', role: 'alert', id: 'import-errors' },
          Array.isArray(rows) ? [h('p', null, t('products.importRejected')), h('ul', null, rows.map(r => h('li', null, t('products.importRow', r))))]
            : h('p', null, error.message, ' ', Object.values(error.errors ?? {}).flat().join(' '))));
      }
    } });
  return h('label', { class: 'button secondary', for: 'product-import-file' }, t('products.import'), input);
}

export default {
  async render() {
    const admin = hasRole('admin');
    let q = '';
    const report = h('div');
    const list = h('div');
    const reload = loadInto(list, async () => {
      const products = await apiAll('/api/products', { q }, 500);
      return table([
        { title: t('products.code'), render: p => h('strong', null, p.code) },
        { title: t('products.name'), key: 'name' },
        { title: t('products.family'), key: 'family' },
        { title: t('products.unit'), key: 'unit' },
        { title: t('products.listPrice'), align: 'right', render: p => fmt.money(p.listPrice, p.currency) },
        { title: t('products.active'), render: p => h('span', { class: ['badge', p.active ? 'tone-ok' : null] }, p.active ? t('products.active') : t('products.retired')) },
        { title: '', render: p => admin ? h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link small edit-product', onClick: () => editDialog(p, reload) }, t('products.edit')),
          h('button', { type: 'button', class: 'link small toggle-product', onClick: () => setActive(p, !p.active, reload) },
            p.active ? t('products.retire') : t('products.reactivate'))) : null },
      ], products, { emptyText: t('products.none'), rowClass: p => (p.active ? null : 'muted') });
    });
    const search = h('input', { type: 'search', id: 'product-search', placeholder: t('products.search'), 'aria-label': t('products.search'),
      onChange: e => { q = e.target.value.trim(); reload(); } });
    await reload();

    return h('div', { class: 'products-page', id: 'products-page' },
      pageHeader(t('products.title'), search,
        admin ? importControl(report, reload) : null,
        admin ? h('button', { type: 'button', class: 'primary', id: 'new-product', onClick: () => editDialog(null, reload) }, t('products.new')) : null),
      h('p', { class: 'subtitle page-subtitle' }, t('products.subtitle')),
      admin ? h('p', { class: 'muted small' }, t('products.importHint')) : h('p', { class: 'muted small' }, t('products.adminOnly')),
      report,
      card(null, list));
  },
};
