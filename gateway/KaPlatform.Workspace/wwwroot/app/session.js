// The signed-in user: the bearer token and what it says about its holder. Kept per browser tab (sessionStorage), so
// closing the tab signs out and two tabs can act as two users, which is how people compare what each role sees.
const KEY = 'ka.session';

/** The sales side of docs/product.md §6: the roles every service lets work on accounts, deals and contracts they may see. */
export const SALES_ROLES = ['admin', 'sales_director', 'key_account_manager', 'sales_rep'];

function decodePayload(token) {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

const asList = value => (Array.isArray(value) ? value : value ? [value] : []);

/** Reads the claims the platform uses (docs/product.md §6); throws on something that is not a token. */
export function describe(token) {
  const claims = decodePayload(token.trim());
  const roles = [...asList(claims.role), ...asList(claims.roles),
    ...asList(claims['http://schemas.microsoft.com/ws/2008/06/identity/claims/role'])];
  return {
    id: claims.sub,
    name: claims.name ?? claims.preferred_username ?? claims.sub,
    roles: [...new Set(roles)],
    region: claims.region ?? null,
    expiresAt: claims.exp ? claims.exp * 1000 : null,
  };
}

/** Keeps the token; `known` is the platform's own view of the person (POST /api/users/me) when there is one. */
export function signIn(token, known) {
  const claims = describe(token);
  const user = known ? { ...known, expiresAt: claims.expiresAt } : claims;
  sessionStorage.setItem(KEY, JSON.stringify({ token: token.trim(), user }));
  return user;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The session, or null when none or expired. */
export function current() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const session = JSON.parse(raw);
  if (session.user.expiresAt && session.user.expiresAt < Date.now()) {
    signOut();
    return null;
  }
  return session;
}

export function hasRole(...roles) {
  const session = current();
  return !!session && roles.some(r => session.user.roles.includes(r));
}

export function userId() {
  return current()?.user.id ?? null;
}
