// Export of the list as shown (same filters and sort, every page) to CSV or XLSX: the file comes from the service's
// …/export route with the bearer token, so it is fetched and handed to the browser as a download.
import { h } from '../dom.js';
import { t, locale } from '../i18n.js';
import { current } from '../session.js';
import { ApiError } from '../api.js';
import { toast } from '../components.js';
import './strings.js';

const fileNameOf = response => {
  const header = response.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8) return decodeURIComponent(utf8[1]);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? 'export';
};

async function download(path, query, format) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries({ ...query, format, lang: locale() })) if (v !== '' && v !== null && v !== undefined) url.searchParams.set(k, v);
  const response = await fetch(url.pathname + url.search, { headers: { Authorization: `Bearer ${current()?.token}` } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.code === 'export_too_large'
      ? t('lists.tooLarge', { max: problem.params?.maxRows ?? 50000 }) : t('error.server', { status: response.status }), problem);
  }
  const name = fileNameOf(response);
  const link = h('a', { href: URL.createObjectURL(await response.blob()), download: name, hidden: true });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  toast(t('lists.exported', { name }));
}

/** Two buttons: CSV and XLSX of `path` with `query()` (the list's current filters and sort). */
export function exportButtons(id, path, query) {
  const button = (format, text) => h('button', {
    type: 'button', class: 'secondary', id: `${id}-export-${format}`,
    onClick: async event => {
      const el = event.currentTarget;
      el.disabled = true;
      try {
        await download(path, query(), format);
      } catch (error) {
        toast(error.message, 'danger');
      } finally {
        el.disabled = false;
      }
    },
  }, text);
  return h('span', { class: 'list-export' }, button('csv', t('lists.exportCsv')), button('xlsx', t('lists.exportXlsx')));
}
