// SHA-256 of a document the user picks, computed in the browser: the evidence chain records the fingerprint, the file
// itself never leaves the user's computer (contracts and delivery notes stay in the company's document system).
import { mount } from '../../dom.js';
import { t } from '../../i18n.js';

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Wires the open dialog's `file` input to its `sha256` field. Returns `ready()`, which the submit awaits so a quick
 * click never sends the evidence without the hash of the file that was chosen.
 */
export function hashFileInto(dialog) {
  const file = dialog.querySelector('input[name=file]');
  const sha = dialog.querySelector('input[name=sha256]');
  const hint = file?.parentElement.querySelector('small');
  let pending = Promise.resolve();
  if (!file || !sha) return () => pending;
  sha.readOnly = true;
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    sha.value = '';
    if (!chosen) return;
    if (!globalThis.crypto?.subtle) {
      if (hint) mount(hint, t('contract.evidence.noCrypto'));
      return;
    }
    if (hint) mount(hint, t('contract.evidence.hashing'));
    pending = sha256Hex(chosen).then(hex => {
      sha.value = hex;
      if (hint) mount(hint, chosen.name);
    });
  });
  return () => pending;
}

/** The evidence fields every form shares: reference, note, the file and its SHA-256. */
export function evidenceFields() {
  return [
    { name: 'reference', label: t('contract.evidence.reference'), required: true },
    { name: 'note', label: t('contract.evidence.note'), type: 'textarea', rows: 2, wide: true },
    { name: 'file', label: t('contract.evidence.file'), type: 'file', wide: true, hint: '\u00a0' },
    { name: 'sha256', label: t('contract.evidence.sha'), wide: true },
  ];
}

/** The dialog formDialog just opened. */
export const lastDialog = () => [...document.querySelectorAll('dialog.dialog')].at(-1);
