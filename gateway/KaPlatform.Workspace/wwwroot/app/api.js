// Every call to the platform goes through here: the token is attached, and any failure becomes an ApiError whose
// message a person can read (problem details' detail/title, field errors, or a plain sentence per status).
import { current, signOut } from './session.js';
import { t } from './i18n.js';
import { localizedErrors, problemMessage } from './texts.js';

export class ApiError extends Error {
  constructor(status, message, problem = {}) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.code = problem.code ?? null;
    // Field errors in the reader's language (from fieldErrors' code + params; docs/product.md §0).
    this.errors = localizedErrors(problem);
  }
}

export function messageFor(status, problem) {
  switch (status) {
    case 401: return t('error.unauthorized');
    case 403: return problemMessage(problem, t('error.forbidden'));
    case 404: return t('error.notFound');
    case 409: case 412: return t('error.conflict');
    case 413: return t('error.tooLarge');
    case 429: return t('error.rateLimited');
    // A service or its database is down or busy for a moment: say so and whether trying again is safe, not "server error".
    case 503: case 504: return problemMessage(problem, t('error.server', { status }));
    default:
      if (status >= 500) return t('error.server', { status });
      if (status === 400 && problem.errors) return t('error.invalid');
      return problemMessage(problem, t('error.server', { status }));
  }
}

function url(path, query) {
  const u = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) u.searchParams.append(key, v);
  }
  return u.pathname + u.search;
}

/** api('/api/accounts', {query: {q}}) or api(path, {method: 'POST', body}). Resolves to the parsed JSON (or null). */
export async function api(path, { method = 'GET', body, query, headers = {} } = {}) {
  const session = current();
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(url(path, query), init);
  } catch {
    throw new ApiError(0, t('error.network'));
  }

  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }

  if (!response.ok) {
    if (response.status === 401 && session) {
      signOut();
      location.hash = '#/sign-in?expired=1';
    }
    throw new ApiError(response.status, messageFor(response.status, data ?? {}), data ?? {});
  }

  return data;
}

/** Follows nextCursor until `max` items are read (lists are keyset-paged; docs/product.md §0). */
export async function apiAll(path, query = {}, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(path, { query: { ...query, limit: Math.min(500, max - items.length), cursor } });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Fresh Idempotency-Key for a create: a double click or a retry after a timeout creates one record, not two. */
/**
 * The If-Match header for a write to a record as it was read: its version is its ETag (ServiceDefaults
 * Concurrency.ETag), so a change made meanwhile by someone else is refused with 412 instead of overwritten.
 * A record read without a version sends none.
 */
export const ifMatch = record => (record?.version !== undefined && record?.version !== null ? { 'If-Match': `"${record.version}"` } : {});

/** The answer to a write whose If-Match named an older version: someone changed the record since it was read. */
export const isVersionConflict = error => error instanceof ApiError && error.status === 412;

export function idempotencyKey() {
  return crypto.randomUUID();
}
