// Calendar arithmetic on 'YYYY-MM-DD' dates (local calendar terms): the collections and revenue views' periods.
import { isoDate } from './i18n.js';

/** 'YYYY-MM-DD' plus n days (n may be negative), in local calendar terms. */
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** First and last day of a calendar quarter: quarterRange(2026, 4) → ['2026-10-01', '2026-12-31']. */
export function quarterRange(year, quarter) {
  const start = new Date(year, (quarter - 1) * 3, 1);
  const end = new Date(year, quarter * 3, 0);
  return [isoDate(start), isoDate(end)];
}

/** The quarter containing a date, and the n quarters before it: [{year, quarter}] oldest first. */
export function lastQuarters(date, n) {
  const d = new Date(`${date}T00:00:00`);
  let year = d.getFullYear();
  let quarter = Math.floor(d.getMonth() / 3) + 1;
  const out = [];
  for (let i = 0; i < n; i++) {
    out.unshift({ year, quarter });
    quarter -= 1;
    if (quarter === 0) { quarter = 4; year -= 1; }
  }
  return out;
}
