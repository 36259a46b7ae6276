// Small helpers the collections and customer-success pages share (dates and self-loading sections).
import { h, mount } from '../../dom.js';
import { loading, loadInto } from '../../components.js';
import { hasRole, SALES_ROLES } from '../../session.js';
import { isoDate } from '../../i18n.js';

/** contracts-api's role rules (ContractAccess): money = payments and invoices; follow-ups = sales side and finance. */
export const canMoney = () => hasRole('admin', 'finance');
export const canFollowUp = () => hasRole(...SALES_ROLES, 'finance');

/** 'YYYY-MM-DD' plus n days (n may be negative), in local calendar terms. */
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** First and last day of a calendar quarter: quarterRange(2026, 4) → ['2026-10-01', '2026-12-31']. */
export function quarterRange(year, quarter) {
  const start = new Date(year, (quarter - 1) * 3, 1);
  const end = new Date(year, quarter * 3, 0);
  return [isoDate(start), isoDate(end)];
}

/** The quarter containing a date, and the n quarters before it: [{year, quarter}] oldest first. */
export function lastQuarters(date, n) {
  const d = new Date(`${date}T00:00:00`);
  let year = d.getFullYear();
  let quarter = Math.floor(d.getMonth() / 3) + 1;
  const out = [];
  for (let i = 0; i < n; i++) {
    out.unshift({ year, quarter });
    quarter -= 1;
    if (quarter === 0) { quarter = 4; year -= 1; }
  }
  return out;
}

/**
 * A card that loads its own content: the page never waits for (or fails because of) one slow or refused call.
 * load(body) returns the content (Node or array); reload() runs it again. Any failure shows an error panel with retry.
 */
export function selfLoading(attrs, title, load, { actions } = {}) {
  const body = h('div', { class: 'section-body' }, loading());
  const head = h('div', { class: 'section-head' }, title ? h('h2', null, title) : null, actions ? h('div', { class: 'actions' }, actions) : null);
  const el = h('section', { class: ['card', attrs.class], id: attrs.id, dataset: attrs.dataset }, head, body);
  const draw = loadInto(body, rerun => load(body, rerun));
  const reload = () => {
    mount(body, loading());
    return draw();
  };
  el.reload = reload;
  reload();
  return el;
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
