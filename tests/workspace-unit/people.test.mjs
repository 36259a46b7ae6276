// Names for user ids (app/people.js): the platform itself, the people the directory told us about, and the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocale } from './browser-globals.mjs';
import { personName, rememberPeople } from '../../gateway/KaPlatform.Workspace/wwwroot/app/people.js';
import '../../gateway/KaPlatform.Workspace/wwwroot/app/common.js';

test('the empty uuid is the platform itself, a known id its name, an unknown one a short id', () => {
  useLocale('zh-CN');
  assert.equal(personName('00000000-0000-0000-0000-000000000000'), '系统');
  rememberPeople([{ userId: 'd0000000-0000-4000-8000-000000000003', name: '张静 Zhang Jing' }]);
  assert.equal(personName('d0000000-0000-4000-8000-000000000003'), '张静 Zhang Jing');
  assert.equal(personName('1a2b3c4d-0000-4000-8000-000000000009'), '用户 1a2b3c4d');
  assert.equal(personName(null), '—');
  useLocale('en');
  assert.equal(personName('00000000-0000-0000-0000-000000000000'), 'System');
});
