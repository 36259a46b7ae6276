// What the customer-success sections share: who may write, readable refusals, and the health bands of many accounts.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { api, ApiError } from '../../api.js';
import { hasRole } from '../../session.js';

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
const FALLBACK = 40;

/**
 * Current health of many accounts: {map: Map(accountId → {score, band, computedAt}), note}. Uses
 * GET /api/success/health?accountId=…; a platform without it gets the first accounts one by one (and a note).
 */
export async function healthOfMany(ids) {
  const map = new Map();
  if (!ids.length) return { map, note: null };
  try {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const result = await api('/api/success/health', { query: { accountId: ids.slice(i, i + CHUNK) } });
      result.items.forEach(item => map.set(item.accountId, item));
    }
    return { map, note: null };
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) throw error;
  }

  const first = ids.slice(0, FALLBACK);
  let next = 0;
  const worker = async () => {
    while (next < first.length) {
      const id = first[next++];
      try {
        const health = await api(`/api/success/accounts/${id}/health`);
        map.set(id, { accountId: id, score: health.score, band: health.band, computedAt: health.computedAt });
      } catch {
        // not scored or not visible here: the row simply shows no band
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { map, note: t('success.health.bulkMissing', { count: first.length }) };
}

/** Small stars for a 1–5 rating, with the number for screen readers and tests. */
export function stars(n) {
  return h('span', { class: 'stars', title: `${n}/5`, 'aria-label': `${n}/5` }, '★'.repeat(n), h('span', { class: 'stars-off' }, '★'.repeat(Math.max(0, 5 - n))));
}
