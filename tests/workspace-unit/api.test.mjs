// The If-Match header every optimistic write sends (app/api.js ifMatch): the version the page read, as the ETag the
// services compare (ServiceDefaults Concurrency.ETag); no header for a record read without a version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './browser-globals.mjs';
import { ApiError, ifMatch, isVersionConflict } from '../../gateway/KaPlatform.Workspace/wwwroot/app/api.js';

test('a record with a version names it as a quoted ETag, version 0 included', () => {
  assert.deepEqual(ifMatch({ id: 'x', version: 7 }), { 'If-Match': '"7"' });
  assert.deepEqual(ifMatch({ version: 0 }), { 'If-Match': '"0"' });
});

test('a record without a version, or none at all, sends no If-Match', () => {
  assert.deepEqual(ifMatch({ id: 'x' }), {});
  assert.deepEqual(ifMatch({ version: null }), {});
  assert.deepEqual(ifMatch(null), {});
  assert.deepEqual(ifMatch(undefined), {});
});

test('only a 412 from the platform is a version conflict', () => {
  assert.equal(isVersionConflict(new ApiError(412, 'changed', { code: 'version_conflict' })), true);
  assert.equal(isVersionConflict(new ApiError(409, 'conflict')), false);
  assert.equal(isVersionConflict(Object.assign(new Error('x'), { status: 412 })), false);
  assert.equal(isVersionConflict(undefined), false);
});
