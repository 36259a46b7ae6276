// "Visit log" and "Log a visit" one tap away on Account 360 and on an opportunity: key-account managers log a visit
// from the car park between two customers. "Log a visit" opens the account's visit log with the form already open
// (#/accounts/{id}?tab=visits&log=1); the visits tab drops log=1 from the address once the form is shown.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { defineStrings } from '../common.js';
import { hasRole, SALES_ROLES } from '../session.js';

defineStrings({
  'visits.shortcut.log': ['Log a visit', '记录拜访'],
  'visits.shortcut.list': ['Visit log', '拜访记录'],
});

export function visitShortcuts(accountId) {
  if (!accountId) return null;
  const base = `#/accounts/${accountId}?tab=visits`;
  return h('div', { class: 'visit-shortcuts', id: 'visit-shortcuts' },
    h('a', { class: 'button secondary', id: 'shortcut-visit-log', href: base }, t('visits.shortcut.list')),
    hasRole(...SALES_ROLES) ? h('a', { class: 'button primary', id: 'shortcut-log-visit', href: `${base}&log=1` }, t('visits.shortcut.log')) : null);
}

/** On the visits tab: opens the "log a visit" form when the address asks for it, once, then forgets the request. */
export function openLogFormIfAsked(env, logButton) {
  if (env.query.log !== '1' || !logButton) return;
  const params = new URLSearchParams({ tab: 'visits' });
  if (env.query.q) params.set('q', env.query.q);
  history.replaceState(null, '', `#/accounts/${env.id}?${params}`);
  // After the shell has put the tab in the page, so focus returns to the button when the dialog closes.
  setTimeout(() => logButton.click(), 0);
}
