// Asks the three services' search endpoints in parallel (docs/search.md) and orders their groups as the list shows
// them. An area the caller's role cannot search (a 403) or that fails simply contributes no group.
import { api } from '../api.js';
import { label, fmt } from '../i18n.js';

const SOURCES = ['/api/accounts/search', '/api/opportunities/search', '/api/contracts/search'];
export const KIND_ORDER = ['account', 'stakeholder', 'visit', 'opportunity', 'bid', 'contract'];
const PER_KIND = 5;

export async function searchEverywhere(q) {
  const answers = await Promise.allSettled(SOURCES.map(path => api(path, { query: { q, limit: PER_KIND } })));
  const groups = answers.filter(a => a.status === 'fulfilled').flatMap(a => a.value.groups).filter(g => g.items.length);
  groups.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return { groups, partial: answers.some(a => a.status === 'rejected' && a.reason?.status !== 403) };
}

const HREF = {
  account: hit => `#/accounts/${hit.id}`,
  stakeholder: hit => `#/accounts/${hit.accountId}?tab=power-map`,
  visit: hit => `#/accounts/${hit.accountId}?tab=visits`,
  opportunity: hit => `#/opportunities/${hit.id}`,
  bid: hit => `#/opportunities/${hit.id}`,
  contract: hit => `#/contracts/${hit.id}`,
};

export const hitHref = hit => HREF[hit.kind](hit);

/** The second line of a hit: its account, then what the kind adds (a stage, a visit date, a title), in the reader's language. */
export function hitDetail(hit) {
  const extra = {
    opportunity: () => label('stage', hit.subtitle),
    visit: () => (hit.subtitle ? fmt.date(hit.subtitle) : ''),
    account: () => '',
  }[hit.kind]?.() ?? hit.subtitle;
  return [hit.kind === 'account' ? hit.subtitle : hit.accountName, extra].filter(Boolean).join(' · ');
}
