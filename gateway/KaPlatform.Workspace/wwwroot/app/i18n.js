// Strings and number/money/date formatting for English and Simplified Chinese. Each page registers its own strings
// (register({en: {...}, 'zh-CN': {...}})); common.js holds the shared ones and the labels of docs/product.md's enum values.
const LOCALE_KEY = 'ka.locale';
export const LOCALES = ['zh-CN', 'en'];
const dictionaries = { en: {}, 'zh-CN': {} };
const listeners = new Set();

export function register(dicts) {
  for (const [locale, entries] of Object.entries(dicts)) Object.assign(dictionaries[locale] ??= {}, entries);
}

export function locale() {
  const stored = localStorage.getItem(LOCALE_KEY);
  if (LOCALES.includes(stored)) return stored;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLocale(value) {
  localStorage.setItem(LOCALE_KEY, value);
  document.documentElement.lang = value;
  listeners.forEach(fn => fn(value));
}

export function onLocaleChange(fn) {
  listeners.add(fn);
}

/** t('accounts.title') or t('forecast.gapOf', {amount}) — falls back to English, then to the key itself. */
export function t(key, params) {
  const text = dictionaries[locale()][key] ?? dictionaries.en[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`)) : text;
}

/** The label of an enum value of docs/product.md, e.g. label('stage', 'deep_engagement'); unknown values show as they are. */
export function label(group, value) {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${group}.${value}`;
  return dictionaries[locale()][key] ?? dictionaries.en[key] ?? String(value);
}

const num = v => (v === null || v === undefined || v === '' ? null : Number(v));

export const fmt = {
  /** Money as the locale writes it: ¥1,234,567.00 in Chinese, CN¥1,234,567.00 in English. */
  money(amount, currency = 'CNY') {
    const n = num(amount);
    if (n === null || Number.isNaN(n)) return '—';
    try {
      return new Intl.NumberFormat(locale(), { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
    } catch {
      return `${fmt.number(n, 2)} ${currency}`;
    }
  },
  /** Short money for charts and tiles: ¥1234.6万 / CN¥12.35M. */
  moneyShort(amount, currency = 'CNY') {
    const n = num(amount);
    if (n === null || Number.isNaN(n)) return '—';
    try {
      return new Intl.NumberFormat(locale(), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 2 }).format(n);
    } catch {
      return fmt.money(n, currency);
    }
  },
  number(value, digits = 0) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '—';
    return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  },
  /** A ratio 0..1 as a percentage. */
  ratio(value, digits = 0) {
    const n = num(value);
    if (n === null || Number.isNaN(n)) return '—';
    return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  },
  /** A value already in percent (0..100). */
  percent(value, digits = 0) {
    const n = num(value);
    return n === null || Number.isNaN(n) ? '—' : fmt.ratio(n / 100, digits);
  },
  /** 'YYYY-MM-DD' or an ISO instant → the locale's date. Date-only values are not shifted by time zones. */
  date(value) {
    if (!value) return '—';
    const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
    return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
  },
  dateTime(value) {
    if (!value) return '—';
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  },
};

const pad2 = n => String(n).padStart(2, '0');

/** A Date as YYYY-MM-DD in local time (what date inputs and the API's dates use). */
export function isoDate(d) {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** A Date as YYYY-MM-DDTHH:mm in local time (what datetime-local inputs use). */
export function isoDateTimeLocal(d) {
  return `${isoDate(d)}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Today as YYYY-MM-DD in local time. */
export function today() {
  return isoDate(new Date());
}

/** Whole days from today to a YYYY-MM-DD date (negative when past). */
export function daysFromToday(date) {
  if (!date) return null;
  const target = new Date(`${String(date).slice(0, 10)}T00:00:00`);
  const now = new Date(`${today()}T00:00:00`);
  return Math.round((target - now) / 86400000);
}
