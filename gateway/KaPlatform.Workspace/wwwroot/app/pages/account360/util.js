// Helpers the Account 360 parts share: who may write what (mirrors accounts-api's AccountAccess), enum lists of docs/product.md
// order, error containment per card, and small text utilities for the SVG drawings.
import { h } from '../../dom.js';
import { hasRole, SALES_ROLES } from '../../session.js';
import { isoDateTimeLocal } from '../../i18n.js';
import { errorPanel } from '../../components.js';

/** AccountAccess.Writers: assessments, stakeholders, interactions. The API still refuses outside the caller's scope. */
export const canWrite = () => hasRole(...SALES_ROLES);
/** AccountAccess.PlanWriters: finance writes plans too (docs/product.md §6). */
export const canWritePlan = () => hasRole(...SALES_ROLES, 'finance');
/** ApprovePlan.Approvers. */
export const canApprove = () => hasRole('admin', 'sales_director');

export const STANCES = ['ally', 'supporter', 'neutral', 'skeptic', 'misunderstander', 'regressor', 'opponent'];
export const BUYING_ROLES = ['economic_buyer', 'decision_maker', 'technical_gatekeeper', 'user', 'purchasing', 'finance', 'coach', 'influencer'];
export const INTERACTION_KINDS = ['visit', 'hosted_visit', 'meeting', 'call', 'email', 'event'];
export const ACTION_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'];
export const CREDIT_RATINGS = ['A', 'B', 'C', 'D'];
export const LEVELS = ['high', 'medium', 'low'];

/** Stance colours: allies green, neutral grey, the doubters amber, opponents red. */
export const STANCE_COLORS = {
  ally: { stroke: '#1e7b34', fill: '#d4edda' },
  supporter: { stroke: '#4caf50', fill: '#e6f5e7' },
  neutral: { stroke: '#8a96a3', fill: '#eef1f4' },
  skeptic: { stroke: '#d9a400', fill: '#fff5d4' },
  misunderstander: { stroke: '#d98e04', fill: '#ffedcc' },
  regressor: { stroke: '#c8701e', fill: '#fde3cc' },
  opponent: { stroke: '#c2413b', fill: '#fbdcd9' },
};
export const stanceColor = stance => STANCE_COLORS[stance] ?? STANCE_COLORS.neutral;

/** The fiscal year is the calendar year (PlanActuals counts facts by their calendar year). */
export const currentFiscalYear = () => new Date().getFullYear();

/** Runs an async builder; a failure becomes an error panel in place (with "try again"), never a blank card. */
export async function orErrorPanel(build, retry) {
  try {
    return await build();
  } catch (error) {
    console.error(error);
    return errorPanel(error, retry);
  }
}

/** A definition list of [term, value] pairs; empty values show as —. */
export function facts(pairs, className = 'a360-facts') {
  return h('dl', { class: className }, pairs.filter(Boolean).map(([term, value, attrs]) => [
    h('dt', null, term),
    h('dd', attrs ?? null, value === null || value === undefined || value === '' ? '—' : value),
  ]));
}

/** Text with every case-insensitive occurrence of q wrapped in <mark> (as nodes, never HTML). */
export function highlight(text, q) {
  const value = String(text ?? '');
  const needle = (q ?? '').trim();
  if (!needle) return value;
  const lower = value.toLowerCase();
  const target = needle.toLowerCase();
  const out = [];
  let from = 0;
  for (let at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, from)) {
    if (at > from) out.push(value.slice(from, at));
    out.push(h('mark', null, value.slice(at, at + needle.length)));
    from = at + needle.length;
  }
  if (from < value.length) out.push(value.slice(from));
  return out;
}

/** Rough rendered width of a string: CJK and full-width characters take 1em, the rest about 0.58em. */
export function textWidth(text, fontSize) {
  let width = 0;
  for (const ch of String(text ?? '')) width += /[\u1100-\uffff]/.test(ch) ? fontSize : fontSize * 0.58;
  return width;
}

/** The text cut (with …) to fit maxWidth pixels at fontSize. */
export function fitText(text, maxWidth, fontSize) {
  const value = String(text ?? '');
  if (textWidth(value, fontSize) <= maxWidth) return value;
  let out = '';
  for (const ch of value) {
    if (textWidth(`${out}${ch}…`, fontSize) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}

/** "a, b; c" or one per line → ['a', 'b', 'c']. */
export function splitList(value, separators = /[\n,，;；、]+/) {
  return String(value ?? '').split(separators).map(v => v.trim()).filter(Boolean);
}

/** A datetime-local value for now (local time). */
export const nowLocalInput = () => isoDateTimeLocal(new Date());

