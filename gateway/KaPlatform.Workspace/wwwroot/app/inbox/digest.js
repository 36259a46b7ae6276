// The daily-digest choice at the foot of the notification panel, stored per user by success-api.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

export function digestSetting() {
  const box = h('input', { type: 'checkbox', id: 'inbox-digest', disabled: true });
  const hour = h('span', { class: 'muted' });
  const row = h('label', { class: 'inbox-digest' }, box, h('span', null, t('inbox.digest')), hour);
  api('/api/success/notifications/settings').then(settings => {
    box.checked = settings.dailyDigest;
    box.disabled = false;
    hour.textContent = ` ${t('inbox.digestHour', { hour: settings.digestHour })}`;
    box.addEventListener('change', async () => {
      box.disabled = true;
      try {
        const saved = await api('/api/success/notifications/settings', { method: 'PUT', body: { dailyDigest: box.checked, digestHour: settings.digestHour } });
        box.checked = saved.dailyDigest;
      } catch {
        box.checked = !box.checked;
      } finally {
        box.disabled = false;
      }
    });
  }).catch(() => row.remove());
  return row;
}
