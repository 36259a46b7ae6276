// Server-made texts rendered from code + params in the reader's language (app/texts.js, app/inbox/render.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocale } from './browser-globals.mjs';
import { serverText, fieldMessage, localizedErrors, problemMessage } from '../../gateway/KaPlatform.Workspace/wwwroot/app/texts.js';
import { notificationText, notificationHref } from '../../gateway/KaPlatform.Workspace/wwwroot/app/inbox/render.js';
import '../../gateway/KaPlatform.Workspace/wwwroot/app/common.js';
import { messageFor } from '../../gateway/KaPlatform.Workspace/wwwroot/app/api.js';

const hasLatinWord = s => /[A-Za-z]{3,}/.test(s);

test('a stuck-deal reason is rendered from its params, with the stage label, in Chinese', () => {
  useLocale('zh-CN');
  const text = serverText('over_stage_norm', { stage: 'deep_engagement', daysInStage: 52, normDays: 45 }, '52 days in deep_engagement; the norm is 45 days.');
  assert.equal(text, '已在深度交流阶段停留 52 天，标准为 45 天。');
  useLocale('en');
  assert.equal(serverText('over_stage_norm', { stage: 'deep_engagement', daysInStage: 52, normDays: 45 }, 'x'), '52 days in Deep engagement; the norm is 45 days.');
});

test('an unknown code falls back to the English the server sent, or to the given placeholder in Chinese', () => {
  useLocale('en');
  assert.equal(serverText('no_such_code', {}, 'Server sentence.'), 'Server sentence.');
  useLocale('zh-CN');
  assert.equal(serverText('no_such_code', {}, 'Server sentence.', '（无说明）'), '（无说明）');
});

test('field errors and refusals speak the reader language and never show raw English in Chinese', () => {
  useLocale('zh-CN');
  const problem = { errors: { name: ['is required.'] }, fieldErrors: [{ field: 'name', code: 'required', params: {}, message: 'is required.' }] };
  const errors = localizedErrors(problem);
  assert.deepEqual(Object.keys(errors), ['name']);
  assert.ok(!hasLatinWord(errors.name[0]), errors.name[0]);
  assert.ok(!hasLatinWord(fieldMessage({ code: 'something_new', params: {}, message: 'Some new rule.' })));
  assert.deepEqual(localizedErrors({ errors: { amount: ['must be positive'] } }), { amount: ['该值无效。'] });
  assert.ok(!hasLatinWord(problemMessage({ code: 'unknown_stakeholder' }, 'x')));
  useLocale('en');
  assert.equal(fieldMessage({ code: 'something_new', params: {}, message: 'Some new rule.' }), 'Some new rule.');
  assert.equal(problemMessage({ code: 'brand_new', detail: 'Detail in English.' }, 'x'), 'Detail in English.');
});

test('every notification kind reads in Chinese without a raw code, and links to its record', () => {
  useLocale('zh-CN');
  const id = '0192f0c4-0000-7000-8000-000000000001';
  const notices = [
    { kind: 'bid_due', params: { accountName: '杭州地铁', opportunityName: '信号系统', tenderRef: 'ZB-8', deadline: '2026-12-08T01:30:00Z' }, link: { kind: 'opportunity', id } },
    { kind: 'deal_stuck', params: { accountName: '宁波银行', opportunityName: '核心系统', stage: 'solution_design', daysInStage: 40, normDays: 30, reasons: ['over_stage_norm'] }, link: { kind: 'opportunity', id } },
    { kind: 'deal_stuck', params: { accountName: '宁波银行', opportunityName: '核心系统', stage: 'signing', overdueTasks: 2, reasons: ['overdue_task'] }, link: { kind: 'opportunity', id } },
    { kind: 'plan_review_due', params: { accountName: '浙江移动', fiscalYear: 2026, quarter: 4, dueDate: '2026-12-31' }, link: { kind: 'account', id } },
    { kind: 'target_changed', params: { period: '2027', amount: 6000000, previousAmount: 5000000, currency: 'CNY', reason: '区域新增大客户' }, link: { kind: 'target', id } },
    { kind: 'target_changed', params: { period: '2027-Q1', amount: 1000000, previousAmount: null, currency: 'CNY', productFamily: '云网' }, link: { kind: 'target', id } },
    { kind: 'milestone_overdue', params: { accountName: '上海银行', contractNumber: '', amount: 300000, currency: 'CNY', days: 30, dueDate: '2026-10-01' }, link: { kind: 'contract', id } },
    { kind: 'daily_digest', params: { date: '2026-12-02', total: 3, byKind: { bid_due: 1, milestone_overdue: 2 } }, link: { kind: 'inbox', id } },
  ];
  for (const n of notices) {
    const text = notificationText(n);
    assert.ok(text.length > 8, `${n.kind}: ${text}`);
    assert.ok(!hasLatinWord(text.replace(/ZB-\d+/g, '')), `${n.kind} has English: ${text}`);
  }
  assert.match(notificationText(notices[0]), /截止/);
  assert.match(notificationText(notices[4]), /¥5,000,000\.00.*¥6,000,000\.00/);
  assert.match(notificationText(notices[7]), /投标截止 1 · 逾期回款 2/);
  assert.equal(notificationHref(notices[0]), `#/opportunities/${id}`);
  assert.equal(notificationHref(notices[3]), `#/accounts/${id}`);
  assert.equal(notificationHref(notices[4]), '#/pipeline');
});

test('a database outage reads as "try again", in both languages, and a plain 500 stays a server error', () => {
  useLocale('zh-CN');
  const outage = messageFor(503, { code: 'database_unavailable', detail: 'The database is unavailable for the moment.' });
  assert.ok(outage.includes('重试') && !hasLatinWord(outage), outage);
  assert.ok(messageFor(503, { code: 'database_busy' }).includes('重试'));
  assert.ok(!hasLatinWord(messageFor(503, { code: 'service_unavailable', params: { service: 'contracts-api' } })));
  assert.ok(messageFor(504, { code: 'service_timeout' }).includes('刷新'));
  useLocale('en');
  assert.match(messageFor(503, { code: 'database_unavailable' }), /Try again in a few seconds/);
  assert.doesNotMatch(messageFor(500, { code: 'server_error', detail: 'NullReferenceException at …' }), /NullReference/);
});
