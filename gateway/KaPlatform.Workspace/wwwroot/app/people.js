// Names for user ids. The platform keeps no user directory (identities come from the identity provider's tokens), so
// the workspace knows the people it was told about at sign-in (the demo users locally) and the signed-in user.
import { current } from './session.js';
import { t } from './i18n.js';

const known = new Map();

export function rememberPeople(users) {
  for (const user of users ?? []) known.set(user.userId, user);
}

export function knownPeople() {
  return [...known.values()];
}

// Changes the platform makes itself (scans, consumers) are recorded under the empty uuid.
const SYSTEM = '00000000-0000-0000-0000-000000000000';

export function personName(id) {
  if (!id) return '—';
  if (id === SYSTEM) return t('common.systemUser');
  const session = current();
  if (session && session.user.id === id) return session.user.name;
  return known.get(id)?.name ?? t('common.unknownUser', { id: String(id).slice(0, 8) });
}
