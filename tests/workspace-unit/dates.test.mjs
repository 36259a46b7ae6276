// The periods the collections and revenue views ask for (app/dates.js): day and quarter arithmetic across month and
// year ends, in local calendar terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './browser-globals.mjs';
import { addDays, quarterRange, lastQuarters } from '../../gateway/KaPlatform.Workspace/wwwroot/app/dates.js';

test('addDays crosses month, year and leap-day boundaries both ways', () => {
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2027-01-01', -1), '2026-12-31');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2027-02-28', 1), '2027-03-01');
  assert.equal(addDays('2026-03-15', -45), '2026-01-29');
});

test('quarterRange gives the first and last day of each quarter', () => {
  assert.deepEqual(quarterRange(2026, 1), ['2026-01-01', '2026-03-31']);
  assert.deepEqual(quarterRange(2028, 1), ['2028-01-01', '2028-03-31']);
  assert.deepEqual(quarterRange(2026, 2), ['2026-04-01', '2026-06-30']);
  assert.deepEqual(quarterRange(2026, 4), ['2026-10-01', '2026-12-31']);
});

test('lastQuarters counts back across the year end, oldest first', () => {
  assert.deepEqual(lastQuarters('2026-02-10', 3), [{ year: 2025, quarter: 3 }, { year: 2025, quarter: 4 }, { year: 2026, quarter: 1 }]);
  assert.deepEqual(lastQuarters('2026-12-31', 1), [{ year: 2026, quarter: 4 }]);
  assert.deepEqual(lastQuarters('2026-07-01', 5).map(q => `${q.year}Q${q.quarter}`), ['2025Q3', '2025Q4', '2026Q1', '2026Q2', '2026Q3']);
});
