// The phone shell: below the navigation breakpoint (responsive.css) the main menu folds behind a menu button. The
// button is a real <button> with aria-expanded/aria-controls, so it works with a keyboard and screen readers; Escape
// or a tap outside closes the menu, and following a link closes it too (the shell redraws the top bar on navigation).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { defineStrings } from '../common.js';

defineStrings({
  'nav.menu': ['Menu', '菜单'],
  'nav.closeMenu': ['Close menu', '关闭菜单'],
});

const toggle = () => document.getElementById('menu-toggle');

function setOpen(button, open) {
  button.closest('.topbar')?.classList.toggle('nav-open', open);
  button.setAttribute('aria-expanded', String(open));
  button.setAttribute('aria-label', open ? t('nav.closeMenu') : t('nav.menu'));
}

// Registered once for the page's life: the shell replaces the top bar (and its button) on every navigation.
document.addEventListener('keydown', event => {
  const button = toggle();
  if (event.key === 'Escape' && button?.getAttribute('aria-expanded') === 'true') {
    setOpen(button, false);
    button.focus();
  }
});
document.addEventListener('pointerdown', event => {
  const button = toggle();
  if (button?.getAttribute('aria-expanded') === 'true' && !button.closest('.topbar')?.contains(event.target)) setOpen(button, false);
});

/** The menu button for a top bar whose navigation element has id `main-nav`. */
export function menuButton() {
  const button = h('button', {
    type: 'button', class: 'menu-toggle', id: 'menu-toggle', 'aria-controls': 'main-nav', 'aria-expanded': 'false',
    'aria-label': t('nav.menu'),
    onClick: () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      setOpen(button, open);
      if (open) button.closest('.topbar')?.querySelector('#main-nav a')?.focus();
    },
  }, h('span', { class: 'menu-icon', 'aria-hidden': 'true' }), h('span', { class: 'menu-label' }, t('nav.menu')));
  return button;
}
