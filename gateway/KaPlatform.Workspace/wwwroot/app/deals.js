// The deal vocabulary the Pipeline, Opportunity and Account 360 pages and the decision-chain parts share: account and
// opportunity names by id, periods, stage, threat and bid badges, and how a refusal reads.
import { h } from './dom.js';
import { t, label, fmt, today, locale, isoDate } from './i18n.js';
import { api, apiAll, ApiError, idempotencyKey } from './api.js';
import { hasRole, SALES_ROLES } from './session.js';
import { defineStrings } from './common.js';
import { deadline } from './components.js';

defineStrings({
  'bids.documentsDone': ['{done} / {total} done', '已完成 {done} / {total}'],
  'pipeline.accountUnknown': ['Account {id}', '客户 {id}'],
  'pipeline.deals': ['{count} deals', '{count} 个商机'],
  'pipeline.deal': ['1 deal', '1 个商机'],
  'pipeline.known': ['Known', '已掌握'],
  'pipeline.unknown': ['Unknown', '未掌握'],
  'pipeline.passed': ['Passed', '通过'],
  'pipeline.failed': ['Not met', '未满足'],
  'pipeline.required': ['Required.', '必填。'],
});

/** Who may change leads, opportunities and bids (opportunities-api Access.Sellers); others only read. */
export const canWrite = () => hasRole(...SALES_ROLES);
/** A known person who can own deals (the owner filter, a new deal's owner, the iron-triangle team). */
export const isSeller = person => SALES_ROLES.includes(person.role);
/** Who looks at other people's numbers: the owner filter and the owner field of a new deal. */
export const isManager = () => hasRole('admin', 'sales_director');
/** Who sees other sellers' numbers (the forecast is not narrowed to their own deals): the owner filter is theirs. */
export const seesOthers = () => hasRole('admin', 'sales_director', 'finance');

export const OPEN_STAGES = ['initiation', 'solution_design', 'deep_engagement', 'product_confirmation', 'commercial_negotiation', 'signing'];
export const ALL_STAGES = [...OPEN_STAGES, 'won', 'lost'];
export const TYPES = ['new_business', 'renewal', 'expansion'];
export const TEAM_ROLES = ['business', 'technical', 'delivery'];
export const INFO_POINTS = ['advance_steps', 'buying_process', 'org_support', 'decision_structure', 'funding_credit',
  'project_reason', 'resources', 'competition', 'key_success_factors'];
export const isOpen = stage => OPEN_STAGES.includes(stage);
export const stageRank = stage => (stage === 'won' ? OPEN_STAGES.length : OPEN_STAGES.indexOf(stage));

// Names of accounts by id, shared by both pages for the life of the tab (names change rarely; a reload refreshes them).
const accountNames = new Map();
let accountListLoaded = null;

/** The visible accounts (for pickers), at most 500; also fills the name cache. */
export async function visibleAccounts() {
  accountListLoaded ??= apiAll('/api/accounts', {}, 500).then(items => {
    items.forEach(a => accountNames.set(a.id, a.name));
    return items;
  }).catch(error => {
    accountListLoaded = null;
    throw error;
  });
  return accountListLoaded;
}

/** Resolves names for the given account ids: the cached list first, then one lookup per missing id. */
export async function resolveAccounts(ids) {
  const missing = [...new Set(ids.filter(id => id && !accountNames.has(id)))];
  if (!missing.length) return accountNames;
  if (missing.length > 5) {
    try { await visibleAccounts(); } catch { /* fall through to single lookups */ }
  }
  await Promise.all(missing.filter(id => !accountNames.has(id)).map(async id => {
    for (const path of [`/api/accounts/${id}`, `/api/opportunities/accounts/${id}`]) {
      try {
        const account = await api(path);
        if (account?.name) { accountNames.set(id, account.name); return; }
      } catch { /* try the next source */ }
    }
  }));
  return accountNames;
}

/** "1 deal" / "3 deals". */
export function dealCount(count) {
  return count === 1 ? t('pipeline.deal') : t('pipeline.deals', { count });
}

export function accountName(id) {
  return accountNames.get(id) ?? t('pipeline.accountUnknown', { id: String(id ?? '').slice(0, 8) });
}

export function accountLink(id) {
  return h('a', { href: `#/accounts/${id}`, class: 'account-link' }, accountName(id));
}

const opportunityNames = new Map();

export function rememberOpportunities(items) {
  items.forEach(o => opportunityNames.set(o.id, o.name));
}

export async function resolveOpportunities(ids) {
  const missing = [...new Set(ids.filter(id => id && !opportunityNames.has(id)))];
  await Promise.all(missing.map(async id => {
    try {
      const o = await api(`/api/opportunities/${id}`);
      opportunityNames.set(id, o.name);
    } catch { /* shown by id */ }
  }));
  return opportunityNames;
}

export function opportunityLink(id) {
  return h('a', { href: `#/opportunities/${id}`, class: 'opportunity-link' }, opportunityNames.get(id) ?? String(id).slice(0, 8));
}

