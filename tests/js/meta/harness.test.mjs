// Checks the test harness itself: tests run with loopback only, and the Release build is where tests expect it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { dllPath } from '../lib/dotnet-process.mjs';

test('test traffic cannot leave loopback (test.sh runs tests in a loopback-only namespace as root)', { skip: process.getuid?.() !== 0 || process.env.VIBEZ_NO_NETNS === '1' ? 'not root: no namespace' : false }, () => {
  const external = Object.values(networkInterfaces()).flat().filter((a) => !a.internal);
  assert.deepEqual(external, []);
});

test('the server build exists', () => {
  assert.ok(dllPath('src/VibezLive.Server'));
});
