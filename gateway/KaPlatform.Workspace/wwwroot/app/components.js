// Building blocks the pages share: badges, panels, tables, tabs, forms and dialogs.
import { h, mount } from './dom.js';
import { t, label, fmt, daysFromToday } from './i18n.js';
import { ApiError } from './api.js';

export function classBadge(cls) {
  return cls
    ? h('span', { class: `badge class-${cls}`, title: `${t('common.class')} ${cls}`, dataset: { class: cls } }, cls)
    : h('span', { class: 'badge class-none' }, '–');
}

export function bandBadge(band, score) {
  if (!band) return h('span', { class: 'badge band-none' }, '—');
  return h('span', { class: `badge band-${band}`, dataset: { band } },
    label('band', band), score !== undefined && score !== null ? ` ${fmt.number(score)}` : null);
}

export function statusBadge(group, value, tone) {
  return h('span', { class: ['badge', 'status', `status-${value}`, tone && `tone-${tone}`] }, label(group, value));
}

/** "12 days left" / "3 days overdue", highlighted when close or past. */
export function deadline(date, { warnWithin = 7 } = {}) {
  const days = daysFromToday(date);
  if (days === null) return h('span', null, '—');
  const text = days === 0 ? t('common.dueToday')
    : days === 1 ? t('common.dayLeft')
      : days === -1 ? t('common.dayOverdue')
        : days > 0 ? t('common.daysLeft', { days }) : t('common.daysOverdue', { days: -days });
  const tone = days < 0 ? 'danger' : days <= warnWithin ? 'warn' : 'muted';
  return h('span', { class: `deadline tone-${tone}` }, fmt.date(date), ' · ', text);
}

export function loading() {
  return h('div', { class: 'loading', role: 'status' }, t('common.loading'));
}

/** A readable refusal or failure, never a blank page; `retry` re-runs what failed. */
export function errorPanel(error, retry) {
  const message = error instanceof ApiError ? error.message : t('error.server', { status: error?.message ?? '?' });
  const details = error instanceof ApiError && error.errors
    ? h('ul', { class: 'field-errors' }, Object.entries(error.errors).map(([field, msgs]) => h('li', null, `${field}: ${[].concat(msgs).join(' ')}`)))
    : null;
  return h('div', { class: 'error-panel', role: 'alert' },
    h('strong', null, t('error.title')), h('p', null, message), details,
    retry ? h('button', { type: 'button', class: 'secondary', onClick: retry }, t('common.retry')) : null);
}

/**
 * Fills `container` from an async `build(reload)`: its content, or an error panel with "try again" when it fails, so
 * one refused or slow call never blanks a page. Returns `reload`, which runs it again (resolving when drawn).
 */
export function loadInto(container, build) {
  const reload = async () => {
    try {
      mount(container, await build(reload));
    } catch (error) {
      console.error(error);
      mount(container, errorPanel(error, reload));
    }
  };
  return reload;
}

/**
 * A region that loads its own content, the one way the workspace does it: "loading", then what `build(reload, body)`
 * returns, or an error panel with "try again", so one slow or refused call never blanks a page. Returns the element;
 * `el.reload()` draws it again (resolving when drawn). With a `title` or `actions` it is a card with a heading
 * (`section.card`, content in `.section-body`); `tag` and the other options (id, class, dataset) go on the element.
 */
export function selfLoading({ title, actions, tag, ...attrs }, build) {
  const card = title !== undefined || actions !== undefined;
  const body = card ? h('div', { class: 'section-body' }, loading()) : null;
  const el = card
    ? h(tag ?? 'section', { ...attrs, class: ['card', attrs.class] },
      h('div', { class: 'section-head' }, title ? h('h2', null, title) : null, actions ? h('div', { class: 'actions' }, actions) : null), body)
    : h(tag ?? 'div', attrs, loading());
  const target = body ?? el;
  el.reload = loadInto(target, reload => build(reload, target));
  el.reload();
  return el;
}

export function empty(text = t('common.empty')) {
  return h('p', { class: 'empty' }, text);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...children);
}

export function kpi(title, value, sub, tone) {
  return h('div', { class: ['kpi', tone && `tone-${tone}`] },
    h('div', { class: 'kpi-label' }, title), h('div', { class: 'kpi-value' }, value), sub ? h('div', { class: 'kpi-sub' }, sub) : null);
}

/**
 * columns: [{title, render(row) | key, align: 'right', className}], rows: [...]
 * options: {onRowClick(row), rowClass(row), caption}
 * Each cell carries its column title as data-label: a narrow screen can draw the rows as cards (responsive.css).
 */
export function table(columns, rows, options = {}) {
  if (!rows.length) return empty(options.emptyText);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    options.caption ? h('caption', null, options.caption) : null,
    h('thead', null, h('tr', null, columns.map(c => h('th', { class: c.align === 'right' ? 'num' : null }, c.title)))),
    h('tbody', null, rows.map(row => h('tr', {
      class: [options.onRowClick && 'clickable', options.rowClass?.(row)],
      onClick: options.onRowClick ? () => options.onRowClick(row) : null,
    }, columns.map(c => h('td', { class: [c.align === 'right' && 'num', c.className], 'data-label': typeof c.title === 'string' ? c.title : '' },
      c.render ? c.render(row) : row[c.key])))))));
}

