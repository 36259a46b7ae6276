// Sign-in through the organisation's OpenID Connect provider (or the bundled development one): authorization code
// with PKCE by oidc-client-ts, tokens kept per tab like the rest of the session, renewed with the refresh token
// before they expire, and sign-out ending the provider's session too. Used only when /workspace/config names a provider.
import { signIn, signOut, current } from '../session.js';
import { rememberPeople } from '../people.js';

let manager = null;

function loadLibrary() {
  if (globalThis.oidc) return Promise.resolve(globalThis.oidc);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/app/vendor/oidc-client-ts.min.js';
    script.onload = () => resolve(globalThis.oidc);
    script.onerror = () => reject(new Error('oidc-client-ts could not be loaded'));
    document.head.append(script);
  });
}

async function userManager(config) {
  if (manager) return manager;
  const lib = await loadLibrary();
  const home = `${location.origin}/`;
  manager = new lib.UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: home,
    post_logout_redirect_uri: home,
    response_type: 'code',
    userStore: new lib.WebStorageStateStore({ store: sessionStorage }),
    stateStore: new lib.WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    monitorSession: false,
    loadUserInfo: false,
  });
  // A renewed token replaces the session's; if renewal fails, the next 401 sends the person to sign in again.
  manager.events.addUserLoaded(user => { if (current()) adopt(user.access_token); });
  return manager;
}

/** The platform's view of the person (its UUID, even for a provider subject that is not one), recorded in the directory. */
async function adopt(accessToken) {
  signIn(accessToken);
  try {
    const response = await fetch('/api/users/me', { method: 'POST', headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
    if (response.ok) {
      const me = await response.json();
      signIn(accessToken, { id: me.id, name: me.name, roles: me.roles ?? [], region: me.region ?? null });
    }
  } catch {
    // The directory is a convenience: the token alone still signs the person in.
  }
  await loadDirectory();
}

/** Names for the ids on screen (owners, team members), from the platform's user directory. */
export async function loadDirectory() {
  const session = current();
  if (!session) return;
  try {
    const response = await fetch('/api/users?limit=500', { headers: { Authorization: `Bearer ${session.token}`, Accept: 'application/json' } });
    if (!response.ok) return;
    const page = await response.json();
    rememberPeople(page.items.map(u => ({ userId: u.id, name: u.name, role: u.roles?.[0] ?? null, region: u.region })));
  } catch {
    // Without the directory ids show as "User 1a2b…", as before.
  }
}

/** Off to the provider; `next` is where to land afterwards. */
export async function startSignIn(config, next) {
  const mgr = await userManager(config);
  await mgr.signinRedirect({ state: { next: next ?? '/accounts' } });
}

/** On the way back from the provider (?code=…&state=…): finishes the exchange and returns the page to show, else null. */
export async function completeSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!config.oidc || !params.has('state') || !(params.has('code') || params.has('error'))) return null;
  const mgr = await userManager(config);
  history.replaceState(null, '', '/');
  try {
    const user = await mgr.signinRedirectCallback(`${location.origin}/?${params}`);
    await adopt(user.access_token);
    return user.state?.next ?? '/accounts';
  } catch (error) {
    console.error(error);
    return '/sign-in?failed=1';
  }
}

/** Ends the session here and at the provider (which sends the browser back to the workspace). */
export async function endSession(config) {
  signOut();
  if (!config.oidc) return false;
  const mgr = await userManager(config);
  const user = await mgr.getUser();
  await mgr.removeUser();
  await mgr.signoutRedirect({ id_token_hint: user?.id_token });
  return true;
}
