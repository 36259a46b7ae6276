// The customer-success vocabulary (the Success page, and health bands on the accounts list): who may write, readable refusals, and the health bands of many accounts.
import { h } from './dom.js';
import { t } from './i18n.js';
import { api, ApiError } from './api.js';
import { hasRole } from './session.js';

/** success-api's SuccessAccess.Writers: finance reads, never writes. */
export const canWrite = () => hasRole('admin', 'cs_manager', 'key_account_manager', 'sales_rep', 'sales_director');

/** A 403 on a read says in plain words that the role has no access here. */
export function explain(error) {
  if (error instanceof ApiError && error.status === 403) return new ApiError(403, t('success.forbidden'), error.problem);
  return error;
}

export const BAND_ORDER = { at_risk: 0, watch: 1, healthy: 2 };
export const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 };
export const SEVERITY_TONE = { critical: 'danger', high: 'danger', medium: 'warn', low: 'info' };

export const bandOf = score => (score >= 70 ? 'healthy' : score >= 40 ? 'watch' : 'at_risk');

const CHUNK = 100; // 100 ids keep the URL well inside the server's 8 KB request line

/** Current health of many accounts (GET /api/success/health?accountId=…): Map(accountId → {score, band, computedAt}). */
export async function healthOfMany(ids) {
  const map = new Map();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await api('/api/success/health', { query: { accountId: ids.slice(i, i + CHUNK) } });
    result.items.forEach(item => map.set(item.accountId, item));
  }
  return map;
}

/** Small stars for a 1–5 rating, with the number for screen readers and tests. */
export function stars(n) {
  return h('span', { class: 'stars', title: `${n}/5`, 'aria-label': `${n}/5` }, '★'.repeat(n), h('span', { class: 'stars-off' }, '★'.repeat(Math.max(0, 5 - n))));
}
