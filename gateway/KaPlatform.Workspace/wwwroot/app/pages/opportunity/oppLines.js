// Product lines of one opportunity (docs/product.md §9): product, quantity, unit price, discount, the line's amount and the deal's
// amount = Σ quantity × unit price × (1 − discount ÷ 100), rounded to cents once. The preview uses the same rule; the
// server's answer is what is shown after saving.
import { h, mount } from '../../dom.js';
import { t, fmt } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { card, table, empty } from '../../components.js';

/** Cents, half away from zero, on the exact sum (in hundred-thousandths so 0.005 rounds like the server's decimal). */
export function linesAmount(lines) {
  const exact = lines.reduce((sum, l) => sum + (Number(l.quantity) || 0) * (Number(l.unitPrice) || 0) * (100 - (Number(l.discountPct) || 0)) / 100, 0);
  const sign = exact < 0 ? -1 : 1;
  return sign * Math.round(Math.abs(exact) * 100 + 1e-9) / 100;
}

function editor(ctx, products) {
  const byId = new Map(products.map(p => [p.id, p]));
  const onDeal = new Set((ctx.opp.lines ?? []).map(l => l.productId));
  const choosable = products.filter(p => p.active || onDeal.has(p.id));
  const rows = h('div', { class: 'line-rows' });
  const total = h('div', { class: 'line-total', id: 'lines-total' });
  const entries = [];

  const refresh = () => {
    const values = entries.map(e => e.read());
    total.textContent = `${t('lines.total')}: ${fmt.money(linesAmount(values.map(v => ({ ...v, unitPrice: v.unitPrice ?? byId.get(v.productId)?.listPrice }))), ctx.opp.currency)}`;
  };
  const add = line => {
    const product = h('select', { class: 'line-product', 'aria-label': t('lines.product'), onChange: refresh },
      h('option', { value: '' }, t('lines.pick')),
      choosable.map(p => h('option', { value: p.id, selected: p.id === line?.productId }, `${p.code} · ${p.name} (${p.family})`)));
    const number = (cls, label, value, step) => h('input', { type: 'number', class: cls, 'aria-label': label, placeholder: label, step, min: 0, value: value ?? '', onInput: refresh });
    const quantity = number('line-quantity', t('lines.quantity'), line?.quantity ?? 1, 'any');
    const unitPrice = number('line-price', t('lines.unitPrice'), line?.unitPrice, '0.01');
    unitPrice.title = t('lines.listPriceHint');
    const discount = number('line-discount', t('lines.discountPct'), line?.discountPct ?? 0, '0.01');
    const entry = {
      read: () => ({
        productId: product.value || null,
        quantity: quantity.value === '' ? null : Number(quantity.value),
        unitPrice: unitPrice.value === '' ? null : Number(unitPrice.value),
        discountPct: discount.value === '' ? null : Number(discount.value),
      }),
    };
    const row = h('div', { class: 'line-row' }, product, quantity, unitPrice, discount,
      h('button', { type: 'button', class: 'link small', onClick: () => { entries.splice(entries.indexOf(entry), 1); row.remove(); refresh(); } }, t('lines.remove')));
    entries.push(entry);
    rows.append(row);
    refresh();
  };
  (ctx.opp.lines ?? []).forEach(add);

  const save = async () => {
    try {
      await ctx.patch({ lines: entries.map(e => e.read()).filter(l => l.productId) });
    } catch (error) {
      ctx.fail(error);
    }
  };
  return h('div', { class: 'lines-editor' }, rows, total,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'secondary', id: 'add-line', onClick: () => add(null) }, t('lines.add')),
      h('button', { type: 'button', class: 'primary', id: 'save-lines', onClick: save }, t('lines.save'))));
}

export function linesCard(ctx) {
  const lines = ctx.opp.lines ?? [];
  const shown = lines.length ? table([
    { title: t('lines.product'), render: l => h('span', null, h('strong', null, l.code), ' ', l.name, h('div', { class: 'muted small' }, l.family)) },
    { title: t('lines.quantity'), align: 'right', render: l => `${Number(l.quantity)} ${l.unit}` },
    { title: t('lines.unitPrice'), align: 'right', render: l => fmt.money(l.unitPrice, ctx.opp.currency) },
    { title: t('lines.discountPct'), align: 'right', render: l => `${Number(l.discountPct)}%` },
    { title: t('lines.amount'), align: 'right', render: l => h('span', { class: 'line-amount' }, fmt.money(l.amount, ctx.opp.currency)) },
  ], lines) : empty(t('lines.none'));
  const slot = h('div');
  if (ctx.writable) {
    apiAll('/api/products', {}, 500).then(products => mount(slot, editor(ctx, products)), error => mount(slot, h('p', { class: 'inline-error' }, error.message)));
  }
  return h('section', { class: 'card lines-card', id: 'lines-card' }, h('h2', null, t('lines.title')), shown, slot);
}
