// The shell: boots the configuration, draws the top bar and routes #/paths to page modules.
import './common.js';
import './pages/portfolio/strings.js';
import { h, mount } from './dom.js';
import { t, label, locale, setLocale, onLocaleChange, LOCALES } from './i18n.js';
import { current, hasRole, SALES_ROLES as SALES } from './session.js';
import { rememberPeople } from './people.js';
import { loading, errorPanel, clearToasts } from './components.js';
import { completeSignIn, endSession, loadDirectory } from './auth/oidc.js';
import { menuButton } from './phone/menu.js';
import { bell } from './inbox/bell.js';
import { searchBox } from './search/globalSearch.js';

/** Which roles see which area in the menu; the API still decides what each call returns. */
const NAV = [
  { id: 'accounts', href: '#/accounts', roles: [...SALES, 'finance', 'cs_manager'] },
  { id: 'pipeline', href: '#/pipeline', roles: SALES },
  { id: 'collections', href: '#/collections', roles: [...SALES, 'finance'] },
  { id: 'success', href: '#/success', roles: [...SALES, 'cs_manager'] },
  { id: 'portfolio', href: '#/portfolio', roles: ['admin', 'sales_director', 'key_account_manager', 'sales_rep'] },
  { id: 'products', href: '#/products', roles: [...SALES, 'finance'] },
];

const ROUTES = [
  { pattern: /^\/sign-in$/, load: () => import('./pages/signin/page.js'), public: true },
  { pattern: /^\/accounts$/, nav: 'accounts', load: () => import('./pages/accounts/page.js') },
  { pattern: /^\/accounts\/(?<id>[0-9a-f-]{36})$/i, nav: 'accounts', load: () => import('./pages/account360/page.js') },
  { pattern: /^\/pipeline$/, nav: 'pipeline', load: () => import('./pages/pipeline/page.js') },
  { pattern: /^\/opportunities\/(?<id>[0-9a-f-]{36})$/i, nav: 'pipeline', load: () => import('./pages/opportunity/page.js') },
  { pattern: /^\/collections$/, nav: 'collections', load: () => import('./pages/collections/page.js') },
  { pattern: /^\/contracts\/(?<id>[0-9a-f-]{36})$/i, nav: 'collections', load: () => import('./pages/contract/page.js') },
  { pattern: /^\/success$/, nav: 'success', load: () => import('./pages/success/page.js') },
  { pattern: /^\/portfolio$/, nav: 'portfolio', load: () => import('./pages/portfolio/page.js') },
  { pattern: /^\/products$/, nav: 'products', load: () => import('./pages/products/page.js') },
];

export const config = { devTokens: false, demoUsers: [], oidc: null };

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

/** navigate('/accounts/…', {tab: 'plan'}) */
export function navigate(path, query) {
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString() : '';
  location.hash = `#${path}${search ? `?${search}` : ''}`;
}

function topBar(active) {
  const session = current();
  const user = session?.user;
  return h('header', { class: 'topbar' },
    user ? menuButton() : null,
    h('a', { class: 'brand', href: '#/accounts' }, h('span', { class: 'logo' }, 'KA'), h('span', { class: 'brand-name' }, t('app.name'))),
    user ? h('nav', { class: 'main-nav', id: 'main-nav' }, NAV.filter(n => hasRole(...n.roles)).map(n =>
      h('a', { href: n.href, class: n.id === active ? 'active' : null, dataset: { nav: n.id } }, t(`nav.${n.id}`)))) : h('span', { class: 'main-nav' }),
    h('div', { class: 'topbar-right' },
      user ? searchBox() : null,
      user ? bell() : null,
      h('label', { class: 'locale' }, h('span', { class: 'sr-only' }, t('nav.language')),
        h('select', { id: 'locale-switch', 'aria-label': t('nav.language'), onChange: e => setLocale(e.target.value) },
          LOCALES.map(l => h('option', { value: l, selected: l === locale() }, l === 'zh-CN' ? '中文' : 'English')))),
      user ? h('span', { class: 'user', id: 'current-user', title: user.id },
        h('strong', null, user.name), h('span', { class: 'user-roles' }, ' · ', user.roles.map(r => label('role', r)).join(', '), user.region ? ` · ${user.region}` : '')) : null,
      user ? h('button', { type: 'button', class: 'link', id: 'sign-out', onClick: async () => { if (!await endSession(config)) navigate('/sign-in'); } }, t('nav.signOut')) : null));
}

let renderCount = 0;

async function render() {
  const mine = ++renderCount;
  // A dialog belongs to the page that opened it: leaving the page closes it.
  document.querySelectorAll('dialog.dialog').forEach(d => { d.close(); d.remove(); });
  const { path, query } = parseHash();
  const root = document.getElementById('app');
  if (path === '/' || path === '') return navigate(current() ? '/accounts' : '/sign-in');

  const route = ROUTES.find(r => r.pattern.test(path));
  if (!route?.public && !current()) return navigate('/sign-in', { next: path });

  const main = h('main', { class: 'page', id: 'page' }, loading());
  mount(root, topBar(route?.nav), main);
  document.documentElement.lang = locale();
  if (!route) return mount(main, errorPanel(new Error(t('error.pageMissing'))));

  const ctx = { params: route.pattern.exec(path).groups ?? {}, query, navigate, refresh: render, config };
  try {
    const page = (await route.load()).default;
    const content = await page.render(ctx);
    if (mine === renderCount) mount(main, content);
  } catch (error) {
    console.error(error);
    if (mine === renderCount) mount(main, errorPanel(error, render));
  }
}

async function boot() {
  try {
    const response = await fetch('/workspace/config', { headers: { Accept: 'application/json' } });
    if (response.ok) Object.assign(config, await response.json());
  } catch {
    // The sign-in screen still takes a pasted token when the configuration cannot be read.
  }
  rememberPeople(config.demoUsers);
  const landing = await completeSignIn(config);
  if (landing) location.hash = `#${landing}`;
  else if (current()) await loadDirectory();
  window.addEventListener('hashchange', render);
  onLocaleChange(render);
  // A confirmation was written in the language it was asked in: after a switch it would be the one line left in the other.
  onLocaleChange(clearToasts);
  await render();
}

boot();
