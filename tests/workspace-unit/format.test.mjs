// Money, numbers, dates and enum labels as a zh-CN and an English reader see them (app/i18n.js, app/texts.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocale } from './browser-globals.mjs';
import { fmt, isoDate, label, t, daysFromToday, today } from '../../gateway/KaPlatform.Workspace/wwwroot/app/i18n.js';
import { moneySummary } from '../../gateway/KaPlatform.Workspace/wwwroot/app/texts.js';
import '../../gateway/KaPlatform.Workspace/wwwroot/app/common.js';

test('money is grouped with the currency sign of the reader', () => {
  useLocale('zh-CN');
  assert.equal(fmt.money(1060000, 'CNY'), '¥1,060,000.00');
  assert.equal(fmt.money('1060000.00'), '¥1,060,000.00');
  useLocale('en');
  assert.equal(fmt.money(1060000, 'CNY'), 'CN¥1,060,000.00');
  assert.match(fmt.money(2500, 'USD'), /^\$2,500\.00$/);
  assert.equal(fmt.money(null), '—');
  assert.equal(fmt.money('not a number'), '—');
});

test('summaries read in 万 for a Chinese reader from 10万 up and in millions for an English one, exact below', () => {
  useLocale('zh-CN');
  assert.equal(moneySummary(777_000), '¥77.7万');
  assert.equal(moneySummary(120_000_000), '¥12,000万');
  assert.equal(moneySummary(99_999), '¥99,999.00');
  useLocale('en');
  assert.equal(moneySummary(777_000), 'CN¥777,000.00');
  assert.equal(moneySummary(30_850_000), 'CN¥30.85M');
  assert.equal(moneySummary(-14_150_000), '-CN¥14.15M');
  assert.equal(moneySummary(1_250_000_000, 'USD'), '$1.25B');
  assert.equal(moneySummary(undefined), '—');
});

test('dates: a date-only value is not shifted by the time zone, and isoDate is local', () => {
  useLocale('zh-CN');
  assert.equal(fmt.date('2026-12-31'), '2026年12月31日');
  useLocale('en');
  assert.equal(fmt.date('2026-12-31'), 'Dec 31, 2026');
  assert.equal(fmt.date(''), '—');
  assert.equal(isoDate(new Date(2026, 0, 5)), '2026-01-05');
});

test('days from today count whole days either way', () => {
  assert.equal(daysFromToday(today()), 0);
  const d = new Date();
  d.setDate(d.getDate() + 10);
  assert.equal(daysFromToday(isoDate(d)), 10);
  d.setDate(d.getDate() - 25);
  assert.equal(daysFromToday(isoDate(d)), -15);
  assert.equal(daysFromToday(null), null);
});

test('enum values have a label in both languages; an unknown one shows as it is', () => {
  useLocale('zh-CN');
  assert.equal(label('stage', 'solution_design'), '方案设计');
  useLocale('en');
  assert.equal(label('stage', 'solution_design'), 'Solution design');
  assert.equal(label('stage', 'no_such_stage'), 'no_such_stage');
  assert.equal(label('stage', null), '—');
  assert.equal(t('no.such.key'), 'no.such.key');
});
