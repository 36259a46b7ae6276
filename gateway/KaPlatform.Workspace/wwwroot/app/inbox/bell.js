// The notification bell of the top bar: the unread count (re-read on every page and once a minute) and a panel with
// the newest notifications, each a link to its record; opening one marks it read. The panel is a disclosure
// (aria-expanded), closed by Escape or a tap outside, and on a phone it is a full-width sheet under the top bar.
import { h, s, mount } from '../dom.js';
import { t, fmt } from '../i18n.js';
import { api } from '../api.js';
import { notificationText, notificationHref } from './render.js';
import { digestSetting } from './digest.js';

const POLL_MS = 60_000;
let timer = null;

const bellButton = () => document.getElementById('inbox-bell');
const panel = () => document.getElementById('inbox-panel');

function showCount(count) {
  const button = bellButton();
  if (!button) return;
  const badge = button.querySelector('.inbox-count');
  badge.textContent = count > 99 ? '99+' : String(count);
  badge.hidden = count === 0;
  button.dataset.unread = String(count);
  button.setAttribute('aria-label', count ? t('inbox.bellCount', { count }) : t('inbox.bell'));
}

async function refreshCount() {
  try {
    showCount((await api('/api/success/notifications/unread-count')).unread);
  } catch {
    // A role without success access, or a network blip: the bell stays as it was; the next page retries.
  }
}

function setOpen(open) {
  const button = bellButton();
  if (!button) return;
  button.setAttribute('aria-expanded', String(open));
  panel()?.remove();
  if (open) {
    const sheet = h('section', { class: 'inbox-panel', id: 'inbox-panel', 'aria-label': t('inbox.title') });
    button.closest('.inbox')?.append(sheet);
    fill(sheet);
  }
}

async function fill(sheet) {
  mount(sheet, h('p', { class: 'muted inbox-loading' }, '…'));
  let page;
  try {
    page = await api('/api/success/notifications', { query: { limit: 20 } });
  } catch (error) {
    return mount(sheet, h('p', { class: 'error' }, t('inbox.failed', { message: error.message })));
  }
  const items = page.items;
  mount(sheet,
    h('header', { class: 'inbox-head' },
      h('h2', null, t('inbox.title')),
      h('button', {
        type: 'button', class: 'link', id: 'inbox-read-all', disabled: !items.some(n => !n.read),
        onClick: async () => { showCount((await api('/api/success/notifications/read-all', { method: 'POST' })).unread); fill(sheet); },
      }, t('inbox.markAllRead')),
      h('button', { type: 'button', class: 'link inbox-close', 'aria-label': t('inbox.close'), onClick: () => { setOpen(false); bellButton()?.focus(); } }, '×')),
    items.length === 0 ? h('p', { class: 'muted inbox-empty' }, t('inbox.none')) : h('ul', { class: 'inbox-list' }, items.map(item)),
    digestSetting());
}

function item(n) {
  return h('li', { class: ['inbox-item', n.read ? 'read' : 'unread'], dataset: { kind: n.kind, id: n.id } },
    h('a', {
      href: notificationHref(n),
      // No closing here: a link taken out of the page does not navigate. The shell redraws the top bar on navigation.
      onClick: async () => {
        if (location.hash === notificationHref(n)) setOpen(false);
        if (!n.read) showCount((await api(`/api/success/notifications/${n.id}/read`, { method: 'POST' })).unread);
      },
    },
    n.read ? null : h('span', { class: 'inbox-dot', title: t('inbox.unread') }),
    h('span', { class: 'inbox-text' }, notificationText(n)),
    h('time', { class: 'muted', datetime: n.createdAt }, fmt.dateTime(n.createdAt))));
}

document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && panel()) {
    setOpen(false);
    bellButton()?.focus();
  }
});
document.addEventListener('pointerdown', event => {
  if (panel() && !event.target.closest?.('.inbox')) setOpen(false);
});

/** The bell for a signed-in user's top bar. */
export function bell() {
  const button = h('button', {
    type: 'button', class: 'inbox-bell', id: 'inbox-bell', 'aria-expanded': 'false', 'aria-controls': 'inbox-panel', 'aria-label': t('inbox.bell'),
    onClick: () => setOpen(button.getAttribute('aria-expanded') !== 'true'),
  },
  s('svg', { class: 'inbox-icon', viewBox: '0 0 24 24', width: '20', height: '20', 'aria-hidden': 'true' },
    s('path', { d: 'M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linejoin': 'round' })),
  h('span', { class: 'inbox-count', hidden: true }, '0'));
  queueMicrotask(refreshCount);
  clearInterval(timer);
  timer = setInterval(refreshCount, POLL_MS);
  return h('div', { class: 'inbox' }, button);
}