export function stageBadge(stage) {
  return h('span', { class: ['badge', 'stage-badge', `stage-${stage}`], dataset: { stage } }, label('stage', stage));
}

export const THREAT_TONE = { high: 'danger', medium: 'warn', low: 'ok' };

export function threatBadge(threat) {
  return h('span', { class: ['badge', 'threat', `tone-${THREAT_TONE[threat] ?? 'muted'}`], dataset: { threat } }, label('level', threat));
}

/** ✓ / ✗ with a readable word for screen readers and tests. */
export function check(ok, yes = t('pipeline.passed'), no = t('pipeline.failed')) {
  return h('span', { class: ['check-mark', ok ? 'tone-ok' : 'tone-danger'], dataset: { passed: String(!!ok) }, title: ok ? yes : no },
    ok ? '✓' : '✗', h('span', { class: 'sr-only' }, ok ? yes : no));
}

/** The planning periods offered: this year, this/next/last quarter, next year. */
export function periodChoices(date = today()) {
  const year = Number(date.slice(0, 4));
  const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  const q = (y, n) => (n > 4 ? `${y + 1}-Q${n - 4}` : n < 1 ? `${y - 1}-Q${n + 4}` : `${y}-Q${n}`);
  return [
    { value: String(year), key: 'pipeline.period.thisYear' },
    { value: q(year, quarter), key: 'pipeline.period.thisQuarter' },
    { value: q(year, quarter + 1), key: 'pipeline.period.nextQuarter' },
    { value: q(year, quarter - 1), key: 'pipeline.period.lastQuarter' },
    { value: String(year - 1), key: 'pipeline.period.lastYear' },
  ];
}

/** The last day of the current quarter, as YYYY-MM-DD (a sensible default close date). */
export function endOfQuarter(date = today()) {
  const year = Number(date.slice(0, 4));
  const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return isoDate(new Date(year, quarter * 3, 0));
}

/** An instant as the local YYYY-MM-DD (for components.deadline). */
export function localDate(instant) {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? null : isoDate(d);
}

/**
 * A create (POST) for one dialog: one Idempotency-Key for every submit of it, so a double click or a retry after a
 * timeout creates one record. A refused submit frees its key in the service, so the corrected form may reuse it.
 */
export function creator(path) {
  const key = idempotencyKey();
  return body => api(path, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
}

/** Throws a 400-shaped ApiError naming the empty required fields, so the form marks them before anything is sent. */
export function requireFields(values, names) {
  const missing = names.filter(n => values[n] === null || values[n] === undefined || values[n] === '' || Number.isNaN(values[n]));
  if (missing.length) throw new ApiError(400, t('error.invalid'), { errors: Object.fromEntries(missing.map(n => [n, [t('pipeline.required')]])) });
  return values;
}

/** Joins a list the way the locale writes one: 、 or ； in Chinese, commas or semicolons in English. */
export function joinList(items, { strong = false } = {}) {
  const zh = locale() === 'zh-CN';
  return items.join(strong ? (zh ? '；' : '; ') : (zh ? '、' : ', '));
}

export function money(amount, currency) {
  return fmt.money(amount, currency || 'CNY');
}

/** A 404 as the page itself: what was asked for is not there or not visible, with a way back. */
export function notFoundPanel(backHref, backText) {
  return h('div', { class: 'error-panel not-found', role: 'alert' },
    h('strong', null, t('error.notFound')), h('p', null, h('a', { href: backHref }, backText)));
}

export const isNotFound = error => error instanceof ApiError && error.status === 404;

/** The readable lines of a failure: the message, plus field errors when the API named fields. */
export function errorLines(error) {
  const lines = [error?.message ?? String(error)];
  if (error instanceof ApiError && error.errors) {
    for (const [field, msgs] of Object.entries(error.errors)) lines.push(`${field}: ${[].concat(msgs).join(' ')}`);
  }
  return lines;
}

export function documentsDone(bid) {
  const total = bid.documents?.length ?? 0;
  const done = bid.documents?.filter(d => d.status === 'done').length ?? 0;
  const tone = total === 0 ? 'muted' : done === total ? 'ok' : 'warn';
  return h('span', { class: ['docs-count', `tone-${tone}`], dataset: { done: String(done), total: String(total) } },
    t('bids.documentsDone', { done, total }));
}

/** The submission deadline: highlighted while the bid is still being prepared, a plain date and time afterwards. */
export function bidDeadline(bid) {
  const time = new Date(bid.submissionDeadline);
  const clock = Number.isNaN(time.getTime()) ? '' : time.toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit' });
  if (bid.status !== 'preparing') return h('span', { class: 'muted' }, fmt.dateTime(bid.submissionDeadline));
  return h('span', { class: 'bid-deadline' }, deadline(localDate(bid.submissionDeadline)), h('span', { class: 'muted small' }, ` ${clock}`));
}