/** tabs([{id, title}], activeId, id => '#/...') */
export function tabs(items, active, hrefFor) {
  return h('nav', { class: 'tabs', role: 'tablist' }, items.map(item =>
    h('a', { href: hrefFor(item.id), role: 'tab', class: item.id === active ? 'active' : null, 'aria-selected': item.id === active ? 'true' : 'false', dataset: { tab: item.id } }, item.title)));
}

export function pageHeader(title, ...actions) {
  return h('header', { class: 'page-header' }, h('h1', null, title), h('div', { class: 'actions' }, ...actions));
}

/**
 * A form from field specs: [{name, label, type: text|number|date|textarea|select|checkbox, options: [[value, label]],
 * required, value, step, min, max, placeholder}]. Returns {element, values(), showErrors(apiError)}.
 */
export function form(fields, { onSubmit, submitLabel = t('common.save'), onCancel } = {}) {
  const inputs = new Map();
  const errorSlots = new Map();
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const rows = fields.map(f => {
    let input;
    const common = { name: f.name, id: `f-${f.name}`, required: !!f.required, placeholder: f.placeholder ?? null };
    if (f.type === 'select') {
      input = h('select', common, (f.required ? [] : [h('option', { value: '' }, '—')]).concat(
        f.options.map(([value, text]) => h('option', { value, selected: String(f.value ?? '') === String(value) }, text))));
    } else if (f.type === 'textarea') {
      input = h('textarea', { ...common, rows: f.rows ?? 3 }, f.value ?? '');
    } else if (f.type === 'checkbox') {
      input = h('input', { ...common, type: 'checkbox', checked: !!f.value });
    } else if (f.type === 'multi') {
      input = h('div', { class: 'multi', id: common.id }, f.options.map(([value, text]) =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: f.name, value, checked: (f.value ?? []).includes(value) }), text)));
    } else {
      input = h('input', { ...common, type: f.type ?? 'text', value: f.value ?? '', step: f.step ?? null, min: f.min ?? null, max: f.max ?? null });
    }
    inputs.set(f.name, { input, spec: f });
    const slot = h('div', { class: 'field-error' });
    errorSlots.set(f.name.toLowerCase(), slot);
    return h('div', { class: ['field', f.wide && 'wide'] }, h('label', { for: common.id }, f.label), input, f.hint ? h('small', null, f.hint) : null, slot);
  });

  const values = () => {
    const out = {};
    for (const [name, { input, spec }] of inputs) {
      if (spec.type === 'checkbox') out[name] = input.checked;
      else if (spec.type === 'multi') out[name] = [...input.querySelectorAll('input:checked')].map(i => i.value);
      else if (spec.type === 'number') out[name] = input.value === '' ? null : Number(input.value);
      else out[name] = input.value.trim() === '' ? null : input.value.trim();
    }
    return out;
  };

  const showErrors = error => {
    errorSlots.forEach(slot => slot.replaceChildren());
    formError.replaceChildren();
    if (error instanceof ApiError && error.errors) {
      for (const [field, msgs] of Object.entries(error.errors)) {
        const slot = errorSlots.get(field.toLowerCase().split(/[.[]/)[0]);
        (slot ?? formError).append(h('div', null, [].concat(msgs).join(' ')));
      }
    }
    formError.prepend(h('div', null, error?.message ?? String(error)));
    // A long form in a dialog on a phone scrolls: bring the first complaint to the middle, or it sits unseen below.
    ([...errorSlots.values()].find(slot => slot.childElementCount) ?? formError).scrollIntoView({ block: 'center' });
  };

  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const element = h('form', {
    class: 'form', novalidate: true,
    onSubmit: async event => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await onSubmit?.(values());
      } catch (error) {
        showErrors(error);
      } finally {
        submit.disabled = false;
      }
    },
  }, h('div', { class: 'fields' }, rows), formError,
  h('div', { class: 'form-actions' }, submit, onCancel ? h('button', { type: 'button', class: 'secondary', onClick: onCancel }, t('common.cancel')) : null));
  return { element, values, showErrors };
}

/** A modal dialog holding a form; resolves after onSubmit succeeds (the dialog closes) or on cancel. */
export function formDialog(title, fields, onSubmit, options = {}) {
  return new Promise(resolve => {
    const dialog = h('dialog', { class: 'dialog' });
    const close = result => { dialog.close(); dialog.remove(); resolve(result); };
    const f = form(fields, {
      submitLabel: options.submitLabel ?? t('common.save'),
      onCancel: () => close(null),
      onSubmit: async values => close(await onSubmit(values) ?? true),
    });
    dialog.append(h('h2', null, title), f.element);
    dialog.addEventListener('cancel', () => close(null));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Brief confirmation at the bottom of the screen; the latest replaces any still showing (they would sit on top of each other). */
export function toast(message, tone = 'ok') {
  clearToasts();
  const el = h('div', { class: `toast tone-${tone}`, role: 'status' }, message);
  document.body.append(el);
  setTimeout(() => el.remove(), 4000);
}

export function clearToasts() {
  document.querySelectorAll('.toast').forEach(el => el.remove());
}

/** Options for a select from an enum group: enumOptions('stage', ['initiation', ...]). */
export function enumOptions(group, values) {
  return values.map(v => [v, label(group, v)]);
}

/** Runs an async handler from a button; failures go to `onError` (a toast by default), never an unhandled rejection. */
export function safely(fn, onError) {
  return async event => {
    const button = event?.currentTarget;
    if (button) button.disabled = true;
    try {
      await fn(event);
    } catch (error) {
      console.error(error);
      onError?.(error);
    } finally {
      if (button) button.disabled = false;
    }
  };
}
